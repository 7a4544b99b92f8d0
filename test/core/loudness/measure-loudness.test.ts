import {describe, expect, it} from 'vitest';
import {integratedLoudnessInLufs, measureLoudness, truePeakInDbtp} from '../../../src/core/loudness/measure-loudness.ts';

const RATE = 48_000;

/** A sine of `frequency` Hz whose peak is `peakDbfs`, `seconds` long, starting at `phase`. */
const sine = ({frequency = 1000, peakDbfs, seconds, sampleRate = RATE, phase = 0}: {frequency?: number; peakDbfs: number; seconds: number; sampleRate?: number; phase?: number}) => {
  const amplitude = 10 ** (peakDbfs / 20);
  return Float64Array.from({length: Math.round(seconds * sampleRate)}, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate + phase));
};
const concat = (...parts: Float64Array[]) => {
  const out = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const stereo = (samples: Float64Array) => [samples, samples];

// The cases of EBU Tech 3341 (loudness metering: the "EBU Mode"), synthesized: each has a known
// loudness, and a meter must read it within ±0.1 LU.
describe('integrated loudness (BS.1770-4), on signals whose loudness is known', () => {
  it('reads a stereo 1 kHz sine at -23 dBFS as -23.0 LUFS, and at -33 dBFS as -33.0 (EBU 3341 cases 1 and 2)', () => {
    expect(integratedLoudnessInLufs({channels: stereo(sine({peakDbfs: -23, seconds: 20})), sampleRate: RATE})).toBeCloseTo(-23, 1);
    expect(integratedLoudnessInLufs({channels: stereo(sine({peakDbfs: -33, seconds: 20})), sampleRate: RATE})).toBeCloseTo(-33, 1);
  });

  it('reads mono 3 dB under the same signal in stereo (one channel of the two)', () => {
    const mono = integratedLoudnessInLufs({channels: [sine({peakDbfs: -23, seconds: 10})], sampleRate: RATE});
    const both = integratedLoudnessInLufs({channels: stereo(sine({peakDbfs: -23, seconds: 10})), sampleRate: RATE});
    expect(both - mono).toBeCloseTo(3.01, 1);
  });

  it('gates: quiet stretches 13 LU down do not count, nor does silence (EBU 3341 cases 3 and 4)', () => {
    const gated = concat(sine({peakDbfs: -36, seconds: 10}), sine({peakDbfs: -23, seconds: 60}), sine({peakDbfs: -36, seconds: 10}));
    // ±0.1 LU, as EBU 3341 allows: blocks that straddle a step count a little of the quiet part.
    expect(Math.abs(integratedLoudnessInLufs({channels: stereo(gated), sampleRate: RATE}) + 23)).toBeLessThanOrEqual(0.1);
    const withSilence = concat(new Float64Array(10 * RATE), sine({peakDbfs: -23, seconds: 20}), new Float64Array(10 * RATE));
    expect(Math.abs(integratedLoudnessInLufs({channels: stereo(withSilence), sampleRate: RATE}) + 23)).toBeLessThanOrEqual(0.1);
    // -72 dBFS is under the absolute gate: silence, as far as loudness goes.
    expect(integratedLoudnessInLufs({channels: stereo(sine({peakDbfs: -72, seconds: 5})), sampleRate: RATE})).toBe(-Infinity);
  });

  it('reads a sequence of levels as their gated power mean (EBU 3341 case 5)', () => {
    // -26, -20, -26 dBFS for 20.1, 20.1 and 20 s: -23 LUFS.
    const steps = concat(sine({peakDbfs: -26, seconds: 20.1}), sine({peakDbfs: -20, seconds: 20.1}), sine({peakDbfs: -26, seconds: 20}));
    expect(integratedLoudnessInLufs({channels: stereo(steps), sampleRate: RATE})).toBeCloseTo(-23, 1);
  });

  it('weights frequencies as K-weighting does, at the sample rates MP3s come in', () => {
    for (const sampleRate of [22_050, 24_000, 44_100, 48_000]) {
      // At 1 kHz the K-weighting is +0.69 dB, which the -0.691 in the definition cancels.
      expect(integratedLoudnessInLufs({channels: stereo(sine({peakDbfs: -23, seconds: 5, sampleRate})), sampleRate}), `${sampleRate} Hz`).toBeCloseTo(-23, 1);
      // At 100 Hz the high pass takes about 0.8 dB off; at 5 kHz the shelf adds about 3.5 dB.
      const low = integratedLoudnessInLufs({channels: stereo(sine({frequency: 100, peakDbfs: -23, seconds: 5, sampleRate})), sampleRate});
      const high = integratedLoudnessInLufs({channels: stereo(sine({frequency: 5000, peakDbfs: -23, seconds: 5, sampleRate})), sampleRate});
      expect(low, `${sampleRate} Hz`).toBeLessThan(-23.5);
      expect(high, `${sampleRate} Hz`).toBeGreaterThan(-20);
    }
  });
});

describe('true peak (BS.1770-4 Annex 2)', () => {
  it('finds a peak between samples that the samples miss by 3 dB', () => {
    // A quarter of the sample rate, sampled 45° off its crests: every sample is at 0.707 of the peak.
    const between = sine({frequency: RATE / 4, peakDbfs: -6, seconds: 1, phase: Math.PI / 4});
    const samplePeak = 20 * Math.log10(Math.max(...between.map(Math.abs)));
    expect(samplePeak).toBeCloseTo(-9.01, 1);
    expect(truePeakInDbtp({channels: [between]})).toBeCloseTo(-6, 0);
    expect(Math.abs(truePeakInDbtp({channels: [between]}) + 6)).toBeLessThan(0.3);
  });

  it('is the sample peak where the samples hit the crests, and -Infinity for silence', () => {
    // Faded in and out: a sine that starts at its crest is a step, which overshoots between samples.
    const crests = sine({frequency: 1000, peakDbfs: -1, seconds: 1, phase: Math.PI / 2});
    const fade = Math.round(0.01 * RATE);
    for (let i = 0; i < fade; i++) {
      const gain = 0.5 - 0.5 * Math.cos((Math.PI * i) / fade);
      crests[i]! *= gain;
      crests[crests.length - 1 - i]! *= gain;
    }
    expect(truePeakInDbtp({channels: [crests]})).toBeCloseTo(-1, 1);
    expect(measureLoudness({channels: [new Float64Array(RATE)], sampleRate: RATE})).toEqual({integratedLufs: -Infinity, truePeakDbtp: -Infinity});
  });
});
