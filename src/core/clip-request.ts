import {DEFAULT_CLIP_LIMITS, type ClipLimits} from './clip-limits.ts';
import {DEFAULT_SPEED, type Narration, type NarrationCue} from './narration-schema.ts';
import {normalizeText} from './normalize-text.ts';
import {applyPronunciations} from './text/apply-pronunciations.ts';
import {splitTextIntoClips} from './text/split-text.ts';

/** Everything that changes a clip's audio. Its hash is the clip's cache key. */
export type ClipRequest = {
  provider: string;
  speakerId: string;
  /** The spoken text: normalized (see `normalizeText`), pronunciations applied. */
  text: string;
  speed: number;
  emotion: string | null;
};

/** A clip of a cue: what is asked of the provider, and the written text it stands for. */
export type CueClipRequest = {
  request: ClipRequest;
  /** The clip's text as written in the cue (no pronunciations): what captions and slides show. */
  writtenText: string;
};

/**
 * The clips of one cue, in order: its written text normalized, pronunciations applied, then split
 * within `limits` at sentence ends (then clauses, then words; see `splitTextIntoClips`), each clip
 * with the cue's own settings over the narration's voice. An empty text gives one empty clip, for
 * prepare to refuse with a sentence.
 */
export const splitCueIntoClips = ({
  narration,
  cue,
  provider,
  limits = DEFAULT_CLIP_LIMITS,
}: {
  narration: Narration;
  cue: NarrationCue;
  provider: string;
  limits?: ClipLimits;
}): CueClipRequest[] => {
  const speed = cue.speed ?? narration.voice.speed ?? DEFAULT_SPEED;
  const settings = {
    provider,
    speakerId: cue.speakerId ?? narration.voice.speakerId,
    speed,
    emotion: cue.emotion ?? narration.voice.emotion ?? null,
  };
  const written = normalizeText(cue.text);
  const {spoken, toWrittenOffset} = applyPronunciations({
    text: written,
    pronunciations: narration.pronunciations,
    ignoreCase: narration.pronunciationsIgnoreCase,
  });
  const spans = splitTextIntoClips({text: spoken, maxCharacters: limits.maxCharacters, maxSpeechInSeconds: limits.maxSpeechInSeconds, speed});
  if (spans.length === 0) {
    return [{request: {...settings, text: ''}, writtenText: written}];
  }
  return spans.map((span) => ({
    request: {...settings, text: span.text},
    writtenText: written.slice(toWrittenOffset(span.start), toWrittenOffset(span.end)),
  }));
};

/** The clip requests of one cue (see `splitCueIntoClips`), without their written texts. */
export const clipRequestsForCue = (input: Parameters<typeof splitCueIntoClips>[0]): ClipRequest[] =>
  splitCueIntoClips(input).map(({request}) => request);
