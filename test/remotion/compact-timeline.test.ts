import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {compactNarrationTimeline, expandNarrationTimeline, isCompactNarrationTimeline} from '../../src/core/compact-timeline.ts';
import {emptyManifest, type Manifest} from '../../src/core/manifest-schema.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import {buildTimeline, type NarrationTimeline} from '../../src/core/timeline.ts';
import {calculateNarrationMetadata, type NarratedProps} from '../../src/remotion/calculate-narration-metadata.ts';
import {longCourse, measuredManifest} from './long-course.ts';

const COMPOSITION = 'Course';
const FPS = 30;

/**
 * Expect `actual` to be `expected`: every text, frame, key and status the same, every time
 * (a field named `...InSeconds`) within 2 ms.
 */
const expectSameTimeline = (actual: NarrationTimeline, expected: NarrationTimeline) => {
  const differences: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (typeof a === 'number' && typeof b === 'number' && path.endsWith('InSeconds')) {
      if (Math.abs(a - b) > 0.002) differences.push(`${path}: ${a} vs ${b}`);
    } else if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of keys) walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    } else if (a !== b) {
      differences.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  };
  walk(actual, expected, 'timeline');
  expect(differences.slice(0, 10)).toEqual([]);
};

/** Through JSON, as Remotion carries props. */
const roundTrip = (timeline: NarrationTimeline): NarrationTimeline =>
  expandNarrationTimeline(JSON.parse(JSON.stringify(compactNarrationTimeline(timeline))));

const textLength = (narration: Narration) => narration.cues.reduce((sum, cue) => sum + cue.text.length, 0);

describe('calculateNarrationMetadata on a 400-paragraph-cue course', () => {
  const narration = longCourse(400);
  let manifest: Manifest;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    manifest = await measuredManifest({narration, compositionId: COMPOSITION});
    // public/ as Remotion serves it: the manifest at its static path.
    server = createServer((request, response) => {
      if (request.url === `/${MANIFEST_PATH}`) response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(manifest));
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  /** What `calculateMetadata` returns for the course, fetching as a page of that origin does (relative URLs). */
  const metadata = async () => {
    const fetchOfNode = globalThis.fetch;
    globalThis.fetch = (input, init) => fetchOfNode(new URL(String(input), origin), init);
    try {
      const calculate = calculateNarrationMetadata<NarratedProps>({fps: FPS});
      return await calculate({props: {narration}, defaultProps: {narration}, compositionId: COMPOSITION, abortSignal: new AbortController().signal, isRendering: true});
    } finally {
      globalThis.fetch = fetchOfNode;
    }
  };

  it('returns props a few times the size of the cue texts, not ~30 times', async () => {
    const result = await metadata();
    const propsInCharacters = JSON.stringify(result.props).length;
    const fullTimeline = await resolveNarrationTimeline({narration, manifest, fps: FPS, compositionId: COMPOSITION, allowMissing: false});
    const fullPropsInCharacters = JSON.stringify({narration, narrationTimeline: fullTimeline}).length;
    const text = textLength(narration);
    console.log(
      `400 cues, ${fullTimeline.cues.flatMap((cue) => cue.clips).length} clips, cue text ${text} characters: props ${propsInCharacters} characters (${(propsInCharacters / text).toFixed(1)}×); with the full timeline ${fullPropsInCharacters} (${(fullPropsInCharacters / text).toFixed(1)}×)`,
    );
    expect(propsInCharacters).toBeLessThan(8 * text);
    expect(result.durationInFrames).toBe(fullTimeline.durationInFrames);
    // And <Narration> gets back the timeline the render was planned with.
    expect(isCompactNarrationTimeline(result.props?.narrationTimeline)).toBe(true);
    expectSameTimeline(expandNarrationTimeline(result.props!.narrationTimeline!), fullTimeline);
  });
});

describe('compactNarrationTimeline / expandNarrationTimeline', () => {
  it('give back the timeline of a course with pronunciations, bookmarks, a refused clip and missing clips', async () => {
    const narration: Narration = {
      voice: {speakerId: 'v'},
      pronunciations: {SQL: 'sequel', Remotion: 'Ree-motion'},
      cues: [
        {id: 'intro', text: 'Write SQL <mark name="m"/> with care.   Remotion renders   it. ' + 'A long sentence that goes on. '.repeat(8)},
        {id: 'refused', text: 'Refused line.'},
        {id: 'cjk', text: '这是一个测试。<mark name="end"/>结束。'},
        {id: 'empty', text: '   '},
      ],
    };
    const half = await measuredManifest({narration, compositionId: COMPOSITION});
    // Some clips generated, some not; one refused.
    const keys = Object.keys(half.clips);
    const planned = await resolveNarrationTimeline({narration, manifest: half, fps: FPS, compositionId: COMPOSITION, allowMissing: true});
    const refusedKey = planned.cues[1]!.clips[0]!.key;
    const manifest: Manifest = {
      ...half,
      clips: Object.fromEntries(Object.entries(half.clips).filter(([key], index) => key !== refusedKey && index % 2 === 0)),
      moderated: {[refusedKey]: {reason: 'violates the guidelines', at: 'now'}},
    };
    expect(keys.length).toBeGreaterThan(4);
    const timeline = await resolveNarrationTimeline({narration, manifest, fps: FPS, compositionId: COMPOSITION, allowMissing: true});
    expect(new Set(timeline.cues.map((cue) => cue.status))).toEqual(new Set(['ready', 'missing', 'moderated']));
    expect(timeline.cues.some((cue) => cue.clips.some((clip) => clip.spokenText !== clip.text))).toBe(true);
    expectSameTimeline(roundTrip(timeline), timeline);
  });

  it('give back a timeline whose texts, files and trims are not the usual ones, and a cue without clips', () => {
    const stored = (key: string, text: string, leading: number) => ({
      key,
      text,
      speed: 1,
      stored: {file: `narration/${key}.mp3`, audio: {sampleRate: 44_100, durationInSeconds: 1.2345678, leadingSilenceInSeconds: leading, trailingSilenceInSeconds: 0.1234567}},
    });
    const timeline = buildTimeline({
      narration: {voice: {speakerId: 'v'}, leadInInSeconds: 0.1, cues: [{id: 'a', text: 'Not the clip text.'}, {id: 'b', text: 'B'}, {id: 'c', text: 'C'}]},
      // Keys that are not cache keys, a clip text that is not in its cue's text, a long leading silence (trimmed).
      clips: [[stored('k1', 'Something else entirely', 0.6)], [], [stored('k2', 'C', 0.05)]],
      fps: 25,
    });
    expect(timeline.cues[0]!.clips[0]!.trimBeforeInFrames).toBeGreaterThan(0);
    expectSameTimeline(roundTrip(timeline), timeline);
  });

  it('keep every frame exactly at other frame rates, where ms rounding could cross a frame boundary', async () => {
    const narration = longCourse(40);
    for (const fps of [24, 29.97, 60]) {
      const manifest = await measuredManifest({narration, compositionId: COMPOSITION});
      const timeline = await resolveNarrationTimeline({narration, manifest, fps, compositionId: COMPOSITION, allowMissing: false});
      expectSameTimeline(roundTrip(timeline), timeline);
    }
  });

  it('are told apart from a full timeline', async () => {
    const timeline = await resolveNarrationTimeline({narration: longCourse(2), manifest: emptyManifest(), fps: FPS, compositionId: COMPOSITION, allowMissing: true});
    expect(isCompactNarrationTimeline(timeline)).toBe(false);
    expect(isCompactNarrationTimeline(compactNarrationTimeline(timeline))).toBe(true);
  });
});
