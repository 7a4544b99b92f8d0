import {quoteCueText} from '../../core/quote-cue-text.ts';
import {assertVoiceKept} from '../../node/prepare/assert-voice-kept.ts';
import {planNarration} from '../../node/prepare/plan-narration.ts';
import {readProjectManifest} from '../../node/store/read-manifest-file.ts';
import {readProjectCompositions, type ProjectOptions} from '../../node/project/read-project-compositions.ts';
import {speechProviderFromEnv} from '../../node/providers/speech-provider-from-env.ts';
import {defineCommand} from '../define-command.ts';
import {listFlag} from '../flag-values.ts';
import type {Output} from '../output.ts';
import {createProgress} from '../progress.ts';
import {voiceLoudnessLine} from '../voice-loudness-line.ts';
import {ENTRY_POSITIONAL, PROJECT_FLAGS, projectFromFlags} from '../project-flags.ts';

export const planCommand = defineCommand({
  name: 'plan',
  summary: 'What prepare would generate: the cues, their characters and estimated seconds. No request, no file written. Same as `prepare --dry-run`.',
  usage: '[ENTRY] [options]',
  description: 'What prepare would generate: the cues, their characters and estimated seconds. No request, no\nfile written.',
  positionals: ENTRY_POSITIONAL,
  flags: {
    ...PROJECT_FLAGS,
    force: {type: 'string', multiple: true, value: 'ID[,ID...]', description: 'Count these cues as to be generated again'},
    json: {type: 'boolean', description: 'Print the plan as JSON'},
    draft: {type: 'boolean', description: 'Plan for the offline draft voice, even with USEAPI_TOKEN set'},
  },
  examples: ['npx remotion-narration plan', 'npx remotion-narration plan --composition Explainer --json'],
  run: ({values, positionals, output}) =>
    printPlan({
      project: projectFromFlags({values, positionals}),
      force: listFlag(values.force),
      json: Boolean(values.json),
      draft: Boolean(values.draft),
      output,
    }),
});

/** Seconds as m:ss.ss, as a moment in the video. */
const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${(seconds % 60).toFixed(2).padStart(5, '0')}`;

/** `plan`, and `prepare --dry-run`: what would be generated; no request, no file written. */
export const printPlan = async ({
  project,
  force,
  json,
  draft,
  output,
}: {
  project: ProjectOptions;
  force: string[];
  json: boolean;
  draft: boolean;
  output: Output;
}): Promise<number> => {
  const progress = createProgress({output, verbose: false, json});
  const {provider, notice, draftForLackOfToken} = speechProviderFromEnv({draft});
  if (notice) progress.onEvent({type: 'notice', message: notice});
  const {compositions, publicDir} = await readProjectCompositions({...project, onEvent: progress.onEvent});
  if (draftForLackOfToken) {
    // What prepare would refuse, plan refuses too.
    const manifest = await readProjectManifest({publicDir});
    assertVoiceKept({manifest, compositionIds: compositions.map((composition) => composition.id)});
  }
  const plan = await planNarration({compositions, publicDir, providerId: provider.id, limits: provider.limits, force});
  if (json) {
    output.out(JSON.stringify(plan));
    return 0;
  }
  const toGenerate = plan.cues.filter((cue) => cue.status === 'to-generate');
  for (const cue of plan.cues) {
    const what =
      cue.status === 'refused'
        ? `will fail without a request, ${cue.problem} (--force ${cue.cueId} asks again)`
        : cue.status === 'cached'
          ? 'cached'
          : cue.sharedWith
            ? `same clip as ${cue.sharedWith.compositionId}/${cue.sharedWith.cueId} (made once)`
            : `${cue.characters} characters, ~${cue.estimatedSeconds.toFixed(1)} s${cue.problem ? ` (will fail: ${cue.problem})` : ''}`;
    output.out(`  ${cue.compositionId}/${cue.cueId}: ${cue.clips.length > 1 ? `${cue.clips.length} clips, ` : ''}${what}`);
    if (cue.clips.length > 1) {
      cue.clips.forEach((clip, index) => {
        const state = clip.status === 'to-generate' ? `to generate, ~${clip.estimatedSeconds.toFixed(1)} s` : clip.status === 'shared' ? 'shared' : clip.status;
        output.out(`      ${index + 1}. [${state}] ${quoteCueText(clip.text)}`);
      });
    }
  }
  if (plan.slots.length > 0) {
    output.out('Fixed moments (each slot: its cues, from their moment to the next one, and what fills it):');
    for (const slot of plan.slots) {
      const room = slot.endInSeconds - slot.startInSeconds;
      const fill = `${slot.estimated ? '~' : ''}${slot.fillInSeconds.toFixed(2)} s`;
      const verdict =
        slot.verdict === 'fits'
          ? 'fits'
          : slot.verdict === 'faster'
            ? `played ${slot.playbackRate.toFixed(3)}× as fast, pitch kept`
            : slot.verdict === 'read-faster'
              ? slot.fittedSpeed !== null
                ? `read at speed ${slot.fittedSpeed}`
                : 'to be read faster by the service once measured (one more request per clip)'
              : 'too long: prepare will fail it (shorten the line or move the next moment)';
      output.out(
        `  ${slot.compositionId}/${slot.cueIds.join('+')}: ${clock(slot.startInSeconds)} to ${clock(slot.endInSeconds)}${slot.nextCueId ? ` (${slot.nextCueId})` : ' (scene end)'}, ${Math.max(0, room).toFixed(2)} s, needs ${fill}${room > 0 ? ` (${Math.round((slot.fillInSeconds / room) * 100)} %)` : ''}: ${verdict}`,
      );
    }
  }
  const loudness = voiceLoudnessLine(plan.voices);
  if (loudness) output.out(loudness);
  output.out(
    toGenerate.length === 0
      ? `Nothing to generate: all ${plan.cues.length} cue(s) are cached for ${provider.description}.`
      : `Would generate ${plan.clipsToGenerate} clip(s) for ${toGenerate.length} of ${plan.cues.length} cue(s) with ${provider.description}: ${plan.characters} characters, about ${plan.estimatedSeconds.toFixed(0)} s of speech. No request made.`,
  );
  return 0;
};
