import type {WrittenWord} from './clip-request.ts';
import type {ClipAudio, ManifestClip} from './manifest-schema.ts';
import {openingLength} from './text/cjk-punctuation.ts';
import {languageOfCue, type NarrationLanguage} from './text/language.ts';
import type {TextMark} from './text/marks.ts';
import {wordsOf} from './text/words.ts';
import {narrationScenes} from './narration-scenes.ts';
import {
  DEFAULT_GAP_IN_SECONDS,
  DEFAULT_MAX_PLAYBACK_RATE,
  DEFAULT_SENTENCE_PAUSE_IN_SECONDS,
  DEFAULT_SPEED,
  type Narration,
  type NarrationCue,
} from './narration-schema.ts';
import {estimateSpeechInSeconds} from './text/estimate-speech.ts';
import {spreadWordsByLength} from './text/spread-words-by-length.ts';

/** A word of a clip as written, and when it is spoken. */
export type TimelineWord = {
  text: string;
  /** In seconds from frame 0. */
  startInSeconds: number;
  endInSeconds: number;
  /**
   * The first frame at or after the moment the word starts: a caption or a visual keyed to it
   * never shows before it is heard (by less than a frame after).
   */
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
  /**
   * How fast the file plays (pitch kept): 1, or more where its line was fitted into its slot
   * (see `maxPlaybackRate`). Every time and frame here is as played.
   */
  playbackRate: number;
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
  /**
   * Its file's integrated loudness (LUFS) and true peak (dBTP), as measured when stored; null when
   * not measured (or silent). A render plays a mono file at the loudness it measures (measured:
   * within 0.2 LU on the tests' dialogue).
   */
  loudnessLufs: number | null;
  truePeakDbtp: number | null;
  /**
   * Its file's channels, when measured: a render plays mono at the loudness it measures, a
   * browser (the Studio, the Player) 3 dB louder, on both speakers at full level.
   */
  channelCount: 1 | 2 | null;
};

/** Who speaks a cue, and how: the cue's own settings over the narration's `voice`. */
export type TimelineVoice = {speakerId: string; speed: number; emotion: string | null};

/**
 * The room a line has before a fixed moment (or the end of a fixed-length scene): the cue with
 * the moment and the cues after it, up to the next moment.
 */
export type TimelineSlot = {
  /** Where its first speech starts, in seconds from frame 0. */
  startInSeconds: number;
  /** The latest its last cue may end (with the pause after it) for the next moment to hold. */
  endInSeconds: number;
  /** How long its cues take at their own speed, pauses included: more than the slot means fitted. */
  naturalLengthInSeconds: number;
  /** The rate its clips play at to fit (1 when they fit as spoken). */
  playbackRate: number;
  /** How far it still runs past its end (0 when it fits): the next moment is that much late. */
  overflowInSeconds: number;
  /** Its cues: this one and those after it up to the next moment. */
  cueIds: string[];
  /** The cue whose moment ends it; null when the end of its (fixed-length) scene does. */
  nextCueId: string | null;
};

/** A scene of a narration written as `scenes`: where its `<Series.Sequence>` goes. */
export type TimelineScene = {
  id: string;
  /** Its first frame in the composition. */
  startFrame: number;
  /** For its `<Series.Sequence>` / `<TransitionSeries.Sequence>`: its padding and both transitions included. */
  durationInFrames: number;
  /** Its overlap with the scene before it: the `<TransitionSeries.Transition>`'s duration (0 for a cut). */
  transitionInFrames: number;
  /** The ids of its cues, in order. */
  cueIds: string[];
};

