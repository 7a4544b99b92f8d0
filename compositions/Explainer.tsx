import {AbsoluteFill, interpolate, spring, useCurrentFrame, useVideoConfig} from 'remotion';
import {z} from 'zod';
import {Narration, narrationSchema, useNarrationCue, type NarratedProps} from '../src/index.ts';

export const explainerSchema = z.object({
  title: z.string(),
  narration: narrationSchema,
});

export type ExplainerProps = z.infer<typeof explainerSchema> & NarratedProps;

const COLORS = ['#4f46e5', '#0891b2', '#059669', '#ca8a04', '#dc2626', '#7c3aed', '#db2777', '#2563eb'];

/** One scene per cue; each follows its cue's frames from the narration timeline. */
export const Explainer = ({title, narration, narrationTimeline}: ExplainerProps) => (
  <AbsoluteFill style={{backgroundColor: '#0f172a', fontFamily: 'DejaVu Sans, Helvetica, Arial, sans-serif'}}>
    <Narration timeline={narrationTimeline}>
      <div style={{position: 'absolute', top: 40, left: 60, color: '#94a3b8', fontSize: 28, fontWeight: 600}}>{title}</div>
      {narration.cues.map((cue, index) => (
        <CueScene key={cue.id} cueId={cue.id} index={index} total={narration.cues.length} />
      ))}
    </Narration>
  </AbsoluteFill>
);

const CueScene = ({cueId, index, total}: {cueId: string; index: number; total: number}) => {
  const frame = useCurrentFrame();
  const {fps} = useVideoConfig();
  const cue = useNarrationCue(cueId);
  const endFrame = cue.startFrame + cue.durationInFrames;
  if (frame < cue.startFrame - 5 || frame > endFrame + 8) {
    return null;
  }
  const enter = spring({frame: frame - cue.startFrame, fps, config: {damping: 200}, durationInFrames: 12});
  const exit = interpolate(frame, [endFrame, endFrame + 8], [1, 0], {extrapolateLeft: 'clamp', extrapolateRight: 'clamp'});
  const progress = interpolate(frame, [cue.startFrame, endFrame], [0, 1], {extrapolateLeft: 'clamp', extrapolateRight: 'clamp'});
  const color = COLORS[index % COLORS.length];
  return (
    <AbsoluteFill style={{justifyContent: 'center', alignItems: 'center', opacity: Math.min(enter, exit)}}>
      <div
        style={{
          width: 1000,
          padding: '48px 56px',
          borderRadius: 24,
          background: '#1e293b',
          borderLeft: `12px solid ${color}`,
          transform: `translateY(${(1 - enter) * 40}px)`,
        }}
      >
        <div style={{color, fontSize: 26, fontWeight: 700, letterSpacing: 2, textTransform: 'uppercase'}}>
          {index + 1} / {total} · {cue.id}
        </div>
        <div style={{color: '#f8fafc', fontSize: 44, lineHeight: 1.3, marginTop: 20}}>{cue.text}</div>
        <div style={{height: 8, background: '#334155', borderRadius: 4, marginTop: 36}}>
          <div style={{height: 8, width: `${progress * 100}%`, background: color, borderRadius: 4}} />
        </div>
      </div>
    </AbsoluteFill>
  );
};
