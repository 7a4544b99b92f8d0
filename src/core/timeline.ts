import type {WrittenWord} from './clip-request.ts';
import type {ClipAudio, ManifestClip} from './manifest-schema.ts';
import {openingLength} from './text/cjk-punctuation.ts';
import {languageOfCue, type NarrationLanguage} from './text/language.ts';
import type {TextMark} from './text/marks.ts';
import {wordsOf} from './text/words.ts';
import {
  DEFAULT_GAP_IN_SECONDS,
  DEFAULT_LEAD_IN_IN_SECONDS,
  DEFAULT_SENTENCE_PAUSE_IN_SECONDS,
  DEFAULT_SPEED,
  DEFAULT_TAIL_IN_SECONDS,
  type Narration,
} from './narration-schema.ts';
import {estimateSpeechInSeconds} from './text/estimate-speech.ts';
import {spreadWordsByLength} from './text/spread-words-by-length.ts';

/** A word of a clip as written, and when it is spoken. */
export type TimelineWord = {
  text: string;
  /** In seconds from frame 0. */
  startInSeconds: number;
  endInSeconds: number;
  /** The frame during which the word starts. */
  startFrame: number;
};

export type TimelineClip = {
  key: string;
  /** The clip's text as written in the cue: for captions and slides. */
  text: string;
  /** What the clip says (pronunciations applied): what was sent to the speech service. */
  spokenText: string;
  /** Path inside `public/`; null while the clip is not generated yet. */
  file: string | null;
  /** Frame where the clip's `<Sequence>` starts: its file plays from here. */
  startFrame: number;
  /** Frames of the file that play, from `trimBeforeInFrames` to its end. */
  durationInFrames: number;
  /**
   * Whole frames of the file's own leading silence that are skipped, so that a pause shorter than
   * that silence is still the pause asked for. Only silence is ever skipped.
   */
  trimBeforeInFrames: number;
  /** The whole file's length: measured, or estimated from the text while `file` is null. */
  durationInSeconds: number;
  leadingSilenceInSeconds: number;
  trailingSilenceInSeconds: number;
  /** Where its speech starts and ends, in seconds from frame 0. */
  speechStartInSeconds: number;
  speechEndInSeconds: number;
  /** The frame during which its speech starts, and the first frame after it ends. */
  speechStartFrame: number;
  speechEndFrame: number;
  /** Why the service refused this clip's text, when it did. */
  moderationReason: string | null;
  /** Its written words with their times, measured when the clip was stored, estimated before. */
  words: TimelineWord[];
  /** How the word times were found: the measuring method, or "estimate" (spread by length). */
  wordTimingBy: string;
};

/** Who speaks a cue, and how: the cue's own settings over the narration's `voice`. */
export type TimelineVoice = {speakerId: string; speed: number; emotion: string | null};

export type TimelineCue = {
  id: string;
  /** The cue's text as written. */
  text: string;
  /** Who speaks it and how (a dialogue scene styles each speaker by `voice.speakerId`). */
  voice: TimelineVoice;
  /** The language it is spoken in (see `languageOfCue`). */
  language: NarrationLanguage;
  /** The frame during which the cue's speech starts. */
  startFrame: number;
  /**
   * Frames from `startFrame` to the end of the cue's speech, or to the end of its
   * `minDurationInSeconds` when that is longer: how long a visual of this cue stays up.
   */
  durationInFrames: number;
  /** The first frame after the cue's speech ends. */
  speechEndFrame: number;
  speechStartInSeconds: number;
  speechEndInSeconds: number;
  /**
   * `missing`: at least one clip is not generated yet and its length is estimated;
   * `moderated`: the service refused the text (see the clip's `moderationReason`).
   */
  status: 'ready' | 'missing' | 'moderated';
  clips: TimelineClip[];
  /** Its bookmarks (`<mark name="..."/>` in the text): the frame where the word after each starts. */
  marks: Record<string, number>;
};

export type NarrationTimeline = {
  fps: number;
  durationInFrames: number;
  cues: TimelineCue[];
};

