import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {captionPages} from '../../../src/core/captions/caption-pages.ts';
import {formatCaptions} from '../../../src/core/captions/format-captions.ts';
import {narrationCaptions} from '../../../src/core/captions/narration-captions.ts';
import {emptyManifest} from '../../../src/core/manifest-schema.ts';
import {resolveNarrationTimeline} from '../../../src/core/resolve-narration-timeline.ts';
import {longCourse, measuredManifest} from '../../remotion/long-course.ts';
import {ENGLISH_NARRATIONS} from './fixtures/english-narrations.ts';

describe('captions of English narration', () => {
  it('are byte for byte what they were before Chinese captions (SRT, WebVTT, JSON; default and narrow lines), but for a page break after each cue', async () => {
    // Made by fixtures/make-english-captions.ts from the commit before Chinese captions.
    const before = JSON.parse(await readFile(path.join(import.meta.dirname, 'fixtures/english-captions.json'), 'utf8')) as Record<string, string>;
    const course = longCourse(2);
    const inputs = [
      ...Object.entries(ENGLISH_NARRATIONS).map(([name, narration]) => ({name, narration, manifest: emptyManifest()})),
      {name: 'measured-course', narration: course, manifest: await measuredManifest({narration: course, compositionId: 'Demo'})},
    ];
    const now: Record<string, string> = {};
    for (const {name, narration, manifest} of inputs) {
      const timeline = await resolveNarrationTimeline({narration, manifest, fps: 30, compositionId: 'Demo', allowMissing: true});
      now[`${name}.json`] = formatCaptions({pages: [], captions: narrationCaptions(timeline), format: 'json'});
      for (const [layout, options] of Object.entries({default: {}, narrow: {maxCharactersPerLine: 16, maxLines: 3}})) {
        const pages = captionPages({timeline, ...options});
        for (const format of ['srt', 'vtt'] as const) now[`${name}/${layout}.${format}`] = formatCaptions({pages, captions: [], format});
      }
    }
    expect(Object.keys(now).sort()).toEqual(Object.keys(before).sort());
    for (const [key, text] of Object.entries(before)) {
      if (!key.endsWith('.json')) {
        expect(now[key], key).toBe(text);
        continue;
      }
      // Since then, the last word of each cue says so (`pageBreakAfter`), and nothing else changed.
      const captions = JSON.parse(now[key]!) as {pageBreakAfter?: boolean}[];
      const cueEnds = captions.flatMap((caption, index) => (caption.pageBreakAfter ? [index] : []));
      expect(cueEnds.length, key).toBe(inputs.find(({name}) => key === `${name}.json`)!.narration.cues.length);
      expect(cueEnds.at(-1), key).toBe(captions.length - 1);
      expect(JSON.stringify(captions.map(({pageBreakAfter: _, ...rest}) => rest), null, 2), key).toBe(text.trimEnd());
    }
  });
});
