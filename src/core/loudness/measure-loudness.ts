/**
 * Loudness and true peak of audio, as ITU-R BS.1770-4 defines them (EBU R 128 uses the same):
 * what ffmpeg's `ebur128` filter reports as I and TPK. Written here because no npm package does
 * this in Node (the WASM wrappers target the browser; the others control the system volume).
 * Pure maths on PCM: no decoding, no files.
 */

/**
 * What measured a stored clip's loudness: this meter, and its version (2: the file's channel
 * count is recorded with it).
 */
export const LOUDNESS_METER_ID = 'bs1770-4@2';

export type Loudness = {
  /** Integrated loudness in LUFS (gated); -Infinity for silence. */
  integratedLufs: number;
  /** The highest peak between samples (4× oversampled), in dB of full scale; -Infinity for silence. */
  truePeakDbtp: number;
};

/** Below this a 400 ms block is silence, whatever else plays (BS.1770-4's absolute gate). */
const ABSOLUTE_GATE_LUFS = -70;
/** Blocks this far under the ungated loudness of the louder blocks are left out (its relative gate). */
const RELATIVE_GATE_LU = -10;
const BLOCK_IN_SECONDS = 0.4;
/** Blocks overlap by 75 %: a new one every 100 ms. */
const STEP_IN_SECONDS = 0.1;
/** The offset in BS.1770's definition of loudness: a 1 kHz sine at 0 dBFS in one channel reads -3.01 LUFS. */
const LOUDNESS_OFFSET = -0.691;
/** How many samples the true peak looks at between two: BS.1770-4 asks for at least 4× at 48 kHz. */
const OVERSAMPLING = 4;
/** Taps of the interpolating filter on each side of a sample. */
const INTERPOLATION_HALF_TAPS = 12;

type Biquad = {b0: number; b1: number; b2: number; a1: number; a2: number};

/**
 * The two K-weighting filters at `sampleRate`: a high shelf (+4 dB above ~1.7 kHz, the head's
 * effect) and a high pass (the RLB curve, ~38 Hz). BS.1770 gives their coefficients at 48 kHz;
 * they are the bilinear transforms of these analogue prototypes, so any rate gets its own (the
 * same parameters libebur128 and ffmpeg derive theirs from).
 */
const kWeighting = (sampleRate: number): [Biquad, Biquad] => {
  const shelfFrequency = 1681.974450955533;
  const shelfGainDb = 3.999843853973347;
  const shelfQ = 0.7071752369554196;
  let k = Math.tan((Math.PI * shelfFrequency) / sampleRate);
  const vh = 10 ** (shelfGainDb / 20);
  const vb = vh ** 0.4996667741545416;
  let a0 = 1 + k / shelfQ + k * k;
  const shelf: Biquad = {
    b0: (vh + (vb * k) / shelfQ + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / shelfQ + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / shelfQ + k * k) / a0,
  };
  const passFrequency = 38.13547087602444;
  const passQ = 0.5003270373238773;
  k = Math.tan((Math.PI * passFrequency) / sampleRate);
  a0 = 1 + k / passQ + k * k;
  const highPass: Biquad = {b0: 1, b1: -2, b2: 1, a1: (2 * (k * k - 1)) / a0, a2: (1 - k / passQ + k * k) / a0};
  return [shelf, highPass];
};

/**
 * The running sum of squares of a channel through both K-weighting filters (each a biquad, direct
 * form II transposed), in one pass: `sums[i]` is the sum over the first i samples, so any block's
 * mean square is one subtraction.
 */
const weightedSquareSums = (samples: Float32Array | Float64Array, [shelf, highPass]: [Biquad, Biquad]): Float64Array => {
  const sums = new Float64Array(samples.length + 1);
  let s1 = 0;
  let s2 = 0;
  let h1 = 0;
  let h2 = 0;
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]!;
    const shelved = shelf.b0 * x + s1;
    s1 = shelf.b1 * x - shelf.a1 * shelved + s2;
    s2 = shelf.b2 * x - shelf.a2 * shelved;
    const y = highPass.b0 * shelved + h1;
    h1 = highPass.b1 * shelved - highPass.a1 * y + h2;
    h2 = highPass.b2 * shelved - highPass.a2 * y;
    total += y * y;
    sums[i + 1] = total;
  }
  return sums;
};

/** The mean square of each 400 ms block of a K-weighted channel, a block every 100 ms. */
const blockMeanSquares = (sums: Float64Array, sampleRate: number): Float64Array => {
  const length = sums.length - 1;
  const block = Math.round(BLOCK_IN_SECONDS * sampleRate);
  const step = Math.round(STEP_IN_SECONDS * sampleRate);
  const count = length < block ? 0 : Math.floor((length - block) / step) + 1;
  const squares = new Float64Array(count);
  for (let j = 0; j < count; j++) squares[j] = (sums[j * step + block]! - sums[j * step]!) / block;
  return squares;
};

