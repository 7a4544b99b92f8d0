import type {ReactNode} from 'react';
import {AbsoluteFill, interpolate, spring, useCurrentFrame, useVideoConfig} from 'remotion';

const COLORS = ['#4f46e5', '#0891b2', '#059669', '#ca8a04', '#dc2626', '#7c3aed', '#db2777', '#2563eb'];

export type CueCardProps = {
  id: string;
  text: string;
  startFrame: number;
  durationInFrames: number;
  index: number;
  total: number;
};

/** One cue's scene: slides in at its start frame, fills a bar while it is spoken, fades after. */
export const CueCard = ({id, text, startFrame, durationInFrames, index, total}: CueCardProps) => {
  const frame = useCurrentFrame();
  const {fps} = useVideoConfig();
  const endFrame = startFrame + durationInFrames;
  if (frame < startFrame - 5 || frame > endFrame + 8) {
    return null;
  }
  const enter = spring({frame: frame - startFrame, fps, config: {damping: 200}, durationInFrames: 12});
  const exit = interpolate(frame, [endFrame, endFrame + 8], [1, 0], {extrapolateLeft: 'clamp', extrapolateRight: 'clamp'});
  const progress = interpolate(frame, [startFrame, endFrame], [0, 1], {extrapolateLeft: 'clamp', extrapolateRight: 'clamp'});
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
          {index + 1} / {total} · {id}
        </div>
        <div style={{color: '#f8fafc', fontSize: 44, lineHeight: 1.3, marginTop: 20}}>{text}</div>
        <div style={{height: 8, background: '#334155', borderRadius: 4, marginTop: 36}}>
          <div style={{height: 8, width: `${progress * 100}%`, background: color, borderRadius: 4}} />
        </div>
      </div>
    </AbsoluteFill>
  );
};

/** Background and title shared by the example's scenes. */
export const ExplainerBackdrop = ({title, children}: {title: string; children: ReactNode}) => (
  <AbsoluteFill style={{backgroundColor: '#0f172a', fontFamily: 'DejaVu Sans, Helvetica, Arial, sans-serif'}}>
    <div style={{position: 'absolute', top: 40, left: 60, color: '#94a3b8', fontSize: 28, fontWeight: 600}}>{title}</div>
    {children}
  </AbsoluteFill>
);
