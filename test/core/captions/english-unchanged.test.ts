import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {captionPages} from '../../../src/core/captions/caption-pages.ts';
import {formatCaptions} from '../../../src/core/captions/format-captions.ts';
import {narrationCaptions} from '../../../src/core/captions/narration-captions.ts';
import {emptyManifest} from '../../../src/core/manifest-schema.ts';
import {resolveNarrationTimeline} from '../../../src/core/resolve-narration-timeline.ts';
import {englishCaptionsOf} from './fixtures/english-captions-of.ts';

describe('captions of English narration', () => {
  it('are byte for byte what they were before Chinese captions (SRT, WebVTT, JSON; default and narrow lines), but for a page break after each cue', async () => {
    // Made by fixtures/make-english-captions.ts from the commit before Chinese captions.
    const before = JSON.parse(await readFile(path.join(import.meta.dirname, 'fixtures/english-captions.json'), 'utf8')) as Record<string, string>;
    const {captions: now, narrations} = await englishCaptionsOf({captionPages, formatCaptions, narrationCaptions, emptyManifest, resolveNarrationTimeline});
    expect(Object.keys(now).sort()).toEqual(Object.keys(before).sort());
    for (const [key, text] of Object.entries(before)) {
      if (!key.endsWith('.json')) {
        expect(now[key], key).toBe(text);
        continue;
      }
      // Since then, the last word of each cue says so (`pageBreakAfter`), and nothing else changed.
      const captions = JSON.parse(now[key]!) as {pageBreakAfter?: boolean}[];
      const cueEnds = captions.flatMap((caption, index) => (caption.pageBreakAfter ? [index] : []));
      expect(cueEnds.length, key).toBe(narrations[key.replace(/\.json$/, '')]!.cues.length);
      expect(cueEnds.at(-1), key).toBe(captions.length - 1);
      expect(JSON.stringify(captions.map(({pageBreakAfter: _, ...rest}) => rest), null, 2), key).toBe(text.trimEnd());
    }
  });
});
