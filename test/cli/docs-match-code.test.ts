import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {renderHelp} from '../../src/cli/help.ts';
import {duckingVolume} from '../../src/core/ducking.ts';
import {buildTimeline} from '../../src/core/timeline.ts';
import {README_FILE} from '../../scripts/update-readme.ts';

/** One cue whose speech runs from 1.2 s to 3.2 s of a 4 s clip. */
const timeline = buildTimeline({
  narration: {voice: {speakerId: 'v'}, leadInInSeconds: 1, cues: [{id: 'a', text: 'A'}]},
  clips: [
    [
      {
        key: 'a'.repeat(20),
        text: 'A',
        speed: 1,
        stored: {file: 'narration/a.mp3', audio: {sampleRate: 24000, durationInSeconds: 4, leadingSilenceInSeconds: 0.2, trailingSilenceInSeconds: 0.8}},
      },
    ],
  ],
  fps: 30,
});

describe('the docs say what the code does', () => {
  it("the README's ducking defaults are duckingVolume's", async () => {
    const readme = (await readFile(README_FILE, 'utf8')).replace(/\s+/g, ' ');
    const stated = /`useNarrationDucking\(\{duckedVolume, attackInSeconds, releaseInSeconds\}\)` returns a volume function for music \(defaults ([\d.]+), that is −(\d+) dB, ([\d.]+) s and ([\d.]+) s\)/.exec(readme);
    expect(stated, 'the sentence giving the defaults of useNarrationDucking').not.toBeNull();
    const [duckedVolume, decibels, attackInSeconds, releaseInSeconds] = stated!.slice(1).map(Number) as [number, number, number, number];

    const volume = duckingVolume(timeline);
    const clip = timeline.cues[0]!.clips[0]!;
    const [start, end] = [clip.speechStartInSeconds, clip.speechEndInSeconds];
    const epsilon = 1e-3;
    expect(volume((start + end) / 2)).toBe(duckedVolume);
    expect(Math.round(-20 * Math.log10(duckedVolume))).toBe(decibels);
    // The music starts down exactly `attack` before the speech, and is back up `release` after it.
    expect(volume(start - attackInSeconds - epsilon)).toBe(1);
    expect(volume(start - attackInSeconds + epsilon)).toBeLessThan(1);
    expect(volume(end + releaseInSeconds - epsilon)).toBeLessThan(1);
    expect(volume(end + releaseInSeconds + epsilon)).toBe(1);
  });

  it('`duration --help` says it walks the frames, not that it decodes', () => {
    const help = renderHelp('duration')!;
    expect(help).not.toMatch(/measured by decoding/);
    expect(help).toContain('no decoding');
  });
});
