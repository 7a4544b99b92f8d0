import {compositionClips, placementsOf} from './composition-clips.ts';
import {AudioNotPreparedError, SpeechDoesNotFitError} from './errors.ts';
import {slotOverflowMessage} from './slot-overflow-message.ts';
import type {Manifest} from './manifest-schema.ts';
import {listFew} from './list-few.ts';
import {DEFAULT_MAX_PLAYBACK_RATE, type Narration} from './narration-schema.ts';
import {buildTimeline, type NarrationTimeline} from './timeline.ts';
import {quoteCueText} from './quote-cue-text.ts';

/**
 * The timeline of a narration from what prepare stored. Clips are looked up under the provider
 * the composition was last prepared with. With `allowMissing`, clips not generated yet get estimated lengths
 * (Studio preview, prepare's own planning); without it they are an error.
 * @throws AudioNotPreparedError listing every cue without audio.
 * @throws SpeechDoesNotFitError naming a line too long for its slot, even fitted (see `compositionClips`).
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
  const cues = await compositionClips({manifest, compositionId, narration, fps});
  const clips = cues.map((cue) => placementsOf(cue.clips, manifest));
  const built = buildTimeline({narration, clips, marks: cues.map((cue) => cue.marks), fps});
  const timeline = {...built, cues: built.cues.map((cue, index) => ({...cue, fittedSpeed: cues[index]!.fittedSpeed}))};
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
  const overflowing = timeline.cues.find((cue) => cue.slot && cue.slot.overflowInSeconds > 0);
  if (!allowMissing && overflowing) {
    throw new SpeechDoesNotFitError(
      slotOverflowMessage({
        compositionId,
        cue: overflowing,
        slot: overflowing.slot!,
        maxPlaybackRate: narration.maxPlaybackRate ?? DEFAULT_MAX_PLAYBACK_RATE,
        minDurationInSeconds: narration.cues.find((each) => each.id === overflowing.id)?.minDurationInSeconds,
      }),
    );
  }
  return timeline;
};
