import {reevaluateComposition, watchStaticFile} from '@remotion/studio';
import {useEffect, type ReactNode} from 'react';
import {getRemotionEnvironment, Html5Audio, Sequence, staticFile} from 'remotion';
import {MANIFEST_PATH} from '../core/narration-paths.ts';
import {MissingCueFlag} from './MissingCueFlag.tsx';
import {NarrationContext} from './narration-context.ts';
import type {NarrationTimeline, TimelineCue} from '../core/timeline.ts';

export type NarrationProps = {
  /** The `narrationTimeline` prop that `calculateNarrationMetadata` adds. */
  timeline: NarrationTimeline | undefined;
  /** Volume of every clip, 0 to 1. Default 1. */
  volume?: number;
  children?: ReactNode;
};

/**
 * Plays every cue's audio at its place in the timeline and gives its children
 * `useNarrationCue()`. Clips play through `Html5Audio`, which honours the MP3 gapless header
 * (measured: speech within ~3 ms of its frame; `@remotion/media`'s `<Audio>` came ~50 ms late).
 */
export const Narration = ({timeline, volume = 1, children}: NarrationProps) => {
  useReloadWhenPrepared();
  if (!timeline) {
    throw new Error(
      '<Narration> got no timeline. Set `calculateMetadata={calculateNarrationMetadata({fps})}` on the <Composition> and pass `props.narrationTimeline` to <Narration timeline={...}>.',
    );
  }
  return (
    <NarrationContext.Provider value={timeline}>
      {children}
      {timeline.cues.map((cue) => (
        <CueAudio key={cue.id} cue={cue} volume={volume} />
      ))}
    </NarrationContext.Provider>
  );
};

const CueAudio = ({cue, volume}: {cue: TimelineCue; volume: number}) => (
  <>
    {cue.clips.map((clip, index) => (
      <Sequence
        key={clip.key + index}
        from={clip.startFrame}
        durationInFrames={clip.durationInFrames}
        name={`Narration: ${cue.id}`}
        layout="none"
      >
        {clip.file === null ? (
          <MissingCueFlag cue={cue} reason={clip.moderationReason} />
        ) : (
          <Html5Audio src={staticFile(clip.file)} volume={volume} trimBefore={clip.trimBeforeInFrames > 0 ? clip.trimBeforeInFrames : undefined} />
        )}
      </Sequence>
    ))}
  </>
);

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