const loudnessOf = (meanSquare: number): number => LOUDNESS_OFFSET + 10 * Math.log10(meanSquare);

/**
 * Integrated loudness (BS.1770-4: K-weighting, 400 ms blocks overlapping by 75 %, the -70 LUFS
 * absolute gate and the -10 LU relative gate) of one or two channels of the same length, each
 * weighted 1 (left, right; a mono file is one channel). Audio shorter than one block is measured
 * as one block of what there is.
 */
export const integratedLoudnessInLufs = ({channels, sampleRate}: {channels: readonly (Float32Array | Float64Array)[]; sampleRate: number}): number => {
  const filters = kWeighting(sampleRate);
  const perChannel = channels.map((samples) => {
    const sums = weightedSquareSums(samples, filters);
    if (samples.length >= Math.round(BLOCK_IN_SECONDS * sampleRate)) return blockMeanSquares(sums, sampleRate);
    return Float64Array.of(samples.length > 0 ? sums[samples.length]! / samples.length : 0);
  });
  const blocks = perChannel[0]?.length ?? 0;
  const power = new Float64Array(blocks);
  for (const squares of perChannel) for (let j = 0; j < blocks; j++) power[j]! += squares[j]!;
  const aboveAbsolute = [...power].filter((value) => value > 0 && loudnessOf(value) > ABSOLUTE_GATE_LUFS);
  if (aboveAbsolute.length === 0) return -Infinity;
  const relativeGate = loudnessOf(aboveAbsolute.reduce((sum, value) => sum + value, 0) / aboveAbsolute.length) + RELATIVE_GATE_LU;
  const gated = aboveAbsolute.filter((value) => loudnessOf(value) > relativeGate);
  return loudnessOf(gated.reduce((sum, value) => sum + value, 0) / gated.length);
};

/**
 * Windowed-sinc taps for each of the `OVERSAMPLING` - 1 points between two samples: phase p
 * interpolates at p / OVERSAMPLING after a sample, from `2 * INTERPOLATION_HALF_TAPS` neighbours.
 */
const interpolationTaps = (() => {
  const phases: Float64Array[] = [];
  for (let phase = 1; phase < OVERSAMPLING; phase++) {
    const fraction = phase / OVERSAMPLING;
    const taps = new Float64Array(2 * INTERPOLATION_HALF_TAPS);
    for (let k = 0; k < taps.length; k++) {
      const distance = k - (INTERPOLATION_HALF_TAPS - 1) - fraction;
      const sinc = distance === 0 ? 1 : Math.sin(Math.PI * distance) / (Math.PI * distance);
      // A Blackman window over the filter's span.
      const position = (distance + INTERPOLATION_HALF_TAPS) / (2 * INTERPOLATION_HALF_TAPS);
      const window = 0.42 - 0.5 * Math.cos(2 * Math.PI * position) + 0.08 * Math.cos(4 * Math.PI * position);
      taps[k] = sinc * window;
    }
    phases.push(taps);
  }
  return phases;
})();

/**
 * The true peak (BS.1770-4 Annex 2): the highest absolute value of the signal oversampled 4×,
 * so that peaks between samples (which a DAC and a lossy encoder reproduce) count, in dBTP.
 */
export const truePeakInDbtp = ({channels}: {channels: readonly (Float32Array | Float64Array)[]}): number => {
  let peak = 0;
  for (const samples of channels) {
    for (let i = 0; i < samples.length; i++) {
      const value = Math.abs(samples[i]!);
      if (value > peak) peak = value;
    }
    // Between samples, only next to samples within 3 dB of the peak so far: a value between two
    // samples passes both by 3 dB only for content near a quarter of the sample rate (a sine
    // there, 45° off its crests), which speech and music hardly have. Interpolating everywhere
    // tripled the cost of storing a clip.
    const near = peak * Math.SQRT1_2;
    for (let i = 0; i + 1 < samples.length; i++) {
      if (Math.abs(samples[i]!) < near && Math.abs(samples[i + 1]!) < near) continue;
      for (const taps of interpolationTaps) {
        let sum = 0;
        for (let k = 0; k < taps.length; k++) {
          const index = i - (INTERPOLATION_HALF_TAPS - 1) + k;
          if (index >= 0 && index < samples.length) sum += taps[k]! * samples[index]!;
        }
        const value = Math.abs(sum);
        if (value > peak) peak = value;
      }
    }
  }
  return peak > 0 ? 20 * Math.log10(peak) : -Infinity;
};

/** Integrated loudness and true peak of one or two channels (see the two functions above). */
export const measureLoudness = (input: {channels: readonly (Float32Array | Float64Array)[]; sampleRate: number}): Loudness => ({
  integratedLufs: integratedLoudnessInLufs(input),
  truePeakDbtp: truePeakInDbtp(input),
});