/** A clip as the timeline needs it: its key and, once generated, its file and measured audio. */
export type ClipPlacement = {
  key: string;
  /** Spoken text and speed, for estimating a missing clip's length. */
  text: string;
  speed: number;
  /** The written text the clip stands for; default: `text`. */
  writtenText?: string;
  /** Where `writtenText` starts in the cue's written text (for bookmarks); default 0. */
  writtenStart?: number;
  /** The written words and the spoken words that say them; default: the words of `text`, one to one. */
  writtenWords?: WrittenWord[];
  stored: {file: string; audio: ClipAudio; wordTiming?: WordTiming} | null;
  /** The service's reason, when it refused the text. */
  moderationReason?: string | null;
};

type WordTiming = NonNullable<ManifestClip['wordTiming']>;

/** Shortest length given to a clip not generated yet, at speed 1. */
const MINIMUM_ESTIMATE_IN_SECONDS = 0.5;

/** The length of a clip not generated yet: its estimated speech, at least half a second. */
const estimateClipInSeconds = ({text, speed}: {text: string; speed: number}): number =>
  Math.max(MINIMUM_ESTIMATE_IN_SECONDS / speed, estimateSpeechInSeconds({text, speed}));

/** Float noise (0.1 * 30 = 3.0000000000000004) must not add a frame. */
const FRAME_TOLERANCE = 1e-6;

/** Whole frames that cover `seconds`, rounding up so no audio is ever cut. */
export const secondsToFramesRoundingUp = (seconds: number, fps: number): number =>
  Math.max(0, Math.ceil(seconds * fps - FRAME_TOLERANCE));

/** The frame during which the instant `seconds` falls. */
export const frameAt = (seconds: number, fps: number): number => Math.max(0, Math.floor(seconds * fps + FRAME_TOLERANCE));

/**
 * Lays the cues out so that every pause is the one asked for, measured on the speech itself, not
 * on the files (whose own leading and trailing silence differ from clip to clip):
 *
 * - the first speech starts `leadInInSeconds` after frame 0;
 * - within a cue, the next clip's speech starts `sentencePauseInSeconds` after the previous
 *   clip's speech ends; between cues, `pauseAfterInSeconds` (or `gapInSeconds`) after the end of
 *   the cue's speech, or of its `minDurationInSeconds` when that is longer;
 * - the composition ends `tailInSeconds` after the last speech, and never before a file ends.
 *
 * A clip's file starts on a whole frame, at or after the moment the previous clip's speech ends
 * (so a file only ever overlaps another where it is silent); where its own leading silence is
 * longer than the pause asked for, whole frames of that silence are skipped
 * (`trimBeforeInFrames`). Frame rounding may lengthen a pause by less than one frame, never
 * shorten it. Pure maths: `clips[i]` are the placements of `narration.cues[i]`.
 */
