import {describe, expect, it} from 'vitest';
import {cacheKeyForClip} from '../../src/core/cache-key.ts';
import {clipRequestsForCue} from '../../src/core/clip-request.ts';
import {emptyManifest} from '../../src/core/manifest-schema.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import {buildTimeline, secondsToFramesRoundingUp, type ClipPlacement} from '../../src/core/timeline.ts';
import type {Narration} from '../../src/core/narration-schema.ts';

const stored = (durationInSeconds: number, key = 'k'): ClipPlacement => ({
  key,
  text: 'text',
  speed: 1,
  stored: {
    file: `narration/${key}.mp3`,
    audio: {sampleRate: 44100, durationInSeconds, leadingSilenceInSeconds: 0.1, trailingSilenceInSeconds: 0.2},
  },
});

const narration = (overrides: Partial<Narration> = {}): Narration => ({
  voice: {speakerId: 'v'},
  leadInInSeconds: 0.5,
  gapInSeconds: 0.4,
  tailInSeconds: 1,
  cues: [
    {id: 'a', text: 'A'},
    {id: 'b', text: 'B', pauseAfterInSeconds: 1},
    {id: 'c', text: 'C'},
  ],
  ...overrides,
});

describe('secondsToFramesRoundingUp', () => {
  it('rounds any part of a frame up, so audio is never cut', () => {
    expect(secondsToFramesRoundingUp(1, 30)).toBe(30);
    expect(secondsToFramesRoundingUp(1.001, 30)).toBe(31);
    expect(secondsToFramesRoundingUp(2.3456, 30)).toBe(71);
  });
  it('ignores float noise (0.1 s at 30 fps is 3 frames, not 4)', () => {
    expect(secondsToFramesRoundingUp(0.1, 30)).toBe(3);
    expect(secondsToFramesRoundingUp(0.7, 30)).toBe(21);
  });
});

describe('buildTimeline', () => {
  it('places lead-in, cues, gaps, a cue pause and the tail in whole frames', () => {
    const timeline = buildTimeline({narration: narration(), clips: [[stored(2.01)], [stored(1)], [stored(0.5)]], fps: 30});
    expect(timeline.cues.map((cue) => [cue.id, cue.startFrame, cue.durationInFrames])).toEqual([
      ['a', 15, 61], // lead-in 0.5 s = 15 frames; 2.01 s = 60.3 → 61 frames
      ['b', 15 + 61 + 12, 30], // gap 0.4 s = 12 frames
      ['c', 88 + 30 + 30, 15], // cue b's own pause: 1 s = 30 frames
    ]);
    expect(timeline.durationInFrames).toBe(148 + 15 + 30); // tail 1 s
    expect(timeline.cues.every((cue) => cue.status === 'ready')).toBe(true);
  });

  it('covers every clip fully: each clip ends at or after its audio', () => {
    const fps = 30;
    const durations = [1.234, 0.987, 3.3333];
    const timeline = buildTimeline({
      narration: narration({cues: durations.map((_, i) => ({id: `c${i}`, text: 'x'}))}),
      clips: durations.map((d) => [stored(d)]),
      fps,
    });
    timeline.cues.forEach((cue, i) => {
      expect(cue.durationInFrames / fps).toBeGreaterThanOrEqual(durations[i]!);
      expect(cue.durationInFrames / fps - durations[i]!).toBeLessThan(1 / fps);
      const next = timeline.cues[i + 1];
      if (next) expect(next.startFrame).toBeGreaterThanOrEqual(cue.startFrame + cue.durationInFrames);
    });
  });

  it('plays a cue made of several clips back to back', () => {
    const timeline = buildTimeline({
      narration: narration({cues: [{id: 'long', text: 'x'}]}),
      clips: [[stored(1, 'k1'), stored(0.5, 'k2')]],
      fps: 30,
    });
    const [cue] = timeline.cues;
    expect(cue!.clips.map((clip) => [clip.startFrame, clip.durationInFrames])).toEqual([
      [15, 30],
      [45, 15],
    ]);
    expect(cue!.durationInFrames).toBe(45);
  });

  it('estimates missing clips from their text and marks the cue missing', () => {
    const timeline = buildTimeline({
      narration: narration({cues: [{id: 'x', text: 'x'.repeat(100)}]}),
      clips: [[{key: 'k', text: 'x'.repeat(100), speed: 2, stored: null}]],
      fps: 30,
    });
    expect(timeline.cues[0]!.status).toBe('missing');
    expect(timeline.cues[0]!.clips[0]!.file).toBeNull();
    expect(timeline.cues[0]!.durationInFrames).toBe(Math.ceil((100 * 0.065 * 30) / 2));
  });

  it('uses the documented defaults when padding is not set', () => {
    const timeline = buildTimeline({
      narration: {voice: {speakerId: 'v'}, cues: [{id: 'a', text: 'A'}]},
      clips: [[stored(1)]],
      fps: 30,
    });
    expect(timeline.cues[0]!.startFrame).toBe(15);
    expect(timeline.durationInFrames).toBe(15 + 30 + 30);
  });

  it('rejects a bad fps with a sentence', () => {
    expect(() => buildTimeline({narration: narration(), clips: [], fps: 0})).toThrow(/fps must be a positive number, but got 0/);
  });
});

describe('resolveNarrationTimeline', () => {
  it('marks a cue the service refused, with the reason, and a render names it', async () => {
    const input: Narration = {voice: {speakerId: 'v'}, cues: [{id: 'bad', text: 'Refused line.'}]};
    const [request] = clipRequestsForCue({narration: input, cue: input.cues[0]!, provider: 'kling'});
    const manifest = {...emptyManifest(), provider: 'kling', moderated: {[await cacheKeyForClip(request!)]: {reason: 'violates the guidelines', at: 'now'}}};
    const timeline = await resolveNarrationTimeline({narration: input, manifest, fps: 30, compositionId: 'Demo', allowMissing: true});
    expect(timeline.cues[0]!.status).toBe('moderated');
    expect(timeline.cues[0]!.clips[0]!.moderationReason).toBe('violates the guidelines');
    await expect(resolveNarrationTimeline({narration: input, manifest, fps: 30, compositionId: 'Demo', allowMissing: false})).rejects.toThrow(
      'Composition "Demo": narration cue "bad" ("Refused line.") [refused by moderation: reword it] has no audio yet.',
    );
  });
});
