import {Mp3Encoder} from '@breezystack/lamejs';

/** Digital silence (all-zero samples) before the speech. */
export const TEST_SPEECH_LEADING_SILENCE_IN_SECONDS = 0.12;
/** Digital silence after the speech. */
export const TEST_SPEECH_TRAILING_SILENCE_IN_SECONDS = 0.2;
/** Speech length per character of normalized text at speed 1. */
export const TEST_SPEECH_SECONDS_PER_CHARACTER = 0.06;
/** Shortest speech at speed 1, however short the text. */
export const TEST_SPEECH_MINIMUM_SPEECH_IN_SECONDS = 0.5;
export const TEST_SPEECH_DEFAULT_SAMPLE_RATE = 44100;
export const TEST_SPEECH_BITRATE_IN_KBPS = 128;

/** Peak level of a syllable: about -6 dBFS. */
const BURST_AMPLITUDE = 0.5;
/**
 * Level between syllables: about -28 dBFS, so a -50 dBFS silence detector never sees a gap
 * inside the speech (only sub-millisecond zero crossings).
 */
const DIP_AMPLITUDE = 0.04;
const FADE_IN_SECONDS = 0.01;
const BURST_SECONDS = {min: 0.12, max: 0.2};
const DIP_SECONDS = {min: 0.03, max: 0.06};
const FUNDAMENTAL_HZ = {min: 150, max: 300};
/** Relative weights of the fundamental and its 2nd and 3rd harmonics. */
const HARMONIC_WEIGHTS = [0.6, 0.28, 0.12] as const;
const harmonicWave = (phase: number): number =>
  HARMONIC_WEIGHTS.reduce((sum, weight, h) => sum + weight * Math.sin(phase * (h + 1)), 0);
/** Peak of `harmonicWave` over one period, so that bursts peak at BURST_AMPLITUDE. */
const HARMONIC_WAVE_PEAK = Math.max(
  ...Array.from({length: 4096}, (_, i) => Math.abs(harmonicWave((2 * Math.PI * i) / 4096))),
);

/** Same normalization as the product's `normalizeText`, kept here so the fake stands alone. */
const normalizedLength = (text: string): number => [...text.normalize('NFC').replace(/\s+/g, ' ').trim()].length;

/**
 * Lengths of the three parts of the test speech for `text` at `speed`, in seconds.
 * `speechInSeconds = max(0.5, normalizedTextLength * 0.06) / speed`.
 */
export const testSpeechLayout = ({
  text,
  speed,
}: {
  text: string;
  speed: number;
}): {leadingSilenceInSeconds: number; speechInSeconds: number; trailingSilenceInSeconds: number; durationInSeconds: number} => {
  if (!(speed > 0)) {
    throw new RangeError(`speed must be a positive number, got ${speed}.`);
  }
  const speechInSeconds =
    Math.max(TEST_SPEECH_MINIMUM_SPEECH_IN_SECONDS, normalizedLength(text) * TEST_SPEECH_SECONDS_PER_CHARACTER) / speed;
  return {
    leadingSilenceInSeconds: TEST_SPEECH_LEADING_SILENCE_IN_SECONDS,
    speechInSeconds,
    trailingSilenceInSeconds: TEST_SPEECH_TRAILING_SILENCE_IN_SECONDS,
    durationInSeconds: TEST_SPEECH_LEADING_SILENCE_IN_SECONDS + speechInSeconds + TEST_SPEECH_TRAILING_SILENCE_IN_SECONDS,
  };
};

/**
 * Expected length of the synthesized PCM (leading silence + speech + trailing silence), in
 * seconds, before MP3 encoding adds encoder delay and frame padding.
 */
export const testSpeechDurationInSeconds = ({text, speed}: {text: string; speed: number}): number =>
  testSpeechLayout({text, speed}).durationInSeconds;

/**
 * Makes a real MP3 (mono, CBR 128 kbps, no LAME/Xing tag) that stands in for Kling speech:
 * 0.12 s of digital silence, then syllable-like tone bursts (150-300 Hz with two harmonics,
 * peak ~0.5) lasting `testSpeechLayout().speechInSeconds`, then 0.2 s of digital silence.
 * Deterministic: the same text, speed and sample rate give the same bytes.
 */
export const synthesizeTestSpeech = ({
  text,
  speed,
  sampleRate = TEST_SPEECH_DEFAULT_SAMPLE_RATE,
}: {
  text: string;
  speed: number;
  /** Hz; one of the MP3 rates lamejs supports. Default 44100. */
  sampleRate?: number;
}): Uint8Array => {
  const pcm = synthesizeTestSpeechPcm({text, speed, sampleRate});
  return encodeMp3({pcm, sampleRate});
};

