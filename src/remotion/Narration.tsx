import {reevaluateComposition, watchStaticFile} from '@remotion/studio';
import {useEffect, useMemo, type ReactNode} from 'react';
import {getRemotionEnvironment, Html5Audio, Sequence, staticFile, useCurrentFrame, useRemotionEnvironment} from 'remotion';
import {clipSchedule, clipsNearFrame, type ScheduledClip} from '../core/clip-schedule.ts';
import {expandNarrationTimeline, isCompactNarrationTimeline, type CompactNarrationTimeline} from '../core/compact-timeline.ts';
import {cueGainInDb, DEFAULT_TARGET_LUFS, type LoudnessOptions} from '../core/loudness/narration-gain.ts';
import {speechLoudnessLufs} from '../core/loudness/voice-loudness.ts';
import {MANIFEST_PATH} from '../core/narration-paths.ts';
import type {NarrationTimeline} from '../core/timeline.ts';
import {memoPerObject} from './memo-per-object.ts';
import {MissingCueFlag} from './MissingCueFlag.tsx';
import {NarrationContext} from './narration-context.ts';
import {useSequenceStart} from './use-narration-cue.ts';

export type NarrationProps = {
  /**
   * The `narrationTimeline` prop that `calculateNarrationMetadata` adds (a full
   * `NarrationTimeline`, e.g. from `resolveNarrationTimeline`, works too).
   */
  timeline: CompactNarrationTimeline | NarrationTimeline | undefined;
  /** Volume of every clip, over the leveling: 0 to 1. Default 1. */
  volume?: number;
  /**
   * Levels the speech: each cue gets the gain that brings it to `targetLufs` (default -16 LUFS),
   * lowered where its true peak would pass `truePeakCeilingDbtp` (default -1 dBTP). `false`
   * plays every clip as the service made it.
   */
  loudness?: LoudnessOptions | false;
  children?: ReactNode;
};

/**
 * How long before a clip starts its `<Html5Audio>` is mounted in the Studio (and the Player),
 * paused at its start, so the browser has loaded it when it plays (Remotion 4.0.535 made 2 s the
 * Studio's default premount). Renders ignore premounting.
 */
const PREMOUNT_IN_SECONDS = 2;

const expanded = memoPerObject((timeline: CompactNarrationTimeline | NarrationTimeline) =>
  isCompactNarrationTimeline(timeline) ? expandNarrationTimeline(timeline) : timeline,
);
const scheduleOf = memoPerObject(clipSchedule);

/** The speech's loudness as the clips are, for ducking when leveling is off. */
const measuredSpeechLufs = memoPerObject(speechLoudnessLufs);

/**
 * Plays every cue's audio at its place in the timeline and gives its children
 * `useNarrationCue()`. Clips play through `Html5Audio`, which honours the MP3 gapless header
 * (measured: speech within ~3 ms of its frame; `@remotion/media`'s `<Audio>` came ~50 ms late).
 *
 * Only the clips that play at the current frame (or start within 2 s of it) are mounted, so a
 * frame costs the same in a 400-cue course as in a 4-cue one. A render collects the audio of
 * the components mounted at each frame, so it still gets every clip whole.
 */
export const Narration = ({timeline, volume = 1, loudness = {}, children}: NarrationProps) => {
  useReloadWhenPrepared();
  if (!timeline) {
    throw new Error(
      '<Narration> got no timeline. Set `calculateMetadata={calculateNarrationMetadata({fps})}` on the <Composition> and pass `props.narrationTimeline` to <Narration timeline={...}>.',
    );
  }
  const full = expanded(timeline);
  const {startFrame: originFrame} = useSequenceStart();
  const targetLufs = loudness === false ? null : (loudness.targetLufs ?? DEFAULT_TARGET_LUFS);
  const context = useMemo(() => ({timeline: full, originFrame, speechLufs: targetLufs ?? measuredSpeechLufs(full)}), [full, originFrame, targetLufs]);
  return (
    <NarrationContext.Provider value={context}>
      {children}
      <ClipsNearFrame timeline={full} volume={volume} loudness={loudness} />
    </NarrationContext.Provider>
  );
};

