import {isCacheKey} from './cache-key.ts';
import {clipFileForKey} from './narration-paths.ts';
import {normalizeText} from './normalize-text.ts';
import {extractMarks} from './text/marks.ts';
import {wordsOf} from './text/words.ts';
import type {NarrationLanguage} from './text/language.ts';
import {
  fileStartOf,
  frameAt,
  secondsToFramesRoundingUp,
  type NarrationTimeline,
  type TimelineClip,
  type TimelineCue,
  type TimelineScene,
  type TimelineSlot,
  type TimelineVoice,
} from './timeline.ts';

/** What marks an object as a compact timeline (and which version of the form it is). */
const COMPACT_FORMAT = 'compact-timeline@1';

/**
 * A clip of a `CompactNarrationTimeline`. Times are whole milliseconds (nudged by at most 1 ms
 * where that keeps every frame of the full timeline exactly as it was); what can be derived is
 * left out and derived again by `expandNarrationTimeline`.
 */
export type CompactClip = {
  key: string;
  /** `[startFrame, durationInFrames, trimBeforeInFrames]`. */
  frames: [number, number, number];
  /** `[duration, leadingSilence, trailingSilence]` of the file, in ms (of the file, not as played). */
  audioMs: [number, number, number];
  /** Its written text: where it is in the cue's written text (`[start, end]`), or the text itself when it is not there. */
  text: [number, number] | string;
  /** What it says, when that is not its written text (pronunciations applied). */
  spokenText?: string;
  /** Only when it is not `clipFileForKey(key)`: null while the clip is not generated. */
  file?: string | null;
  moderationReason?: string;
  /**
   * Its written words' times, each `[ms after the previous word's end (the file's start for the
   * first word), ms long]`: small numbers, so few characters.
   */
  words: [number, number][];
  /** Only when the words are not `wordsOf(text)`. */
  wordTexts?: string[];
  /** Only when it is not the timeline's `wordTimingBy`. */
  wordTimingBy?: string;
  /** `[loudness LUFS, true peak dBTP, channel count]`, to 0.01; only when measured. */
  loudness?: [number | null, number | null, (1 | 2 | null)?];
};

export type CompactCue = {
  id: string;
  /** Its voice's index in the timeline's `voices`; only when not 0. */
  voice?: number;
  /** Only when it is not English. */
  language?: NarrationLanguage;
  /** As written in the narration, marks included. */
  text: string;
  /** `[startFrame, durationInFrames, speechEndFrame]`. */
  frames: [number, number, number];
  clips: CompactClip[];
  /** Only when it has bookmarks. */
  marks?: Record<string, number>;
  /** Only for a cue without clips, where no clip gives them: `[speechStart, speechEnd]` in ms from frame 0. */
  speechMs?: [number, number];
  /** Its scene's index in the timeline's `scenes`; only when the narration has scenes. */
  scene?: number;
  /** Only for a silent cue. */
  silent?: true;
  /** Only when its clips play faster than 1 (fitted into their slot). */
  playbackRate?: number;
  /** Only when the service read it faster to fit its slot. */
  fittedSpeed?: number;
  /**
   * Only for a cue that opens a slot: `[start, end, naturalLength, overflow]` in ms, its rate, how
   * many cues it holds (this one and those after it), and the cue that ends it (null: its scene's end).
   */
  slot?: [number, number, number, number, number, number, string | null];
};

/**
 * The `narrationTimeline` prop that `calculateNarrationMetadata` adds: a `NarrationTimeline` in
 * a form a few times the size of the cue texts (the full form is ~25 times: every text repeated,
 * word objects, float seconds), since Remotion carries the props to the Studio and to every
 * render tab. `<Narration>` expands it once; hooks see the full `NarrationTimeline`.
 */
export type CompactNarrationTimeline = {
  format: typeof COMPACT_FORMAT;
  fps: number;
  durationInFrames: number;
  /** How most clips' word times were found (see `TimelineClip.wordTimingBy`). */
  wordTimingBy: string;
  /** The cues' voices, each once (`[speakerId, speed, emotion]`), the first cue's first. */
  voices: [string, number, string | null][];
  cues: CompactCue[];
  /** Its scenes (`[id, startFrame, durationInFrames, transitionInFrames]`); only when it has some. */
  scenes?: [string, number, number, number][];
};

/** Whether `value` is a compact timeline (and not, say, a full one). */
export const isCompactNarrationTimeline = (value: unknown): value is CompactNarrationTimeline =>
  typeof value === 'object' && value !== null && (value as {format?: unknown}).format === COMPACT_FORMAT;

