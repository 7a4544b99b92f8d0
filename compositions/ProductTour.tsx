import {createTikTokStyleCaptions} from '@remotion/captions';
import {useMemo, type ReactNode} from 'react';
import {AbsoluteFill, interpolate, OffthreadVideo, Series, staticFile, useCurrentFrame, useVideoConfig} from 'remotion';
import {z} from 'zod';
import {Narration, narrationSchema, useNarrationCaptions, useNarrationCue, useNarrationScene, useNarrationTimeline, type NarratedProps} from '../src/index.ts';
import {EXAMPLE_FONT_FAMILY} from './CueCard.tsx';

export const productTourSchema = z.object({narration: narrationSchema});
export type ProductTourProps = z.input<typeof productTourSchema> & NarratedProps;

/** The screen recording the tour narrates over (made by `npm run tour`: scripts/make-tour-recording.ts). */
export const TOUR_RECORDING = 'tour/recording.mp4';

/**
 * The narration's scenes, one `<Series.Sequence>` each, as long as the narration makes them; a
 * negative offset overlaps a scene with the one before by its transition (as
 * `<TransitionSeries.Transition>` does), and it fades in over that overlap. The narration's
 * hooks count frames from the start of the scene they are called in.
 */
export const ProductTour = ({narrationTimeline}: ProductTourProps) => (
  <AbsoluteFill style={{backgroundColor: '#0f172a', fontFamily: EXAMPLE_FONT_FAMILY}}>
    <Narration timeline={narrationTimeline}>
      <Scenes />
      <TikTokCaptions />
    </Narration>
  </AbsoluteFill>
);

const SCENES: Record<string, () => ReactNode> = {
  title: () => <Title />,
  recording: () => <Recording />,
  dialogue: () => <Dialogue />,
};

const Scenes = () => (
  <Series>
    {useNarrationTimeline().scenes.map((scene) => (
      <Series.Sequence key={scene.id} name={scene.id} durationInFrames={scene.durationInFrames} offset={-scene.transitionInFrames}>
        <FadeIn frames={scene.transitionInFrames}>{SCENES[scene.id]?.()}</FadeIn>
      </Series.Sequence>
    ))}
  </Series>
);

const FadeIn = ({frames, children}: {frames: number; children: ReactNode}) => {
  const opacity = frames === 0 ? 1 : interpolate(useCurrentFrame(), [0, frames], [0, 1], {extrapolateLeft: 'clamp', extrapolateRight: 'clamp'});
  return <AbsoluteFill style={{opacity, backgroundColor: '#0f172a'}}>{children}</AbsoluteFill>;
};

/** The silent title: the narration gives it its 2 s, and no speech plays under it. */
const Title = () => (
  <AbsoluteFill style={{justifyContent: 'center', alignItems: 'center', color: 'white'}}>
    <div style={{fontSize: 64, fontWeight: 700}}>Acme Reports</div>
    <div style={{fontSize: 32, color: '#94a3b8', marginTop: 16}}>A tour in 30 seconds</div>
  </AbsoluteFill>
);

/** The recording, with a label that appears when each line over it starts (frames of this scene). */
const Recording = () => (
  <AbsoluteFill>
    <OffthreadVideo src={staticFile(TOUR_RECORDING)} muted style={{width: '100%', height: '100%'}} />
    {['open', 'filter', 'export'].map((id) => (
      <Callout key={id} cueId={id} />
    ))}
  </AbsoluteFill>
);

const Callout = ({cueId}: {cueId: string}) => {
  const frame = useCurrentFrame();
  const cue = useNarrationCue(cueId);
  if (frame < cue.startFrame || frame >= cue.startFrame + cue.durationInFrames) return null;
  return (
    <div style={{position: 'absolute', left: 40, top: 40, padding: '10px 18px', borderRadius: 12, background: '#facc15', color: '#0f172a', fontSize: 28, fontWeight: 700}}>
      {cueId}
      {cue.playbackRate > 1 ? ` (${cue.playbackRate.toFixed(2)}×)` : ''}
    </div>
  );
};

/** Each line of the dialogue as a bubble, on the side of whoever speaks it. */
const Dialogue = () => {
  const frame = useCurrentFrame();
  const {cues} = useNarrationScene('dialogue');
  const host = cues[0]?.voice.speakerId;
  return (
    <AbsoluteFill style={{padding: 80, gap: 24, justifyContent: 'center'}}>
      {cues
        .filter((cue) => frame >= cue.startFrame)
        .map((cue) => (
          <div
            key={cue.id}
            style={{
              alignSelf: cue.voice.speakerId === host ? 'flex-start' : 'flex-end',
              maxWidth: '70%',
              padding: '18px 26px',
              borderRadius: 24,
              fontSize: 32,
              color: 'white',
              background: cue.voice.speakerId === host ? '#4f46e5' : '#0891b2',
            }}
          >
            {cue.text}
          </div>
        ))}
    </AbsoluteFill>
  );
};

/** How long a caption page stays after its last word when the next one is not near. */
const HOLD_MS = 600;

/**
 * TikTok-style captions from the narration: `createTikTokStyleCaptions` starts a page at every
 * cue (and speaker change), a page shows from its first word (never before it is heard) and
 * goes soon after its last one, so none stays up through a silence or a title.
 */
const TikTokCaptions = () => {
  const captions = useNarrationCaptions();
  const {pages} = useMemo(() => createTikTokStyleCaptions({captions, combineTokensWithinMilliseconds: 1200}), [captions]);
  const ms = (useCurrentFrame() / useVideoConfig().fps) * 1000;
  const page = pages.find((each) => ms >= each.startMs && ms < Math.min(each.startMs + each.durationMs, each.tokens[each.tokens.length - 1]!.toMs + HOLD_MS));
  if (!page) return null;
  return (
    <AbsoluteFill style={{justifyContent: 'flex-end', alignItems: 'center', paddingBottom: 48}}>
      <div style={{fontSize: 40, fontWeight: 700, color: 'white', textShadow: '0 2px 8px black', whiteSpace: 'pre'}}>
        {page.tokens.map((token) => (
          <span key={token.fromMs} style={{color: ms >= token.fromMs && ms < token.toMs ? '#facc15' : 'white'}}>
            {token.text}
          </span>
        ))}
      </div>
    </AbsoluteFill>
  );
};