/** The one part that renders on every frame: a binary search and a few `<Sequence>`s. */
const ClipsNearFrame = ({timeline, volume, loudness}: {timeline: NarrationTimeline; volume: number; loudness: LoudnessOptions | false}) => {
  const frame = useCurrentFrame();
  const premountFrames = Math.ceil(PREMOUNT_IN_SECONDS * timeline.fps);
  const near = clipsNearFrame(scheduleOf(timeline), {frame, premountFrames});
  const {targetLufs, truePeakCeilingDbtp} = loudness === false ? {targetLufs: undefined, truePeakCeilingDbtp: undefined} : loudness;
  const inBrowser = !useRemotionEnvironment().isRendering;
  return near.map((scheduled) => {
    // Volume above 1 is amplified through Web Audio in the Studio, and by ffmpeg in a render.
    const gain = loudness === false ? 1 : 10 ** (cueGainInDb(scheduled.cue, {targetLufs, truePeakCeilingDbtp}) / 20);
    // A render plays a mono file at the loudness it measures (-3 dB on each side); a browser puts
    // it on both speakers at full level, 3 dB louder (measured in the Studio: -13.1 LUFS for a
    // cue leveled to -16). The preview is brought down to what the render will sound like.
    const preview = inBrowser && scheduled.clip.channelCount === 1 ? Math.SQRT1_2 : 1;
    // In the browser, an <audio> element's volume stops at 1: a clip leveled up past it plays
    // through a Web Audio gain. Decided by what is fixed for the clip (its cue's gain), and by
    // `volume` only when it asks for more than 1 itself: see ClipSequence.
    const webAudio = inBrowser && (gain * preview > 1 || volume > 1);
    return (
      <ClipSequence key={`narration-clip-${scheduled.index}`} scheduled={scheduled} premountFrames={premountFrames} volume={volume * gain * preview} webAudio={webAudio} />
    );
  });
};

const NO_POINTER_EVENTS = {pointerEvents: 'none'} as const;

const ClipSequence = ({
  scheduled: {cue, clip},
  premountFrames,
  volume,
  webAudio,
}: {
  scheduled: ScheduledClip;
  premountFrames: number;
  volume: number;
  webAudio: boolean;
}) => {
  // `trimBefore` only when there is something to trim: in the preview, Html5Audio hands an explicit
  // `trimBefore={undefined}` on to the <audio> element, and React warns about the unknown prop.
  const trim = clip.trimBeforeInFrames > 0 ? {trimBefore: clip.trimBeforeInFrames} : {};
  // A line fitted into its slot plays faster with its pitch kept: ffmpeg's atempo in a render,
  // the element's preservesPitch (on by default) in the Studio.
  const rate = clip.playbackRate !== 1 ? {playbackRate: clip.playbackRate} : {};
  // Through Web Audio (see ClipsNearFrame). Remotion routes an element into Web Audio for good:
  // a clip that changes path gets a new element (the key), or it would play into nothing. Fetched
  // with CORS, so that a clip from another origin that allows it is not silenced by Web Audio.
  const amplified = webAudio ? {useWebAudioApi: true, crossOrigin: 'anonymous' as const} : {};
  return (
    // Premounting needs a container to hide, so this is an absolute-fill layer (that never takes clicks).
    <Sequence
      from={clip.startFrame}
      durationInFrames={clip.durationInFrames}
      premountFor={premountFrames}
      name={`Narration: ${cue.id}`}
      style={NO_POINTER_EVENTS}
    >
      {clip.file === null ? <MissingCueFlag cue={cue} reason={clip.moderationReason} /> : <Html5Audio key={webAudio ? 'web-audio' : 'element'} src={staticFile(clip.file)} volume={volume} {...trim} {...rate} {...amplified} />}
    </Sequence>
  );
};

/**
 * In Studio, re-runs `calculateMetadata` when prepare (e.g. `prepare --watch`) rewrites the
 * manifest, so new audio and timings show without a reload.
 */
const useReloadWhenPrepared = () => {
  useEffect(() => {
    const environment = getRemotionEnvironment();
    if (!environment.isStudio || environment.isReadOnlyStudio) return;
    const {cancel} = watchStaticFile(MANIFEST_PATH, () => reevaluateComposition());
    return cancel;
  }, []);
};
