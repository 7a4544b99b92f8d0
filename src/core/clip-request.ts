import {DEFAULT_SPEED, type Narration, type NarrationCue} from './narration-schema.ts';
import {normalizeText} from './normalize-text.ts';

/** Everything that changes a clip's audio. Its hash is the clip's cache key. */
export type ClipRequest = {
  provider: string;
  speakerId: string;
  /** Normalized (see `normalizeText`). */
  text: string;
  speed: number;
  emotion: string | null;
};

/** The clip requests of one cue: the cue's own settings over the narration's voice. */
export const clipRequestsForCue = ({
  narration,
  cue,
  provider,
}: {
  narration: Narration;
  cue: NarrationCue;
  provider: string;
}): ClipRequest[] => {
  // One clip per cue for now; a cue owns a list so that long text can later be split into
  // several clips played back to back.
  return [
    {
      provider,
      speakerId: cue.speakerId ?? narration.voice.speakerId,
      text: normalizeText(cue.text),
      speed: cue.speed ?? narration.voice.speed ?? DEFAULT_SPEED,
      emotion: cue.emotion ?? narration.voice.emotion ?? null,
    },
  ];
};
