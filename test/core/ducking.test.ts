import {describe, expect, it} from 'vitest';
import {duckingVolume} from '../../src/core/ducking.ts';
import {buildTimeline, type ClipPlacement} from '../../src/core/timeline.ts';

const clip = (key: string): ClipPlacement => ({
  key,
  text: 'text',
  speed: 1,
  stored: {file: `narration/${key}.mp3`, audio: {sampleRate: 24000, durationInSeconds: 2, leadingSilenceInSeconds: 0.2, trailingSilenceInSeconds: 0.3}},
});

const timeline = buildTimeline({
  narration: {voice: {speakerId: 'v'}, gapInSeconds: 3, cues: [{id: 'a', text: 'A'}, {id: 'b', text: 'B'}]},
  clips: [[clip('a'.repeat(20))], [clip('b'.repeat(20))]],
  fps: 30,
});

describe('ducking', () => {
  const volume = duckingVolume(timeline);
  const [a, b] = timeline.cues.map((cue) => cue.clips[0]!);

  it('dips under the speech itself, not under the silent ends of the files, and recovers between cues', () => {
    expect(volume((a!.speechStartInSeconds + a!.speechEndInSeconds) / 2)).toBe(0.2);
    expect(volume(a!.speechEndInSeconds + 1.5)).toBe(1); // between cues, past the release
    expect(volume(a!.speechStartInSeconds - 1)).toBe(1);
    expect(20 * Math.log10(0.2)).toBeLessThan(-12);
  });

  it('ramps in equal steps of decibels: at 30 fps no step between frames is above 1 dB', () => {
    let largest = 0;
    for (let frame = 1; frame < timeline.durationInFrames; frame++) {
      largest = Math.max(largest, Math.abs(20 * Math.log10(volume(frame / 30) / volume((frame - 1) / 30))));
    }
    // 14 dB over a 0.75 s attack (22.5 frames).
    expect(largest).toBeLessThanOrEqual(-20 * Math.log10(0.2) / 22.5 + 1e-9);
    expect(largest).toBeLessThan(1);
    expect(volume(b!.speechStartInSeconds - 0.2)).toBeGreaterThan(0.2);
    expect(volume(b!.speechStartInSeconds - 0.2)).toBeLessThan(1);
    // A hard switch is one 14 dB step.
    const hard = duckingVolume(timeline, {attackInSeconds: 1e-9, releaseInSeconds: 1e-9});
    expect(20 * Math.log10(hard(a!.speechStartInSeconds + 0.01) / hard(a!.speechStartInSeconds - 0.04))).toBeLessThan(-13.9);
  });
});