export const buildTimeline = ({
  narration,
  clips,
  marks = [],
  fps,
}: {
  narration: Narration;
  clips: ClipPlacement[][];
  /** `marks[i]`: the bookmarks of `narration.cues[i]`, at offsets of its written text. */
  marks?: TextMark[][];
  fps: number;
}): NarrationTimeline => {
  if (!Number.isFinite(fps) || fps <= 0) {
    throw new TypeError(`fps must be a positive number, but got ${fps}.`);
  }
  const sentencePause = narration.sentencePauseInSeconds ?? DEFAULT_SENTENCE_PAUSE_IN_SECONDS;
  /** The earliest the next speech may start, in seconds. */
  let nextSpeechAt = narration.leadInInSeconds ?? DEFAULT_LEAD_IN_IN_SECONDS;
  /** Where the previous clip's speech ended: no file starts before it. */
  let previousSpeechEnd = 0;
  let lastFileEndFrame = 0;
  let lastWindowEnd = nextSpeechAt;

  const cues = narration.cues.map((cue, index): TimelineCue => {
    const timelineClips = (clips[index] ?? []).map((placement): TimelineClip => {
      const durationInSeconds = placement.stored?.audio.durationInSeconds ?? estimateClipInSeconds(placement);
      const leading = Math.min(durationInSeconds, placement.stored?.audio.leadingSilenceInSeconds ?? 0);
      const trailing = Math.min(durationInSeconds - leading, placement.stored?.audio.trailingSilenceInSeconds ?? 0);
      const earliestStartFrame = secondsToFramesRoundingUp(previousSpeechEnd, fps);
      // Not clamped at 0: a negative start means the silence is longer than the lead-in.
      let startFrame = Math.ceil((nextSpeechAt - leading) * fps - FRAME_TOLERANCE);
      let trimBeforeInFrames = 0;
      if (startFrame < earliestStartFrame) {
        // Its leading silence is longer than the pause (or the lead-in): start where the previous
        // speech ended (or at frame 0) and skip the whole frames of silence that would make the
        // pause too long.
        startFrame = earliestStartFrame;
        const excess = startFrame / fps + leading - nextSpeechAt;
        trimBeforeInFrames = Math.min(Math.floor(excess * fps + FRAME_TOLERANCE), Math.floor(leading * fps + FRAME_TOLERANCE));
      }
      const fileStart = startFrame / fps - trimBeforeInFrames / fps;
      const speechStartInSeconds = fileStart + leading;
      const speechEndInSeconds = fileStart + durationInSeconds - trailing;
      const durationInFrames = Math.max(1, secondsToFramesRoundingUp(durationInSeconds - trimBeforeInFrames / fps, fps));
      previousSpeechEnd = speechEndInSeconds;
      nextSpeechAt = speechEndInSeconds + sentencePause;
      lastFileEndFrame = Math.max(lastFileEndFrame, startFrame + durationInFrames);
      return {
        key: placement.key,
        text: placement.writtenText ?? placement.text,
        spokenText: placement.text,
        file: placement.stored?.file ?? null,
        startFrame,
        durationInFrames,
        trimBeforeInFrames,
        durationInSeconds,
        leadingSilenceInSeconds: leading,
        trailingSilenceInSeconds: trailing,
        speechStartInSeconds,
        speechEndInSeconds,
        speechStartFrame: frameAt(speechStartInSeconds, fps),
        speechEndFrame: secondsToFramesRoundingUp(speechEndInSeconds, fps),
        moderationReason: placement.stored ? null : (placement.moderationReason ?? null),
        ...timeWords({placement, fileStart, speechStartInSeconds, speechEndInSeconds, fps}),
      };
    });
    const first = timelineClips[0];
    const last = timelineClips.at(-1);
    const speechStartInSeconds = first?.speechStartInSeconds ?? nextSpeechAt;
    const speechEndInSeconds = last?.speechEndInSeconds ?? speechStartInSeconds;
    const windowEnd = Math.max(speechEndInSeconds, speechStartInSeconds + (cue.minDurationInSeconds ?? 0));
    lastWindowEnd = windowEnd;
    nextSpeechAt = windowEnd + (cue.pauseAfterInSeconds ?? narration.gapInSeconds ?? DEFAULT_GAP_IN_SECONDS);
    const startFrame = frameAt(speechStartInSeconds, fps);
    return {
      id: cue.id,
      text: cue.text,
      voice: {
        speakerId: cue.speakerId ?? narration.voice.speakerId,
        speed: cue.speed ?? narration.voice.speed ?? DEFAULT_SPEED,
        emotion: cue.emotion ?? narration.voice.emotion ?? null,
      },
      language: languageOfCue({narration, cue}),
      startFrame,
      durationInFrames: Math.max(1, secondsToFramesRoundingUp(windowEnd, fps) - startFrame),
      speechEndFrame: secondsToFramesRoundingUp(speechEndInSeconds, fps),
      speechStartInSeconds,
      speechEndInSeconds,
      status: timelineClips.some((clip) => clip.moderationReason !== null)
        ? 'moderated'
        : timelineClips.every((clip) => clip.file !== null)
          ? 'ready'
          : 'missing',
      clips: timelineClips,
      marks: placeMarks({marks: marks[index] ?? [], placements: clips[index] ?? [], clips: timelineClips, fps}),
    };
  });
  const endFrame = secondsToFramesRoundingUp(lastWindowEnd + (narration.tailInSeconds ?? DEFAULT_TAIL_IN_SECONDS), fps);
  return {fps, durationInFrames: Math.max(1, endFrame, lastFileEndFrame), cues};
};