/** A cue's written text, as `splitCue` makes it: normalized, marks taken out. Clip texts are slices of it. */
const writtenTextOf = (cueText: string): string => extractMarks(normalizeText(cueText)).text;

// Shared by both directions, so that what the encoder checks is exactly what the decoder computes.
// Word times are ms as played after the file's start; the file's own lengths play `rate` times faster.
const atMs = (fileStart: number, ms: number): number => fileStart + ms / 1000;
const atFileMs = (fileStart: number, ms: number, rate: number): number => fileStart + ms / 1000 / rate;
const speechEndOf = (fileStart: number, durationMs: number, trailingMs: number, rate: number): number => fileStart + (durationMs - trailingMs) / 1000 / rate;

/**
 * `seconds` in whole ms: rounded, or the other side of the rounding where rounding would move it
 * into another frame (`keeps` says whether a value is still in the right one). Exact when no
 * whole ms is (frames shorter than a ms).
 */
const toMs = (seconds: number, keeps: (ms: number) => boolean = () => true): number => {
  const exact = seconds * 1000;
  return [Math.round(exact), Math.floor(exact), Math.ceil(exact)].find(keeps) ?? exact;
};

/** A level in dB to 0.01 dB: far under what can be heard, and few characters. */
const hundredths = (value: number | null): number | null => (value === null ? null : Math.round(value * 100) / 100);

const sameTexts = (a: string[], b: string[]) => a.length === b.length && a.every((text, index) => text === b[index]);

const mostCommon = (values: string[]): string => {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].reduce<[string, number]>((best, entry) => (entry[1] > best[1] ? entry : best), ['estimate', 0])[0];
};

const compactClip = ({clip, written, from, fps, wordTimingBy}: {clip: TimelineClip; written: string; from: number; fps: number; wordTimingBy: string}) => {
  const fileStart = fileStartOf(clip, fps);
  const rate = clip.playbackRate;
  const durationMs = toMs(clip.durationInSeconds);
  const leadingMs = toMs(clip.leadingSilenceInSeconds, (ms) => frameAt(atFileMs(fileStart, ms, rate), fps) === clip.speechStartFrame);
  // Rounded as where the speech ends (what frames are made of), not as the silence after it.
  const trailingMs =
    durationMs -
    toMs((clip.speechEndInSeconds - fileStart) * rate, (ms) => secondsToFramesRoundingUp(speechEndOf(fileStart, durationMs, durationMs - ms, rate), fps) === clip.speechEndFrame);
  let previousEndMs = 0;
  const words = clip.words.map((word): [number, number] => {
    const startMs = toMs(word.startInSeconds - fileStart, (ms) => secondsToFramesRoundingUp(atMs(fileStart, ms), fps) === word.startFrame);
    const endMs = toMs(word.endInSeconds - fileStart);
    const gapAndLength: [number, number] = [startMs - previousEndMs, endMs - startMs];
    previousEndMs = endMs;
    return gapAndLength;
  });
  const start = written.indexOf(clip.text, from);
  const wordTexts = clip.words.map((word) => word.text);
  const compact: CompactClip = {
    key: clip.key,
    frames: [clip.startFrame, clip.durationInFrames, clip.trimBeforeInFrames],
    audioMs: [durationMs, leadingMs, trailingMs],
    text: start === -1 ? clip.text : [start, start + clip.text.length],
    ...(clip.spokenText === clip.text ? {} : {spokenText: clip.spokenText}),
    ...(clip.file !== null && isCacheKey(clip.key) && clip.file === clipFileForKey(clip.key) ? {} : {file: clip.file}),
    ...(clip.moderationReason === null ? {} : {moderationReason: clip.moderationReason}),
    words,
    ...(sameTexts(wordTexts, wordsOf(clip.text).map((word) => word.text)) ? {} : {wordTexts}),
    ...(clip.wordTimingBy === wordTimingBy ? {} : {wordTimingBy: clip.wordTimingBy}),
    ...(clip.loudnessLufs !== null || clip.truePeakDbtp !== null || clip.channelCount !== null
      ? {loudness: [hundredths(clip.loudnessLufs), hundredths(clip.truePeakDbtp), clip.channelCount] as [number | null, number | null, 1 | 2 | null]}
      : {}),
  };
  return {compact, end: start === -1 ? from : start + clip.text.length};
};

