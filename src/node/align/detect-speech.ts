import {highPass} from './high-pass.ts';
import type {MonoAudio} from './mono-audio.ts';

/** Speech detection works on 10 ms frames; frame k is centred on k × 10 ms. */
export const SPEECH_FRAME_IN_SECONDS = 0.01;
/** Energy window of a frame: 25 ms around its centre. */
const ENERGY_WINDOW_IN_SECONDS = 0.025;
/** The loud level is this percentile of the frame energies: speech, whatever the pauses. */
const LOUD_PERCENTILE = 0.95;
/** The noise level is the energy of the quietest stretch this long. */
const NOISE_SPAN_IN_FRAMES = 10;
/** In noisy audio, speech must be this far above the noise level... */
const ABOVE_NOISE_IN_DB = 10;
/** ...but is never asked to be within this of the loud level (a noise estimate taken from speech). */
const MAX_BELOW_LOUD_IN_DB = 25;
/**
 * Frames quieter than this are never speech, whatever the levels: in a clip that holds nothing
 * louder (digital silence, an encoder's noise floor) everything would be "within range". Speech
 * 30 dB below full scale is still 50 dB above it.
 */
const INAUDIBLE_IN_DB = -80;

export type Interval = {start: number; end: number};

/** A frame is speech when its energy is within this of the loud level: quiet consonants are 30-40 dB down. */
const RANGE_IN_DB = 40;
/** Silences shorter than this are bridged: the closure of a stop (~50 ms) is not a pause. */
export const MIN_PAUSE_IN_SECONDS = 0.1;
/** Bridged silences at least this long are reported (`DetectedSpeech.shortPauses`): a stop's closure or a short pause. */
const MIN_SHORT_PAUSE_IN_SECONDS = 0.04;
/** Sound shorter than this is dropped: a click, not speech. */
const MIN_SPEECH_IN_SECONDS = 0.04;

export type DetectedSpeech = {
  /** Speech intervals, in seconds, in order. */
  speech: Interval[];
  /** Per 10 ms frame: 1 for speech, 0 for a pause. */
  mask: Uint8Array;
  /** Silences inside the speech too short to be pauses (40 ms to the minimum pause), in seconds, in order. */
  shortPauses: Interval[];
  loudInDb: number;
  noiseInDb: number;
};

export type SpeechDetectionOptions = {
  /** Silences shorter than this are bridged (default MIN_PAUSE_IN_SECONDS). */
  minPauseInSeconds?: number;
  /** When set, energies are measured above this frequency only (hum and rumble are not speech). */
  highPassHz?: number;
};

/**
 * Energy-based speech detection, independent of the overall level: the loud level is the 95th
 * percentile of the frame energies, the noise level the quietest 100 ms, and a frame is speech
 * when it is within 40 dB of the loud level and, in noisy audio, 10 dB above the noise.
 * Relative levels, because an absolute threshold fails on quiet recordings.
 */
export const detectSpeech = (audio: MonoAudio, {minPauseInSeconds = MIN_PAUSE_IN_SECONDS, highPassHz}: SpeechDetectionOptions = {}): DetectedSpeech => {
  const full = loudFrames(frameEnergiesInDb(audio));
  const filtered = highPassHz ? loudFrames(frameEnergiesInDb(highPass(audio, highPassHz))) : full;
  const mask = filtered.mask;
  const minSilence = Math.round(minPauseInSeconds / SPEECH_FRAME_IN_SECONDS);
  const minShortPause = Math.round(MIN_SHORT_PAUSE_IN_SECONDS / SPEECH_FRAME_IN_SECONDS);
  const shortPauses: Interval[] = [];
  for (const {from, to} of runs(mask, 0)) {
    if (from > 0 && to < mask.length && to - from < minSilence) {
      mask.fill(1, from, to);
      if (to - from >= minShortPause) shortPauses.push({start: (from - 0.5) * SPEECH_FRAME_IN_SECONDS, end: (to - 0.5) * SPEECH_FRAME_IN_SECONDS});
    }
  }
  const minSpeech = Math.round(MIN_SPEECH_IN_SECONDS / SPEECH_FRAME_IN_SECONDS);
  for (const {from, to} of runs(mask, 1)) {
    if (to - from < minSpeech) mask.fill(0, from, to);
  }
  const speech = runs(mask, 1).map(({from, to}) => ({
    start: Math.max(0, (from - 0.5) * SPEECH_FRAME_IN_SECONDS),
    end: (to - 0.5) * SPEECH_FRAME_IN_SECONDS,
  }));
  return {speech, mask, shortPauses, loudInDb: full.loud, noiseInDb: full.noise};
};

/** Frames within range of the loud level (and above the noise), and the two levels. */
const loudFrames = (energies: Float32Array): {mask: Uint8Array; loud: number; noise: number} => {
  const sorted = Float32Array.from(energies).sort();
  const loud = sorted[Math.floor(sorted.length * LOUD_PERCENTILE)] ?? 0;
  const noise = noiseLevelInDb(energies);
  const threshold = Math.max(INAUDIBLE_IN_DB, loud - RANGE_IN_DB, Math.min(noise + ABOVE_NOISE_IN_DB, loud - MAX_BELOW_LOUD_IN_DB));
  const mask = new Uint8Array(energies.length);
  for (let k = 0; k < energies.length; k++) mask[k] = energies[k]! > threshold ? 1 : 0;
  return {mask, loud, noise};
};

/** Runs of `value` in `mask`, as [from, to) frame ranges. */
const runs = (mask: Uint8Array, value: number): {from: number; to: number}[] => {
  const out: {from: number; to: number}[] = [];
  let k = 0;
  while (k < mask.length) {
    if (mask[k] !== value) {
      k++;
      continue;
    }
    const from = k;
    while (k < mask.length && mask[k] === value) k++;
    out.push({from, to: k});
  }
  return out;
};

/** Energy (dB re full scale) of each 10 ms frame. */
const frameEnergiesInDb = ({samples, sampleRate}: MonoAudio): Float32Array => {
  const count = Math.max(1, Math.ceil(samples.length / sampleRate / SPEECH_FRAME_IN_SECONDS));
  const half = Math.round((ENERGY_WINDOW_IN_SECONDS * sampleRate) / 2);
  const energies = new Float32Array(count);
  for (let k = 0; k < count; k++) {
    const centre = Math.round(k * SPEECH_FRAME_IN_SECONDS * sampleRate);
    const from = Math.max(0, centre - half);
    const to = Math.min(samples.length, centre + half);
    let sum = 0;
    for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
    energies[k] = 10 * Math.log10(sum / Math.max(1, to - from) + 1e-10);
  }
  return energies;
};

/** The energy of the quietest 100 ms (a moving average in the power domain). */
const noiseLevelInDb = (energies: Float32Array): number => {
  const span = Math.min(NOISE_SPAN_IN_FRAMES, energies.length);
  const power = Float64Array.from(energies, (db) => 10 ** (db / 10));
  let sum = 0;
  for (let k = 0; k < span; k++) sum += power[k]!;
  let lowest = sum;
  for (let k = span; k < power.length; k++) {
    sum += power[k]! - power[k - span]!;
    lowest = Math.min(lowest, sum);
  }
  return 10 * Math.log10(Math.max(1e-10, lowest / span));
};
