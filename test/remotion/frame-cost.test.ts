import {beforeAll, describe, expect, it} from 'vitest';
import {captionPageAt, captionPages, type CaptionPage} from '../../src/core/captions/caption-pages.ts';
import {clipSchedule, clipsNearFrame} from '../../src/core/clip-schedule.ts';
import {duckingVolume} from '../../src/core/ducking.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import type {NarrationTimeline} from '../../src/core/timeline.ts';
import {longCourse, measuredManifest} from './long-course.ts';

// What runs on every frame, checked on a 400-paragraph-cue course (1,371 clips, ~2.5 hours)
// against the plain scans it replaces.

const FPS = 30;
const PREMOUNT_FRAMES = 60;

let timeline: NarrationTimeline;

beforeAll(async () => {
  const narration = longCourse(400);
  const manifest = await measuredManifest({narration, compositionId: 'Course'});
  timeline = await resolveNarrationTimeline({narration, manifest, fps: FPS, compositionId: 'Course', allowMissing: false});
});

/** Frames around every clip's edges (and its premount's), and a sample of the frames between. */
const framesToCheck = (): number[] => {
  const frames = new Set<number>();
  for (const clip of timeline.cues.flatMap((cue) => cue.clips)) {
    const end = clip.startFrame + clip.durationInFrames;
    for (const frame of [clip.startFrame - PREMOUNT_FRAMES - 1, clip.startFrame - PREMOUNT_FRAMES, clip.startFrame - 1, clip.startFrame, end - 1, end]) {
      frames.add(frame);
    }
  }
  for (let frame = 0; frame < timeline.durationInFrames; frame += 37) frames.add(frame);
  return [...frames].filter((frame) => frame >= 0).sort((a, b) => a - b);
};

describe('the clips <Narration> mounts at a frame', () => {
  it('are exactly the clips that play at the frame or start within the premount, and never more than a few', () => {
    const all = timeline.cues.flatMap((cue) => cue.clips.map((clip) => ({cue, clip})));
    expect(all.length).toBeGreaterThan(1000);
    const schedule = clipSchedule(timeline);
    let most = 0;
    for (const frame of framesToCheck()) {
      const near = clipsNearFrame(schedule, {frame, premountFrames: PREMOUNT_FRAMES}).map(({clip}) => clip);
      const expected = all
        .filter(({clip}) => clip.startFrame - PREMOUNT_FRAMES <= frame && frame < clip.startFrame + clip.durationInFrames)
        .map(({clip}) => clip);
      expect(near, `frame ${frame}`).toEqual(expected);
      most = Math.max(most, near.length);
    }
    expect(most).toBeLessThanOrEqual(4);
    // Without premounting: what a render mounts, every clip that sounds at the frame.
    for (const frame of framesToCheck()) {
      const playing = clipsNearFrame(schedule, {frame}).map(({clip}) => clip);
      expect(playing).toEqual(all.filter(({clip}) => clip.startFrame <= frame && frame < clip.startFrame + clip.durationInFrames).map(({clip}) => clip));
    }
  });

  it('include a clip that starts before an earlier-starting clip ends (files overlap where they are silent)', () => {
    const clip = (startFrame: number, durationInFrames: number) => ({startFrame, durationInFrames}) as NarrationTimeline['cues'][number]['clips'][number];
    const cue = {id: 'a', clips: [clip(0, 100), clip(10, 5), clip(20, 5)]} as NarrationTimeline['cues'][number];
    const schedule = clipSchedule({fps: 30, durationInFrames: 100, cues: [cue], scenes: []});
    expect(clipsNearFrame(schedule, {frame: 50}).map(({index}) => index)).toEqual([0]);
    expect(clipsNearFrame(schedule, {frame: 12}).map(({index}) => index)).toEqual([0, 1]);
    expect(clipsNearFrame(schedule, {frame: 12, premountFrames: 10}).map(({index}) => index)).toEqual([0, 1, 2]);
  });
});

describe('per-frame lookups on a long course', () => {
  it('duckingVolume gives what a scan of every speech window gives', () => {
    // Ramps short enough that every pause gets its own dip and recovery (the defaults join the clips of a course).
    const options = {duckedVolume: 0.2, volume: 0.9, attackInSeconds: 0.15, releaseInSeconds: 0.25};
    const fast = duckingVolume(timeline, options);
    // The reference: every window, every time.
    const windows: [number, number][] = [];
    for (const clip of timeline.cues.flatMap((cue) => cue.clips)) {
      const last = windows.at(-1);
      if (last && clip.speechStartInSeconds - last[1] < options.attackInSeconds + options.releaseInSeconds) last[1] = Math.max(last[1], clip.speechEndInSeconds);
      else windows.push([clip.speechStartInSeconds, clip.speechEndInSeconds]);
    }
    const scan = (seconds: number) => {
      let depth = 0;
      for (const [start, end] of windows) {
        if (seconds >= start && seconds <= end) return options.duckedVolume;
        const progress = seconds < start ? 1 - (start - seconds) / options.attackInSeconds : 1 - (seconds - end) / options.releaseInSeconds;
        depth = Math.max(depth, Math.min(1, Math.max(0, progress)));
      }
      return depth === 0 ? options.volume : options.volume * (options.duckedVolume / options.volume) ** depth;
    };
    let ramps = 0;
    for (const frame of framesToCheck()) {
      const seconds = frame / FPS;
      expect(fast(seconds), `${seconds} s`).toBeCloseTo(scan(seconds), 12);
      if (scan(seconds) !== options.volume && scan(seconds) !== options.duckedVolume) ramps++;
    }
    for (const [start, end] of windows.slice(0, 50)) {
      for (const seconds of [start - 0.2, start - 0.1, start, end, end + 0.1, end + 0.3]) expect(fast(seconds)).toBeCloseTo(scan(seconds), 12);
    }
    expect(ramps).toBeGreaterThan(100);
  });

  it('captionPageAt finds the page a scan of every page finds', () => {
    const pages = captionPages({timeline});
    const scan = (seconds: number): CaptionPage | null => pages.find((page) => seconds >= page.startInSeconds && seconds < page.endInSeconds) ?? null;
    let shown = 0;
    for (const frame of framesToCheck()) {
      const seconds = frame / FPS;
      expect(captionPageAt(pages, seconds), `${seconds} s`).toBe(scan(seconds));
      if (scan(seconds)) shown++;
    }
    for (const page of pages.slice(0, 200)) {
      for (const seconds of [page.startInSeconds - 1e-9, page.startInSeconds, page.endInSeconds - 1e-9, page.endInSeconds]) {
        expect(captionPageAt(pages, seconds)).toBe(scan(seconds));
      }
    }
    expect(shown).toBeGreaterThan(1000);
    expect(captionPageAt([], 1)).toBeNull();
  });
});
