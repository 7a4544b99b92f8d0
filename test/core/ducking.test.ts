import {describe, expect, it} from 'vitest';
import {duckingVolume, musicLevels} from '../../src/core/ducking.ts';
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

describe('music levels relative to the speech', () => {
  const db = (gain: number | undefined) => 20 * Math.log10(gain!);
  it('put music of a known loudness 8 LU under the speech between cues and 18 LU under it while anyone speaks', () => {
    // Speech at -16 LUFS, music at -20: -4 dB between cues (-24 LUFS), -14 dB under speech (-34 LUFS).
    const levels = musicLevels({musicLufs: -20}, -16);
    expect(db(levels.volume)).toBeCloseTo(-4, 6);
    expect(db(levels.duckedVolume)).toBeCloseTo(-14, 6);
    const custom = musicLevels({musicLufs: -20, musicUnderSpeechLu: 24, musicBetweenCuesLu: 12}, -16);
    expect(db(custom.volume)).toBeCloseTo(-8, 6);
    expect(db(custom.duckedVolume)).toBeCloseTo(-20, 6);
  });
  it('leave volume and duckedVolume as given without the music\'s loudness, or the speech\'s', () => {
    expect(musicLevels({volume: 0.8, duckedVolume: 0.1}, -16)).toEqual({volume: 0.8, duckedVolume: 0.1});
    expect(musicLevels({musicLufs: -20, volume: 0.8}, null)).toEqual({volume: 0.8, duckedVolume: undefined});
  });
});