export type TimelineCue = {
  id: string;
  /** The cue's text as written ('' for a silent cue). */
  text: string;
  /** Its scene's id; null when the narration has no scenes. */
  scene: string | null;
  /** A silent segment (`silenceInSeconds`): no clips; `startFrame` and `durationInFrames` are its silence. */
  silent: boolean;
  /** The rate its clips play at: above 1 when it was fitted into its slot. */
  playbackRate: number;
  /**
   * The speed the service read it at to fit its slot, when playing it faster was not enough
   * (see `compositionClips`); null when it is read at `voice.speed`.
   */
  fittedSpeed: number | null;
  /** The slot it opens, when it has a fixed moment or ends a fixed-length scene; null otherwise. */
  slot: TimelineSlot | null;
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
  /** Every cue, in order (those of every scene). */
  cues: TimelineCue[];
  /** Its scenes, when the narration is written as `scenes`; empty otherwise. */
  scenes: TimelineScene[];
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
  stored: {file: string; audio: ClipAudio; wordTiming?: WordTiming; loudness?: ManifestClip['loudness']} | null;
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

/** What the layout has reached: where the next speech may start, and what is placed so far. */
type LayoutState = {
  /** The earliest the next speech may start, in seconds. */
  nextSpeechAt: number;
  /** Where the last speech ended: no file starts before it. */
  previousSpeechEnd: number;
  /** Where the last cue's window (speech, minimum duration or silence) ended. */
  windowEnd: number;
  /** Where the last spoken cue's window ended in this scene; null while nothing is spoken in it. */
  spokenWindowEnd: number | null;
  /** The earliest a speech without a fixed moment may start: after the transition into its scene. */
  floor: number;
  lastFileEndFrame: number;
};

/**
 * Lays the cues out so that every pause is the one asked for, measured on the speech itself, not
 * on the files (whose own leading and trailing silence differ from clip to clip):
 *
 * - a scene's first speech starts `paddingBeforeInSeconds` after its start (the narration's
 *   `leadInInSeconds` after frame 0 when it has no scenes), and it ends `paddingAfterInSeconds`
 *   after its last speech (`tailInSeconds`), or at its fixed `durationInSeconds`; no padding is
 *   shorter than the transition next to it, so no speech plays under a transition;
 * - within a cue, the next clip's speech starts `sentencePauseInSeconds` after the previous
 *   clip's speech ends; between cues, `pauseAfterInSeconds` (or `gapInSeconds`) after the end of
 *   the cue's speech, or of its `minDurationInSeconds` when that is longer;
 * - a silent cue lasts `silenceInSeconds` from where the cue before it ends (or its scene starts),
 *   and the next speech starts at its end (plus its `pauseAfterInSeconds`);
 * - a cue with a fixed moment (`atInSeconds`, `atFrame`) starts there. The cues before it are a
 *   slot that must end (with its pause after) by then; a fixed-length scene is one for its last
 *   cues. A slot whose speech is too long plays its clips faster, pitch kept, by the least rate
 *   that fits, up to `maxPlaybackRate`; beyond that it is left as it is, its cue pushed later
 *   and `slot.overflowInSeconds` says by how much (prepare and renders refuse it).
 * - the composition ends with its last scene, and never before a file ends.
 *
 * A clip's file starts on a whole frame, at or after the moment the previous clip's speech ends
 * (so a file only ever overlaps another where it is silent); where its own leading silence is
 * longer than the pause asked for, whole frames of that silence are skipped
 * (`trimBeforeInFrames`). Frame rounding may lengthen a pause by less than one frame, never
 * shorten it. Pure maths: `clips[i]` are the placements of `narrationCues(narration)[i]`.
 */
export const buildTimeline = ({
  narration,
  clips,
  marks = [],
  fps,
}: {
  narration: Narration;
  clips: ClipPlacement[][];
  /** `marks[i]`: the bookmarks of `narrationCues(narration)[i]`, at offsets of its written text. */
  marks?: TextMark[][];
  fps: number;
}): NarrationTimeline => {
  if (!Number.isFinite(fps) || fps <= 0) {
    throw new TypeError(`fps must be a positive number, but got ${fps}.`);
  }
  const maxPlaybackRate = narration.maxPlaybackRate ?? DEFAULT_MAX_PLAYBACK_RATE;
  const scenes = narrationScenes(narration);
  const transitionFrames = scenes.map((scene, index) => (index === 0 ? 0 : secondsToFramesRoundingUp(scene.scene.transitionInSeconds ?? 0, fps)));
  const cues: TimelineCue[] = [];
  const timelineScenes: TimelineScene[] = [];
  let sceneStartFrame = 0;
  let state: LayoutState = {nextSpeechAt: 0, previousSpeechEnd: 0, windowEnd: 0, spokenWindowEnd: null, floor: 0, lastFileEndFrame: 0};

  scenes.forEach((scene, sceneIndex) => {
    const sceneStart = sceneStartFrame / fps;
    const transitionIn = transitionFrames[sceneIndex]! / fps;
    const transitionOut = (transitionFrames[sceneIndex + 1] ?? 0) / fps;
    const paddingBefore = Math.max(scene.paddingBeforeInSeconds, transitionIn);
    const paddingAfter = Math.max(scene.paddingAfterInSeconds, transitionOut);
    const fixedEnd = scene.scene.durationInSeconds === undefined ? null : sceneStart + scene.scene.durationInSeconds;
    state = {...state, nextSpeechAt: sceneStart + paddingBefore, windowEnd: sceneStart, spokenWindowEnd: null, floor: sceneStart + transitionIn};
    /** Where what a layout placed ends, with the padding after its speech (a trailing silence takes its place). */
    const contentEndOf = (after: LayoutState) => Math.max(after.windowEnd, after.spokenWindowEnd === null ? -Infinity : after.spokenWindowEnd + paddingAfter);
    const momentOf = (cue: NarrationCue): number | null =>
      cue.atInSeconds !== undefined ? sceneStart + cue.atInSeconds : cue.atFrame !== undefined ? sceneStart + cue.atFrame / fps : null;

    // Slots: each fixed moment starts one; the cues before the first fixed moment are one too.
    const slotStarts = scene.cues.flatMap((cue, index) => (index === 0 || momentOf(cue) !== null ? [index] : []));
    slotStarts.forEach((first, slotIndex) => {
      const end = slotStarts[slotIndex + 1] ?? scene.cues.length;
      const slotCues = scene.cues.slice(first, end).map((cue, offset) => ({cue, index: scene.firstCueIndex + first + offset}));
      const nextMoment = end < scene.cues.length ? momentOf(scene.cues[end]!) : null;
      const moment = momentOf(scene.cues[first]!);
      const start = {...state, ...(moment === null ? {} : {nextSpeechAt: Math.max(moment, state.windowEnd), windowEnd: Math.max(moment, state.windowEnd)})};
      if (moment !== null && moment < state.windowEnd) {
        // Never reached when the slot before fits; when it cannot, this cue starts after it.
        start.nextSpeechAt = Math.max(start.nextSpeechAt, state.nextSpeechAt);
      }
      // Where the slot starts as asked: a slot pushed later by the one before it (which could not
      // fit, and reports it) is judged from its own moment, so that it is not blamed or fitted for it.
      const slotStart = moment ?? start.nextSpeechAt;
      const push = Math.max(0, start.nextSpeechAt - slotStart);
      /** How far the slot's end runs past what it may (≤ 0 when it fits), for a layout of it, counted from its moment. */
      const overflowOf = (after: LayoutState): number =>
        (nextMoment !== null ? after.nextSpeechAt - nextMoment : fixedEnd !== null ? contentEndOf(after) - fixedEnd : 0) - push;
      const lay = (playbackRate: number) => {
        let layout = {...start};
        const placed = slotCues.map(({cue, index}) => {
          const result = placeCue({narration, cue, placements: clips[index] ?? [], marks: marks[index] ?? [], scene: scene.id, playbackRate, state: layout, fps});
          layout = result.state;
          return result.cue;
        });
        return {placed, after: layout, overflow: overflowOf(layout)};
      };
      let laid = lay(1);
      const natural = laid;
      let playbackRate = 1;
      if (natural.overflow > OVERFLOW_TOLERANCE_IN_SECONDS) {
        const speech = natural.placed.reduce((sum, cue) => sum + cue.clips.reduce((clipSum, clip) => clipSum + clip.speechEndInSeconds - clip.speechStartInSeconds, 0), 0);
        // The least rate that fits: speech shrinks by the rate, pauses do not. Frame rounding may
        // need a little more, found by trying again.
        let rate = speech > natural.overflow ? speech / (speech - natural.overflow) : Infinity;
        for (let attempt = 0; attempt < 8 && rate <= maxPlaybackRate; attempt++) {
          const rounded = Math.ceil(rate * 1000 - 1e-9) / 1000;
          const tried = lay(rounded);
          if (tried.overflow <= OVERFLOW_TOLERANCE_IN_SECONDS) {
            laid = tried;
            playbackRate = rounded;
            break;
          }
          const shrunk = speech / rounded;
          rate = shrunk > tried.overflow ? rounded * (shrunk / (shrunk - tried.overflow)) + 0.0005 : Infinity;
        }
      }
      const limit = nextMoment ?? fixedEnd;
      if (limit !== null) {
        const slot: TimelineSlot = {
          startInSeconds: slotStart,
          endInSeconds: limit,
          naturalLengthInSeconds: natural.overflow + (limit - slotStart),
          playbackRate,
          overflowInSeconds: Math.max(0, laid.overflow > OVERFLOW_TOLERANCE_IN_SECONDS ? laid.overflow : 0),
          cueIds: slotCues.map(({cue}) => cue.id),
          nextCueId: end < scene.cues.length ? scene.cues[end]!.id : null,
        };
        laid.placed[0] = {...laid.placed[0]!, slot};
      }
      cues.push(...laid.placed);
      state = laid.after;
    });

    const contentEnd = contentEndOf(state);
    // Never shorter than its two transitions: the next scene must not start before this one.
    const shortest = sceneStart + transitionIn + transitionOut;
    const end =
      fixedEnd !== null
        ? Math.max(fixedEnd, contentEnd, shortest)
        : Math.max(contentEnd, shortest, sceneStart + (scene.scene.minDurationInSeconds ?? 0), sceneStart + paddingBefore + (scene.cues.length === 0 ? paddingAfter : 0));
    const isLast = sceneIndex === scenes.length - 1;
    // The last scene covers the end of the last file (its silence), unless its length is fixed:
    // then only the composition does.
    const endFrame = Math.max(secondsToFramesRoundingUp(end, fps), isLast && fixedEnd === null ? state.lastFileEndFrame : 0, sceneStartFrame + 1);
    if (scene.id !== null) {
      timelineScenes.push({
        id: scene.id,
        startFrame: sceneStartFrame,
        durationInFrames: endFrame - sceneStartFrame,
        transitionInFrames: transitionFrames[sceneIndex]!,
        cueIds: scene.cues.map((cue) => cue.id),
      });
    }
    sceneStartFrame = isLast ? endFrame : endFrame - (transitionFrames[sceneIndex + 1] ?? 0);
  });
  return {fps, durationInFrames: Math.max(1, sceneStartFrame, state.lastFileEndFrame), cues, scenes: timelineScenes};
};

/** Less than this past a slot's end is float noise, not an overflow. */
const OVERFLOW_TOLERANCE_IN_SECONDS = 1e-6;

/** One cue placed after `state`: its clips at `playbackRate`, or its silence. */
const placeCue = ({
  narration,
  cue,
  placements,
  marks,
  scene,
  playbackRate,
  state,
  fps,
}: {
  narration: Narration;
  cue: NarrationCue;
  placements: ClipPlacement[];
  marks: TextMark[];
  scene: string | null;
  playbackRate: number;
  state: LayoutState;
  fps: number;
}): {cue: TimelineCue; state: LayoutState} => {
  const common = {
    id: cue.id,
    text: cue.text,
    voice: {
      speakerId: cue.speakerId ?? narration.voice.speakerId,
      speed: cue.speed ?? narration.voice.speed ?? DEFAULT_SPEED,
      emotion: cue.emotion ?? narration.voice.emotion ?? null,
    },
    language: languageOfCue({narration, cue}),
    scene,
    slot: null,
    fittedSpeed: null,
  };
  if (cue.silenceInSeconds !== undefined) {
    // From where the cue before it ended (or its moment), for its length; the next speech after it.
    const start = cue.atInSeconds !== undefined || cue.atFrame !== undefined ? state.nextSpeechAt : state.windowEnd;
    const end = start + cue.silenceInSeconds;
    const startFrame = frameAt(start, fps);
    return {
      cue: {
        ...common,
        silent: true,
        playbackRate: 1,
        startFrame,
        durationInFrames: Math.max(1, secondsToFramesRoundingUp(end, fps) - startFrame),
        speechEndFrame: startFrame,
        speechStartInSeconds: start,
        speechEndInSeconds: start,
        status: 'ready',
        clips: [],
        marks: {},
      },
      state: {...state, nextSpeechAt: end + (cue.pauseAfterInSeconds ?? 0), windowEnd: end},
    };
  }
  const sentencePause = narration.sentencePauseInSeconds ?? DEFAULT_SENTENCE_PAUSE_IN_SECONDS;
  let {previousSpeechEnd, lastFileEndFrame} = state;
  // A fixed moment is kept as asked, even inside a transition; any other speech starts after it.
  let nextSpeechAt = cue.atInSeconds !== undefined || cue.atFrame !== undefined ? state.nextSpeechAt : Math.max(state.nextSpeechAt, state.floor);
  const timelineClips = placements.map((placement): TimelineClip => {
    const fileDuration = placement.stored?.audio.durationInSeconds ?? estimateClipInSeconds(placement);
    const fileLeading = Math.min(fileDuration, placement.stored?.audio.leadingSilenceInSeconds ?? 0);
    const fileTrailing = Math.min(fileDuration - fileLeading, placement.stored?.audio.trailingSilenceInSeconds ?? 0);
    // As played: a faster rate makes every part of the file shorter.
    const leading = fileLeading / playbackRate;
    const earliestStartFrame = secondsToFramesRoundingUp(previousSpeechEnd, fps);
    // Not clamped at 0: a negative start means the silence is longer than the lead-in.
    let startFrame = Math.ceil((nextSpeechAt - leading) * fps - FRAME_TOLERANCE);
    let trimBeforeInFrames = 0;
    if (startFrame < earliestStartFrame) {
      // Its leading silence is longer than the pause (or the lead-in): start where the previous
      // speech ended (or at frame 0) and skip the whole frames of silence (of the file, as
      // `trimBefore` counts them) that would make the pause too long.
      startFrame = earliestStartFrame;
      const excess = startFrame / fps + leading - nextSpeechAt;
      trimBeforeInFrames = Math.min(Math.floor(excess * playbackRate * fps + FRAME_TOLERANCE), Math.floor(fileLeading * fps + FRAME_TOLERANCE));
    }
    const fileStart = fileStartOf({startFrame, trimBeforeInFrames, playbackRate}, fps);
    const speechStartInSeconds = fileStart + leading;
    const speechEndInSeconds = fileStart + (fileDuration - fileTrailing) / playbackRate;
    const durationInFrames = Math.max(1, secondsToFramesRoundingUp((fileDuration - trimBeforeInFrames / fps) / playbackRate, fps));
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
      playbackRate,
      durationInSeconds: fileDuration,
      leadingSilenceInSeconds: fileLeading,
      trailingSilenceInSeconds: fileTrailing,
      speechStartInSeconds,
      speechEndInSeconds,
      speechStartFrame: frameAt(speechStartInSeconds, fps),
      speechEndFrame: secondsToFramesRoundingUp(speechEndInSeconds, fps),
      moderationReason: placement.stored ? null : (placement.moderationReason ?? null),
      loudnessLufs: placement.stored?.loudness?.integratedLufs ?? null,
      truePeakDbtp: placement.stored?.loudness?.truePeakDbtp ?? null,
      channelCount: placement.stored?.loudness?.channelCount ?? null,
      ...timeWords({placement, fileStart, playbackRate, speechStartInSeconds, speechEndInSeconds, fps}),
    };
  });
  const first = timelineClips[0];
  const last = timelineClips.at(-1);
  const speechStartInSeconds = first?.speechStartInSeconds ?? state.nextSpeechAt;
  const speechEndInSeconds = last?.speechEndInSeconds ?? speechStartInSeconds;
  const windowEnd = Math.max(speechEndInSeconds, speechStartInSeconds + (cue.minDurationInSeconds ?? 0));
  const startFrame = frameAt(speechStartInSeconds, fps);
  return {
    cue: {
      ...common,
      silent: false,
      playbackRate,
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
      marks: placeMarks({marks, placements, clips: timelineClips, fps}),
    },
    state: {
      nextSpeechAt: windowEnd + (cue.pauseAfterInSeconds ?? narration.gapInSeconds ?? DEFAULT_GAP_IN_SECONDS),
      previousSpeechEnd: timelineClips.length > 0 ? previousSpeechEnd : state.previousSpeechEnd,
      windowEnd,
      spokenWindowEnd: windowEnd,
      floor: state.floor,
      lastFileEndFrame,
    },
  };
};

/** Where a clip's file starts, in seconds from frame 0: before its trimmed frames, as played. */
export const fileStartOf = (
  {startFrame, trimBeforeInFrames, playbackRate}: {startFrame: number; trimBeforeInFrames: number; playbackRate: number},
  fps: number,
): number => startFrame / fps - trimBeforeInFrames / fps / playbackRate;

/**
 * The written words of a clip with their times: from the word timing stored with the clip when
 * there is one (one entry per spoken word; a written word spans its spoken words), otherwise
 * spread over the clip's speech in proportion to each word's estimated length.
 */
const timeWords = ({
  placement,
  fileStart,
  playbackRate,
  speechStartInSeconds,
  speechEndInSeconds,
  fps,
}: {
  placement: ClipPlacement;
  fileStart: number;
  playbackRate: number;
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
    spokenTimes = measured.words.map(([start, end]) => [fileStart + start / playbackRate, fileStart + end / playbackRate] as const);
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
    return {text: word.text, startInSeconds, endInSeconds, startFrame: secondsToFramesRoundingUp(startInSeconds, fps)};
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
