// Chinese glyphs for machines without a CJK font (Debian and most CI images have none): the
// browser would draw boxes or nothing. The CSS splits the font by unicode-range, so only the
// parts a frame uses are loaded, and Remotion waits for them before it takes the frame.
import '@fontsource/noto-sans-sc/400.css';
import {useEffect, useState, type ReactNode} from 'react';
import {AbsoluteFill, cancelRender, continueRender, delayRender, getRemotionEnvironment, interpolate, spring, useCurrentFrame, useVideoConfig} from 'remotion';

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

/**
 * Noto Sans SC (imported above) first, for Latin as well: after a system font, Chromium drew
 * the Chinese title as boxes on Debian (some system font in the fallback claims the characters).
 */
export const EXAMPLE_FONT_FAMILY = "'Noto Sans SC', 'DejaVu Sans', sans-serif";

/**
 * Holds the render until the parts of Noto Sans SC that `text` needs are loaded. The browser
 * loads a unicode-range part only once some text on screen needs it, and a frame taken before it
 * arrives shows boxes (seen on this example's title): asking for all of the video's text up
 * front loads them once, before the first frame.
 */
const useCjkFontFor = (text: string) => {
  const [handle] = useState(() => delayRender('Loading Noto Sans SC'));
  useEffect(() => {
    document.fonts.load("400 16px 'Noto Sans SC'", text).then(
      () => continueRender(handle),
      (error: unknown) => {
        // A render without the font would show boxes: stop it. The Studio keeps playing (a load
        // cut short by a hot reload fails with "A network error occurred."); the next load retries.
        if (getRemotionEnvironment().isRendering) cancelRender(error);
        else continueRender(handle);
      },
    );
  }, [handle, text]);
};

/** Background and title shared by the example's scenes; `text`: the rest of the text the video shows. */
export const ExplainerBackdrop = ({title, text = '', children}: {title: string; text?: string; children: ReactNode}) => {
  useCjkFontFor(`${title}${text}`);
  return (
    <AbsoluteFill style={{backgroundColor: '#0f172a', fontFamily: EXAMPLE_FONT_FAMILY}}>
      <div style={{position: 'absolute', top: 40, left: 60, color: '#94a3b8', fontSize: 28, fontWeight: 600}}>{title}</div>
      {children}
    </AbsoluteFill>
  );
};
