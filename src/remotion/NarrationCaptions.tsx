import {useMemo, type CSSProperties} from 'react';
import {AbsoluteFill, getRemotionEnvironment, useCurrentFrame} from 'remotion';
import {captionPageAt, captionPages, DEFAULT_MAX_LINES} from '../core/captions/caption-pages.ts';
import type {CaptionLanguage} from '../core/captions/caption-words.ts';
import {useNarrationTimeline} from './use-narration-cue.ts';

export type NarrationCaptionsProps = {
  /**
   * Longest line, in display columns: a Latin letter or digit takes one, a Chinese character or
   * full-width punctuation mark two. Default 42, and 32 (16 Chinese characters) for a Chinese cue.
   */
  maxCharactersPerLine?: number;
  /** Most lines on screen at once. Default 2. */
  maxLines?: number;
  /**
   * Lay every cue out as Chinese (`'zh'`: no spaces between characters, Chinese line-breaking
   * rules) or not (`'en'`). Default: each cue as its characters say (Chinese when they mostly are).
   */
  language?: CaptionLanguage;
  /** Colour of the word being spoken; null for no highlight. Default null. */
  highlightColor?: string | null;
  /** The full-frame container (where on screen): default bottom centre. */
  style?: CSSProperties;
  /** The caption box. */
  boxStyle?: CSSProperties;
};

const DEFAULT_CONTAINER: CSSProperties = {justifyContent: 'flex-end', alignItems: 'center', paddingBottom: '6%', pointerEvents: 'none'};
const DEFAULT_BOX: CSSProperties = {
  maxWidth: '84%',
  padding: '0.3em 0.6em',
  borderRadius: '0.25em',
  background: 'rgba(0, 0, 0, 0.72)',
  color: 'white',
  font: '600 44px/1.3 sans-serif',
  textAlign: 'center',
  whiteSpace: 'pre-wrap',
  // Should a line still be wider than the box, the browser breaks Chinese by the same rules.
  lineBreak: 'strict',
};

/**
 * Burned-in captions of the narration: readable pages (lines of at most ~42 characters, or 16
 * Chinese characters, two lines at most) that appear when their first word is spoken, never
 * before. Chinese is shown as written, without spaces between characters (a font with Chinese
 * glyphs must be loaded: a machine without one draws boxes or nothing). Restyle with `style` and
 * `boxStyle`; `highlightColor` colours the word being spoken. In Studio, captions of clips not
 * generated yet are estimated, and shown dashed. Inside `<Narration>`.
 */
export const NarrationCaptions = ({
  maxCharactersPerLine,
  maxLines = DEFAULT_MAX_LINES,
  language,
  highlightColor = null,
  style,
  boxStyle,
}: NarrationCaptionsProps) => {
  const timeline = useNarrationTimeline();
  const frame = useCurrentFrame();
  const pages = useMemo(() => captionPages({timeline, maxCharactersPerLine, maxLines, language}), [timeline, maxCharactersPerLine, maxLines, language]);
  const seconds = frame / timeline.fps;
  const page = captionPageAt(pages, seconds);
  if (!page) return null;
  const flagged = page.estimated && getRemotionEnvironment().isStudio;
  return (
    <AbsoluteFill style={{...DEFAULT_CONTAINER, ...style}}>
      <div style={{...DEFAULT_BOX, ...(flagged ? {outline: '3px dashed rgba(200, 30, 30, 0.9)'} : {}), ...boxStyle}}>
        {page.lines.map((line, lineIndex) => (
          <div key={lineIndex}>
            {line.map((word, wordIndex) => {
              const speaking = highlightColor !== null && seconds >= word.startInSeconds && seconds < word.endInSeconds;
              return (
                <span key={wordIndex} style={speaking ? {color: highlightColor} : undefined}>
                  {wordIndex > 0 && word.spaceBefore ? ' ' : ''}
                  {word.text}
                </span>
              );
            })}
          </div>
        ))}
      </div>
    </AbsoluteFill>
  );
};
