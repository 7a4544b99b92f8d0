import type {MonoAudio} from './mono-audio.ts';

/** Q of the two biquads of a 4th-order Butterworth filter. */
const BUTTERWORTH_4_Q = [0.5412, 1.3066] as const;

/**
 * `audio` through a 4th-order Butterworth high-pass at `cutoffHz` (two biquads, the audio
 * cookbook's coefficients): 24 dB an octave below the cutoff. Returns new samples.
 */
export const highPass = ({samples, sampleRate}: MonoAudio, cutoffHz: number): MonoAudio => {
  let input = samples;
  for (const q of BUTTERWORTH_4_Q) {
    const w = (2 * Math.PI * cutoffHz) / sampleRate;
    const alpha = Math.sin(w) / (2 * q);
    const cos = Math.cos(w);
    const a0 = 1 + alpha;
    const b0 = (1 + cos) / 2 / a0;
    const b1 = -(1 + cos) / a0;
    const a1 = (-2 * cos) / a0;
    const a2 = (1 - alpha) / a0;
    const output = new Float32Array(input.length);
    let x1 = 0;
    let x2 = 0;
    let y1 = 0;
    let y2 = 0;
    for (let i = 0; i < input.length; i++) {
      const x = input[i]!;
      const y = b0 * x + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      output[i] = y;
    }
    input = output;
  }
  return {samples: input, sampleRate};
};
