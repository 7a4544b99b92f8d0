import {quoteCueText} from './quote-cue-text.ts';
import type {TimelineCue, TimelineSlot} from './timeline.ts';

const seconds = (value: number) => `${value.toFixed(2)} s`;

/**
 * Why a slot's lines do not fit, as a sentence for a cue of it: its length, its slot, and what
 * to change. One line (Remotion shows only the first line of an error in `calculateMetadata`).
 */
export const slotOverflowMessage = ({
  compositionId,
  cue,
  slot,
  maxPlaybackRate,
  minDurationInSeconds,
}: {
  compositionId: string;
  cue: TimelineCue;
  slot: TimelineSlot;
  maxPlaybackRate: number;
  /** The cue's own, when it keeps the cue up longer than its speech (playing faster cannot help then). */
  minDurationInSeconds?: number;
}): string => {
  const room = slot.endInSeconds - slot.startInSeconds;
  const others = slot.cueIds.length > 1 ? ` with ${slot.cueIds.filter((id) => id !== cue.id).map((id) => `"${id}"`).join(', ')}` : '';
  const until = slot.nextCueId === null ? `the end of scene "${cue.scene}"` : `cue "${slot.nextCueId}"'s moment`;
  const fitted = cue.fittedSpeed !== null ? `, read at speed ${cue.fittedSpeed},` : '';
  const held =
    minDurationInSeconds !== undefined && minDurationInSeconds > cue.speechEndInSeconds - cue.speechStartInSeconds
      ? `its minDurationInSeconds (${minDurationInSeconds} s) keeps it up longer than its speech, so playing it faster cannot help: lower it, `
      : '';
  return (
    `Composition "${compositionId}": cue "${cue.id}" (${quoteCueText(cue.text)})${others} needs ${seconds(slot.naturalLengthInSeconds)} with its pause${fitted} ` +
    (room > 0
      ? `but its slot, until ${until}, has ${seconds(room)}: it would have to play more than ${maxPlaybackRate}× as fast (maxPlaybackRate). `
      : `but its slot, until ${until}, has no time at all: that moment comes before this cue's own, with its pause after. `) +
    `${held ? held[0]!.toUpperCase() + held.slice(1) : 'Shorten the line, '}move ${slot.nextCueId === null ? 'the scene\'s end (durationInSeconds)' : 'the next moment'} later, shorten its pause after${held ? '' : ', or raise maxPlaybackRate (up to 1.5)'}.`
  );
};
