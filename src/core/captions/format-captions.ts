import type {Caption} from '@remotion/captions';
import {lineText, type CaptionPage} from './caption-pages.ts';

export type CaptionFormat = 'srt' | 'vtt' | 'json';

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** `hh:mm:ss.mmm` (WebVTT) or `hh:mm:ss,mmm` (SRT). */
const timestamp = (seconds: number, separator: '.' | ','): string => {
  const ms = Math.max(0, Math.round(seconds * 1000));
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor((ms % 3_600_000) / 60_000))}:${pad(Math.floor((ms % 60_000) / 1000))}${separator}${pad(ms % 1000, 3)}`;
};

const pageText = (page: CaptionPage) => page.lines.map(lineText).join('\n');

/**
 * Caption pages as a sidecar file: SubRip (`srt`), WebVTT (`vtt`), or the word-level `Caption[]`
 * of `@remotion/captions` as JSON (`json`, from `captions`).
 */
export const formatCaptions = ({pages, captions, format}: {pages: CaptionPage[]; captions: Caption[]; format: CaptionFormat}): string => {
  switch (format) {
    case 'json':
      return `${JSON.stringify(captions, null, 2)}\n`;
    case 'srt':
      return `${pages
        .map((page, index) => `${index + 1}\n${timestamp(page.startInSeconds, ',')} --> ${timestamp(page.endInSeconds, ',')}\n${pageText(page)}`)
        .join('\n\n')}\n`;
    case 'vtt':
      return `WEBVTT\n\n${pages
        .map((page) => `${timestamp(page.startInSeconds, '.')} --> ${timestamp(page.endInSeconds, '.')}\n${pageText(page)}`)
        .join('\n\n')}\n`;
  }
};