const compactCue = ({
  cue,
  fps,
  wordTimingBy,
  voiceIndex,
  sceneIndex,
}: {
  cue: TimelineCue;
  fps: number;
  wordTimingBy: string;
  voiceIndex: number;
  sceneIndex: number | null;
}): CompactCue => {
  const written = writtenTextOf(cue.text);
  let from = 0;
  const clips = cue.clips.map((clip) => {
    const {compact, end} = compactClip({clip, written, from, fps, wordTimingBy});
    from = end;
    return compact;
  });
  return {
    id: cue.id,
    ...(voiceIndex !== 0 ? {voice: voiceIndex} : {}),
    ...(cue.language !== 'en' ? {language: cue.language} : {}),
    text: cue.text,
    frames: [cue.startFrame, cue.durationInFrames, cue.speechEndFrame],
    clips,
    ...(Object.keys(cue.marks).length > 0 ? {marks: cue.marks} : {}),
    ...(clips.length === 0 ? {speechMs: [toMs(cue.speechStartInSeconds), toMs(cue.speechEndInSeconds)]} : {}),
    ...(sceneIndex !== null ? {scene: sceneIndex} : {}),
    ...(cue.silent ? {silent: true as const} : {}),
    ...(cue.playbackRate !== 1 ? {playbackRate: cue.playbackRate} : {}),
    ...(cue.fittedSpeed !== null ? {fittedSpeed: cue.fittedSpeed} : {}),
    ...(cue.slot ? {slot: compactSlot(cue.slot)} : {}),
  };
};

const compactSlot = (slot: TimelineSlot): NonNullable<CompactCue['slot']> => [
  toMs(slot.startInSeconds),
  toMs(slot.endInSeconds),
  toMs(slot.naturalLengthInSeconds),
  toMs(slot.overflowInSeconds),
  slot.playbackRate,
  slot.cueIds.length,
  slot.nextCueId,
];

const expandSlot = (
  [startMs, endMs, naturalMs, overflowMs, playbackRate, cueCount, nextCueId]: NonNullable<CompactCue['slot']>,
  cueIds: string[],
): TimelineSlot => ({
  startInSeconds: startMs / 1000,
  endInSeconds: endMs / 1000,
  naturalLengthInSeconds: naturalMs / 1000,
  overflowInSeconds: overflowMs / 1000,
  playbackRate,
  cueIds: cueIds.slice(0, cueCount),
  nextCueId,
});

/**
 * A timeline in its compact form, for props: no text twice (clip texts are slices of the cue's,
 * words are `wordsOf` the clip's), times in ms, words as `[gap, length]` pairs, nothing that can
 * be derived. `expandNarrationTimeline` gives back the same timeline: every text, frame and
 * status exactly, every time within a millisecond.
 */
export const compactNarrationTimeline = (timeline: NarrationTimeline): CompactNarrationTimeline => {
  const wordTimingBy = mostCommon(timeline.cues.flatMap((cue) => cue.clips.map((clip) => clip.wordTimingBy)));
  const voices: [string, number, string | null][] = [];
  const voiceIndexOf = ({speakerId, speed, emotion}: TimelineVoice): number => {
    const index = voices.findIndex(([otherSpeaker, otherSpeed, otherEmotion]) => otherSpeaker === speakerId && otherSpeed === speed && otherEmotion === emotion);
    return index !== -1 ? index : voices.push([speakerId, speed, emotion]) - 1;
  };
  const sceneIndexes = new Map(timeline.scenes.map((scene, index) => [scene.id, index]));
  return {
    format: COMPACT_FORMAT,
    fps: timeline.fps,
    durationInFrames: timeline.durationInFrames,
    wordTimingBy,
    voices,
    cues: timeline.cues.map((cue) =>
      compactCue({cue, fps: timeline.fps, wordTimingBy, voiceIndex: voiceIndexOf(cue.voice), sceneIndex: cue.scene === null ? null : (sceneIndexes.get(cue.scene) ?? null)}),
    ),
    ...(timeline.scenes.length > 0
      ? {scenes: timeline.scenes.map((scene): [string, number, number, number] => [scene.id, scene.startFrame, scene.durationInFrames, scene.transitionInFrames])}
      : {}),
  };
};

