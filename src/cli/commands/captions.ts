import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {captionPages} from '../../core/captions/caption-pages.ts';
import {formatCaptions, type CaptionFormat} from '../../core/captions/format-captions.ts';
import {narrationCaptions} from '../../core/captions/narration-captions.ts';
import {InvalidInputError} from '../../core/errors.ts';
import {resolveNarrationTimeline} from '../../core/resolve-narration-timeline.ts';
import {readProjectCompositions} from '../../node/project/read-project-compositions.ts';
import {readProjectManifest} from '../../node/store/read-manifest-file.ts';
import {defineCommand} from '../define-command.ts';
import {wholeNumberFlag} from '../flag-values.ts';
import {createProgress} from '../progress.ts';
import {ENTRY_POSITIONAL, PROJECT_FLAGS, projectFromFlags} from '../project-flags.ts';

const FORMATS: readonly CaptionFormat[] = ['srt', 'vtt', 'json'];
/** The frame rate `calculateNarrationMetadata` sets when a composition does not say (it always does). */
const FALLBACK_FPS = 30;

export const captionsCommand = defineCommand({
  name: 'captions',
  summary: 'Writes the narration\'s captions (SRT, WebVTT or word-level JSON) from the stored word timings, with no render.',
  usage: '[ENTRY] [options]',
  description: `Writes a composition's captions as a sidecar file from the word timings stored when its
audio was prepared: SubRip (srt), WebVTT (vtt), or the word-level Caption[] of
@remotion/captions (json). No render, no request. Every cue must have its audio (run prepare).
Chinese is written as it is in the cues: no spaces between characters, lines of at most 16
characters that never start with closing punctuation.`,
  positionals: ENTRY_POSITIONAL,
  flags: {
    ...PROJECT_FLAGS,
    format: {type: 'string', value: 'srt|vtt|json', description: 'The file format', default: 'srt, or from --out\'s extension'},
    out: {type: 'string', value: 'FILE', description: 'Where to write (default: standard output)'},
    'max-characters-per-line': {
      type: 'string',
      value: 'N',
      description: 'Longest caption line (srt, vtt), in columns: a Chinese character counts two',
      default: '42; 32, that is 16 Chinese characters, in a Chinese cue',
    },
  },
  examples: [
    'npx remotion-narration captions --composition Explainer --out out/explainer.srt',
    'npx remotion-narration captions --format vtt > captions.vtt',
    'npx remotion-narration captions --format json --out captions.json',
  ],
  run: async ({values, positionals, output}) => {
    const fromExtension = values.out ? (path.extname(values.out).slice(1).toLowerCase() as CaptionFormat) : undefined;
    const format = (values.format ?? (fromExtension && FORMATS.includes(fromExtension) ? fromExtension : 'srt')) as CaptionFormat;
    if (!FORMATS.includes(format)) {
      throw new InvalidInputError(`--format must be one of ${FORMATS.join(', ')}, but got "${values.format}".`);
    }
    const maxCharactersPerLine = wholeNumberFlag(values['max-characters-per-line'], '--max-characters-per-line', 10);
    // Progress goes to stderr: stdout may be the captions themselves.
    const progress = createProgress({output, verbose: false, json: true});
    const {compositions, publicDir} = await readProjectCompositions({...projectFromFlags({values, positionals}), onEvent: progress.onEvent});
    if (compositions.length === 0) {
      throw new InvalidInputError('No composition has a "narration" prop: there are no captions to write.');
    }
    if (compositions.length > 1) {
      throw new InvalidInputError(
        `Several compositions are narrated (${compositions.map((c) => c.id).join(', ')}): choose one with --composition.`,
      );
    }
    const [composition] = compositions;
    const manifest = await readProjectManifest({publicDir});
    const timeline = await resolveNarrationTimeline({
      narration: composition!.narration,
      manifest,
      // The composition's own rate: files start on its frames, so times depend on it.
      fps: composition!.fps ?? FALLBACK_FPS,
      compositionId: composition!.id,
      allowMissing: false,
    });
    const text = formatCaptions({pages: captionPages({timeline, maxCharactersPerLine}), captions: narrationCaptions(timeline), format});
    if (values.out) {
      await writeFile(values.out, text);
      output.err(`Wrote the captions of ${composition!.id} to ${values.out} (${format}).`);
    } else {
      output.out(text.trimEnd());
    }
    return 0;
  },
});
