import {createTikTokStyleCaptions, parseSrt} from '@remotion/captions';
import {describe, expect, it} from 'vitest';
import {captionPages} from '../../../src/core/captions/caption-pages.ts';
import {formatCaptions} from '../../../src/core/captions/format-captions.ts';
import {narrationCaptions} from '../../../src/core/captions/narration-captions.ts';
import {emptyManifest} from '../../../src/core/manifest-schema.ts';
import {resolveNarrationTimeline} from '../../../src/core/resolve-narration-timeline.ts';
import type {Narration} from '../../../src/core/narration-schema.ts';

const narration = {
  voice: {speakerId: 'v'},
  pronunciations: {SQL: 'sequel'},
  cues: [
    {id: 'intro', text: 'Write SQL <mark name="m"/> with care. Captions show the words as written, never the pronunciations, and break into readable lines of a few words.'},
    {id: 'outro', text: 'Thanks for watching.'},
  ],
};

const timeline = () => resolveNarrationTimeline({narration, manifest: emptyManifest(), fps: 30, compositionId: 'Demo', allowMissing: true});

describe('captions', () => {
  it('are the written words with absolute times, as @remotion/captions expects them', async () => {
    const captions = narrationCaptions(await timeline());
    expect(captions.map((caption) => caption.text.trim()).slice(0, 4)).toEqual(['Write', 'SQL', 'with', 'care.']);
    expect(captions[0]!.text).toBe('Write');
    expect(captions[1]!.text).toBe(' SQL');
    for (let i = 1; i < captions.length; i++) expect(captions[i]!.startMs).toBeGreaterThanOrEqual(captions[i - 1]!.startMs);
    expect(captions.every((caption) => caption.confidence === null)).toBe(true); // estimated: no audio yet
  });

  it('are laid out in pages of at most two lines of at most 42 characters, never shown before their first word', async () => {
    const t = await timeline();
    const pages = captionPages({timeline: t});
    for (const page of pages) {
      expect(page.lines.length).toBeLessThanOrEqual(2);
      for (const line of page.lines) expect(line.map((word) => word.text).join(' ').length).toBeLessThanOrEqual(42);
      expect(page.startInSeconds).toBe(page.lines[0]![0]!.startInSeconds);
      expect(page.endInSeconds).toBeGreaterThan(page.startInSeconds);
    }
    for (let i = 1; i < pages.length; i++) expect(pages[i]!.startInSeconds).toBeGreaterThanOrEqual(pages[i - 1]!.endInSeconds);
    expect(new Set(pages.map((page) => page.cueId))).toEqual(new Set(['intro', 'outro']));
  });

  it('write SRT that parses back to the same words and times, and WebVTT', async () => {
    const t = await timeline();
    const pages = captionPages({timeline: t});
    const srt = formatCaptions({pages, captions: narrationCaptions(t), format: 'srt'});
    const parsed = parseSrt({input: srt}).captions;
    expect(parsed).toHaveLength(pages.length);
    parsed.forEach((caption, index) => {
      expect(caption.text.replace(/\s+/g, ' ').trim()).toBe(pages[index]!.lines.flat().map((word) => word.text).join(' '));
      expect(Math.abs(caption.startMs - pages[index]!.startInSeconds * 1000)).toBeLessThanOrEqual(1);
    });
    const vtt = formatCaptions({pages, captions: [], format: 'vtt'});
    expect(vtt.startsWith('WEBVTT\n\n00:00:00.')).toBe(true);
  });
});

describe('captions for createTikTokStyleCaptions', () => {
  it('never puts the words of two cues on one page, however long the pages may be', async () => {
    const narration: Narration = {
      voice: {speakerId: 'v'},
      cues: [
        {id: 'a', text: 'A short line.'},
        {id: 'b', text: 'Another line, some seconds later.', pauseAfterInSeconds: 3},
        {id: 'c', text: 'And a last one.'},
      ],
    };
    const timeline = await resolveNarrationTimeline({narration, manifest: emptyManifest(), fps: 30, compositionId: 'Demo', allowMissing: true});
    const {pages} = createTikTokStyleCaptions({captions: narrationCaptions(timeline), combineTokensWithinMilliseconds: 60_000});
    expect(pages.map((page) => page.text.trim())).toEqual(['A short line.', 'Another line, some seconds later.', 'And a last one.']);
  });
});