/**
 * The written words of a clip with their times: from the word timing stored with the clip when
 * there is one (one entry per spoken word; a written word spans its spoken words), otherwise
 * spread over the clip's speech in proportion to each word's estimated length.
 */
const timeWords = ({
  placement,
  fileStart,
  speechStartInSeconds,
  speechEndInSeconds,
  fps,
}: {
  placement: ClipPlacement;
  fileStart: number;
  speechStartInSeconds: number;
  speechEndInSeconds: number;
  fps: number;
}): {words: TimelineWord[]; wordTimingBy: string} => {
  const spoken = wordsOf(placement.text);
  const written = placement.writtenWords ?? spoken.map((word, index) => ({...word, spokenWords: [index]}));
  const measured = placement.stored?.wordTiming;
  let spokenTimes: (readonly [number, number])[];
  let by: string;
  if (measured && measured.words.length === spoken.length) {
    spokenTimes = measured.words.map(([start, end]) => [fileStart + start, fileStart + end] as const);
    by = measured.by;
  } else {
    const lengthInSeconds = Math.max(0, speechEndInSeconds - speechStartInSeconds);
    spokenTimes = spreadWordsByLength({words: spoken, lengthInSeconds}).map(([start, end]) => [speechStartInSeconds + start, speechStartInSeconds + end] as const);
    by = 'estimate';
  }
  const spans = written.map((word): (readonly [number, number]) | null => {
    const times = word.spokenWords.map((spokenIndex) => spokenTimes[spokenIndex]).filter((time) => time !== undefined);
    return times.length > 0 ? [Math.min(...times.map((time) => time[0])), Math.max(...times.map((time) => time[1]))] : null;
  });
  // Written words no spoken word stands for: Chinese characters a pronunciation says as one word
  // ({"重庆": "Chóngqìng"}: 庆 has no word of its own). They share, in equal parts, the time of the
  // written word before them that holds the spoken word.
  for (let index = 0; index < spans.length; ) {
    const owner = spans[index];
    let next = index + 1;
    while (next < spans.length && spans[next] === null) next++;
    const [start, end] = owner ?? [speechStartInSeconds, speechStartInSeconds];
    const parts = next - index;
    for (let part = 0; part < parts; part++) {
      if (parts > 1 || owner === null) spans[index + part] = [start + ((end - start) * part) / parts, start + ((end - start) * (part + 1)) / parts];
    }
    index = next;
  }
  const words = written.map((word, index): TimelineWord => {
    const [startInSeconds, endInSeconds] = spans[index]!;
    return {text: word.text, startInSeconds, endInSeconds, startFrame: frameAt(startInSeconds, fps)};
  });
  return {words, wordTimingBy: by};
};

/**
 * Each bookmark at the frame where the first word at or after it starts (the cue's end when none
 * does). A word that opens with a quote or bracket (「你, "Hello, (really)) counts from its first
 * character after them: `「<mark name="x"/>你好」` lands on 「你, not on the word after it.
 */
const placeMarks = ({
  marks,
  placements,
  clips,
  fps,
}: {
  marks: TextMark[];
  placements: ClipPlacement[];
  clips: TimelineClip[];
  fps: number;
}): Record<string, number> => {
  const words = clips.flatMap((clip, index) =>
    clip.words.map((word, wordIndex) => {
      const written = placements[index]?.writtenWords?.[wordIndex];
      const openers = written ? openingLength(written.text) : 0;
      return {word, offset: (placements[index]?.writtenStart ?? 0) + (written?.start ?? 0) + openers};
    }),
  );
  const end = clips.at(-1)?.speechEndFrame ?? 0;
  return Object.fromEntries(marks.map((mark) => [mark.name, words.find((each) => each.offset >= mark.offset)?.word.startFrame ?? end]));
};