/** The PCM behind `synthesizeTestSpeech`, as 16-bit samples. */
export const synthesizeTestSpeechPcm = ({
  text,
  speed,
  sampleRate = TEST_SPEECH_DEFAULT_SAMPLE_RATE,
}: {
  text: string;
  speed: number;
  sampleRate?: number;
}): Int16Array => {
  const layout = testSpeechLayout({text, speed});
  const leadingSamples = Math.round(layout.leadingSilenceInSeconds * sampleRate);
  const speechSamples = Math.round(layout.speechInSeconds * sampleRate);
  const trailingSamples = Math.round(layout.trailingSilenceInSeconds * sampleRate);
  const pcm = new Int16Array(leadingSamples + speechSamples + trailingSamples);
  const random = mulberry32(hashString(text));
  const envelope = syllableEnvelope({speechSamples, sampleRate, random});

  let phase = 0;
  for (let i = 0; i < speechSamples; i++) {
    const {amplitude, frequencyHz} = envelope(i);
    phase += (2 * Math.PI * frequencyHz) / sampleRate;
    pcm[leadingSamples + i] = Math.round((harmonicWave(phase) / HARMONIC_WAVE_PEAK) * amplitude * 32767);
  }
  return pcm;
};

type Segment = {startSample: number; endSample: number; frequencyHz: number; peak: number};

/**
 * Splits the speech into bursts separated by dips and returns the amplitude and pitch at each
 * sample. The speech starts and ends with a 10 ms fade from/to zero; between bursts the level
 * fades (10 ms) down to DIP_AMPLITUDE, never to zero.
 */
const syllableEnvelope = ({
  speechSamples,
  sampleRate,
  random,
}: {
  speechSamples: number;
  sampleRate: number;
  random: () => number;
}): ((sample: number) => {amplitude: number; frequencyHz: number}) => {
  const between = (range: {min: number; max: number}) => range.min + (range.max - range.min) * random();
  const minBurstAndDip = Math.round((BURST_SECONDS.min + DIP_SECONDS.min) * sampleRate);
  const bursts: Segment[] = [];
  let position = 0;
  while (position < speechSamples) {
    let end = position + Math.round(between(BURST_SECONDS) * sampleRate);
    // Too little left for another dip + burst: this burst runs to the end of the speech.
    if (speechSamples - end < minBurstAndDip) {
      end = speechSamples;
    }
    bursts.push({startSample: position, endSample: end, frequencyHz: between(FUNDAMENTAL_HZ), peak: BURST_AMPLITUDE * between({min: 0.85, max: 1})});
    position = Math.min(speechSamples, end + Math.round(between(DIP_SECONDS) * sampleRate));
  }
  const fadeSamples = Math.round(FADE_IN_SECONDS * sampleRate);
  let index = 0;
  return (sample) => {
    while (index < bursts.length - 1 && sample >= bursts[index + 1]!.startSample) {
      index++;
    }
    const burst = bursts[index]!;
    const isFirst = index === 0;
    const isLast = index === bursts.length - 1;
    if (sample >= burst.endSample) {
      // In the dip after this burst.
      return {amplitude: DIP_AMPLITUDE, frequencyHz: burst.frequencyHz};
    }
    const floorIn = isFirst ? 0 : DIP_AMPLITUDE;
    const floorOut = isLast ? 0 : DIP_AMPLITUDE;
    const sinceStart = sample - burst.startSample;
    const untilEnd = burst.endSample - 1 - sample;
    let amplitude = burst.peak;
    if (sinceStart < fadeSamples) {
      amplitude = floorIn + (burst.peak - floorIn) * (sinceStart / fadeSamples);
    }
    if (untilEnd < fadeSamples) {
      amplitude = Math.min(amplitude, floorOut + (burst.peak - floorOut) * (untilEnd / fadeSamples));
    }
    return {amplitude, frequencyHz: burst.frequencyHz};
  };
};

const encodeMp3 = ({pcm, sampleRate}: {pcm: Int16Array; sampleRate: number}): Uint8Array => {
  const encoder = new Mp3Encoder(1, sampleRate, TEST_SPEECH_BITRATE_IN_KBPS);
  // One call for the whole clip: lamejs is about twice as fast that way as frame by frame.
  const parts = [encoder.encodeBuffer(pcm), encoder.flush()];
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const mp3 = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    mp3.set(part, offset);
    offset += part.length;
  }
  return mp3;
};

/** FNV-1a, 32 bit. */
const hashString = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

/** Small seeded PRNG giving floats in [0, 1). */
const mulberry32 = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
