import type {MonoAudio} from './mono-audio.ts';
import {getPowerSpectrum} from './power-spectrum.ts';

/** Frames of features, row-major: frame k is values[k × dimensions ...]. Frame k is centred on k × hop. */
export type FeatureFrames = {values: Float32Array; dimensions: number; count: number};

export type MfccOptions = {
  /** Frame step: frame k is centred on k × hop. */
  hopInSeconds: number;
  /** Hann window; 21 ms fits a 512-point FFT at 16 to 24 kHz and 1024 at 44.1/48 kHz. */
  windowInSeconds: number;
  melBands: number;
  /** Coefficients kept, c0 (energy) included. */
  coefficients: number;
  lowHz: number;
  /** Capped at 48 % of the sample rate. */
  highHz: number;
  preEmphasis: number;
  /**
   * Floor of each mel band's power, in dB below the loudest frame's total power. Makes silence
   * look alike whatever it is made of (digital zeros from eSpeak, codec noise in an MP3).
   */
  floorInDb: number;
};

/**
 * The measured best for aligning (see test/fixtures/alignment/README.md): 20 ms frames (10 ms
 * were no more accurate and 30 % slower), 40 bands from 80 to 7600 Hz placed in Hz, so that any
 * sample rate from 16 to 48 kHz gives the same features without resampling.
 */
export const DEFAULT_MFCC_OPTIONS: MfccOptions = {
  hopInSeconds: 0.02,
  windowInSeconds: 0.021,
  melBands: 40,
  coefficients: 13,
  lowHz: 80,
  highHz: 7600,
  preEmphasis: 0.97,
  floorInDb: 60,
};

const hzToMel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number) => 700 * (10 ** (mel / 2595) - 1);

/** Mel-frequency cepstral coefficients of `audio`, one frame every `hopInSeconds` (at least one frame). */
export const computeMfcc = (audio: MonoAudio, options: MfccOptions = DEFAULT_MFCC_OPTIONS): FeatureFrames => {
  const {samples, sampleRate} = audio;
  const windowLength = Math.max(4, Math.round(options.windowInSeconds * sampleRate));
  let size = 4;
  while (size < windowLength) size *= 2;
  const spectrum = getPowerSpectrum(size);
  const window = new Float64Array(windowLength);
  for (let i = 0; i < windowLength; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (windowLength - 1));
  const highHz = Math.min(options.highHz, sampleRate * 0.48);
  const filters = melFilters({bands: options.melBands, size, sampleRate, lowHz: options.lowHz, highHz});
  const dct = dctMatrix(options.melBands, options.coefficients);
  const count = Math.max(1, Math.ceil(samples.length / sampleRate / options.hopInSeconds));
  const frame = new Float64Array(size);
  const power = new Float64Array(size / 2 + 1);
  const mel = new Float64Array(count * options.melBands);
  let loudest = 0;
  for (let k = 0; k < count; k++) {
    const start = Math.round(k * options.hopInSeconds * sampleRate) - Math.floor(windowLength / 2);
    frame.fill(0);
    const to = Math.min(samples.length, start + windowLength);
    for (let n = Math.max(1, start); n < to; n++) {
      frame[n - start] = (samples[n]! - options.preEmphasis * samples[n - 1]!) * window[n - start]!;
    }
    spectrum.compute(frame, power);
    let total = 0;
    for (let m = 0; m < options.melBands; m++) {
      const {from, weights} = filters[m]!;
      let sum = 0;
      for (let j = 0; j < weights.length; j++) sum += weights[j]! * power[from + j]!;
      mel[k * options.melBands + m] = sum;
      total += sum;
    }
    if (total > loudest) loudest = total;
  }
  const floor = Math.max(1e-20, (loudest * 10 ** (-options.floorInDb / 10)) / options.melBands);
  const values = new Float32Array(count * options.coefficients);
  const logMel = new Float64Array(options.melBands);
  for (let k = 0; k < count; k++) {
    for (let m = 0; m < options.melBands; m++) logMel[m] = Math.log(Math.max(floor, mel[k * options.melBands + m]!));
    for (let c = 0; c < options.coefficients; c++) {
      let sum = 0;
      const row = c * options.melBands;
      for (let m = 0; m < options.melBands; m++) sum += dct[row + m]! * logMel[m]!;
      values[k * options.coefficients + c] = sum;
    }
  }
  return {values, dimensions: options.coefficients, count};
};

/** Triangular filters, evenly spaced in mel, as FFT bin weights. */
const melFilters = ({bands, size, sampleRate, lowHz, highHz}: {bands: number; size: number; sampleRate: number; lowHz: number; highHz: number}) => {
  const lowMel = hzToMel(lowHz);
  const highMel = hzToMel(highHz);
  const edges = Array.from({length: bands + 2}, (_, i) => (melToHz(lowMel + ((highMel - lowMel) * i) / (bands + 1)) * size) / sampleRate);
  return Array.from({length: bands}, (_, m) => {
    const left = edges[m]!;
    const centre = edges[m + 1]!;
    const right = edges[m + 2]!;
    const from = Math.max(0, Math.ceil(left));
    const to = Math.min(size / 2, Math.floor(right));
    const weights = new Float64Array(Math.max(0, to - from + 1));
    for (let bin = from; bin <= to; bin++) {
      weights[bin - from] = bin <= centre ? (bin - left) / Math.max(1e-9, centre - left) : (right - bin) / Math.max(1e-9, right - centre);
    }
    return {from, weights};
  });
};

/** Orthonormal DCT-II, `outputs` rows of `inputs` values. */
const dctMatrix = (inputs: number, outputs: number): Float64Array => {
  const matrix = new Float64Array(inputs * outputs);
  for (let c = 0; c < outputs; c++) {
    for (let m = 0; m < inputs; m++) matrix[c * inputs + m] = Math.cos((Math.PI * c * (m + 0.5)) / inputs) * Math.sqrt(2 / inputs);
  }
  return matrix;
};
