import {compositionClips} from './composition-clips.ts';
import {AudioNotPreparedError} from './errors.ts';
import type {Manifest} from './manifest-schema.ts';
import {listFew} from './list-few.ts';
import type {Narration} from './narration-schema.ts';
import {clipFileForKey} from './narration-paths.ts';
import {buildTimeline, type ClipPlacement, type NarrationTimeline} from './timeline.ts';
import {quoteCueText} from './quote-cue-text.ts';

/**
 * The timeline of a narration from what prepare stored. Clips are looked up under the provider
 * the composition was last prepared with. With `allowMissing`, clips not generated yet get estimated lengths
 * (Studio preview, prepare's own planning); without it they are an error.
 * @throws AudioNotPreparedError listing every cue without audio.
 */
export const resolveNarrationTimeline = async ({
  narration,
  manifest,
  fps,
  compositionId,
  allowMissing,
}: {
  narration: Narration;
  manifest: Manifest;
  fps: number;
  compositionId: string;
  allowMissing: boolean;
}): Promise<NarrationTimeline> => {
  const cues = await compositionClips({manifest, compositionId, narration});
  const clips = cues.map(({clips: cueClipList}) =>
    cueClipList.map(({request, key, writtenText, writtenStart, writtenWords}): ClipPlacement => {
      const stored = manifest.clips[key];
      return {
        key,
        text: request.text,
        writtenText,
        writtenStart,
        writtenWords,
        speed: request.speed,
        stored: stored ? {file: clipFileForKey(key), audio: stored.audio, wordTiming: stored.wordTiming} : null,
        moderationReason: manifest.moderated[key]?.reason ?? null,
      };
    }),
  );
  const timeline = buildTimeline({narration, clips, marks: cues.map((cue) => cue.marks), fps});
  const missing = timeline.cues.filter((cue) => cue.status !== 'ready');
  if (!allowMissing && missing.length > 0) {
    // One line: Remotion shows only the first line of an error thrown in calculateMetadata.
    const list = listFew(
      missing.map((cue) => `"${cue.id}" (${quoteCueText(cue.text)})${cue.status === 'moderated' ? ' [refused by moderation: reword it]' : ''}`),
    );
    throw new AudioNotPreparedError(
      `Composition "${compositionId}": narration cue${missing.length > 1 ? 's' : ''} ${list} ha${missing.length > 1 ? 've' : 's'} no audio yet. Run \`npx remotion-narration prepare --composition ${compositionId}\` (with the same --props as the render) before rendering.`,
    );
  }
  return timeline;
};