const expandClip = ({
  clip,
  written,
  fps,
  wordTimingBy,
  playbackRate,
}: {
  clip: CompactClip;
  written: () => string;
  fps: number;
  wordTimingBy: string;
  playbackRate: number;
}): TimelineClip => {
  const [startFrame, durationInFrames, trimBeforeInFrames] = clip.frames;
  const [durationMs, leadingMs, trailingMs] = clip.audioMs;
  const fileStart = fileStartOf({startFrame, trimBeforeInFrames, playbackRate}, fps);
  const text = typeof clip.text === 'string' ? clip.text : written().slice(clip.text[0], clip.text[1]);
  const speechStartInSeconds = atFileMs(fileStart, leadingMs, playbackRate);
  const speechEndInSeconds = speechEndOf(fileStart, durationMs, trailingMs, playbackRate);
  const wordTexts = clip.wordTexts ?? wordsOf(text).map((word) => word.text);
  let previousEndMs = 0;
  const words = clip.words.map(([gapMs, lengthMs], index) => {
    const startMs = previousEndMs + gapMs;
    previousEndMs = startMs + lengthMs;
    const startInSeconds = atMs(fileStart, startMs);
    return {text: wordTexts[index] ?? '', startInSeconds, endInSeconds: atMs(fileStart, previousEndMs), startFrame: secondsToFramesRoundingUp(startInSeconds, fps)};
  });
  return {
    key: clip.key,
    text,
    spokenText: clip.spokenText ?? text,
    file: clip.file === undefined ? clipFileForKey(clip.key) : clip.file,
    startFrame,
    durationInFrames,
    trimBeforeInFrames,
    playbackRate,
    durationInSeconds: durationMs / 1000,
    leadingSilenceInSeconds: leadingMs / 1000,
    trailingSilenceInSeconds: trailingMs / 1000,
    speechStartInSeconds,
    speechEndInSeconds,
    speechStartFrame: frameAt(speechStartInSeconds, fps),
    speechEndFrame: secondsToFramesRoundingUp(speechEndInSeconds, fps),
    moderationReason: clip.moderationReason ?? null,
    words,
    wordTimingBy: clip.wordTimingBy ?? wordTimingBy,
    loudnessLufs: clip.loudness?.[0] ?? null,
    truePeakDbtp: clip.loudness?.[1] ?? null,
    channelCount: clip.loudness?.[2] ?? null,
  };
};

const expandCue = ({
  cue,
  fps,
  wordTimingBy,
  voices,
  scenes,
  idsFromHere,
}: {
  cue: CompactCue;
  fps: number;
  wordTimingBy: string;
  voices: CompactNarrationTimeline['voices'];
  scenes: TimelineScene[];
  /** The ids of this cue and those after it. */
  idsFromHere: () => string[];
}): TimelineCue => {
  let written: string | undefined;
  const writtenText = () => (written ??= writtenTextOf(cue.text));
  const playbackRate = cue.playbackRate ?? 1;
  const clips = cue.clips.map((clip) => expandClip({clip, written: writtenText, fps, wordTimingBy, playbackRate}));
  const [startFrame, durationInFrames, speechEndFrame] = cue.frames;
  const [speakerId, speed, emotion] = voices[cue.voice ?? 0] ?? ['', 1, null];
  return {
    id: cue.id,
    text: cue.text,
    voice: {speakerId, speed, emotion},
    language: cue.language ?? 'en',
    scene: cue.scene === undefined ? null : (scenes[cue.scene]?.id ?? null),
    silent: cue.silent ?? false,
    playbackRate,
    fittedSpeed: cue.fittedSpeed ?? null,
    slot: cue.slot ? expandSlot(cue.slot, idsFromHere()) : null,
    startFrame,
    durationInFrames,
    speechEndFrame,
    speechStartInSeconds: clips[0]?.speechStartInSeconds ?? (cue.speechMs?.[0] ?? 0) / 1000,
    speechEndInSeconds: clips.at(-1)?.speechEndInSeconds ?? (cue.speechMs?.[1] ?? 0) / 1000,
    // As `buildTimeline` decides it.
    status: clips.some((clip) => clip.moderationReason !== null) ? 'moderated' : clips.every((clip) => clip.file !== null) ? 'ready' : 'missing',
    clips,
    marks: cue.marks ?? {},
  };
};

/** The full `NarrationTimeline` of a compact one (see `compactNarrationTimeline`). */
export const expandNarrationTimeline = (compact: CompactNarrationTimeline): NarrationTimeline => {
  const scenes = (compact.scenes ?? []).map(([id, startFrame, durationInFrames, transitionInFrames]): TimelineScene => ({
    id,
    startFrame,
    durationInFrames,
    transitionInFrames,
    cueIds: [],
  }));
  const cues = compact.cues.map((cue, index) =>
    expandCue({
      cue,
      fps: compact.fps,
      wordTimingBy: compact.wordTimingBy,
      voices: compact.voices,
      scenes,
      idsFromHere: () => compact.cues.slice(index, index + (cue.slot?.[5] ?? 0)).map((each) => each.id),
    }),
  );
  for (const cue of cues) if (cue.scene !== null) scenes.find((scene) => scene.id === cue.scene)?.cueIds.push(cue.id);
  return {fps: compact.fps, durationInFrames: compact.durationInFrames, cues, scenes};
};
