import {seededRandom} from '../helpers/seeded-random.ts';
import {Mp3Encoder} from '@breezystack/lamejs';

/** Digital silence (all-zero samples) before the speech. */
export const TEST_SPEECH_LEADING_SILENCE_IN_SECONDS = 0.12;
/** Digital silence after the speech. */
export const TEST_SPEECH_TRAILING_SILENCE_IN_SECONDS = 0.2;
/** Speech length per character of normalized text at speed 1 (a Han character: see below). */
export const TEST_SPEECH_SECONDS_PER_CHARACTER = 0.06;
/**
 * Speech length per Han character at speed 1: one syllable each, at the 4-5 syllables a second
 * of Mandarin narration (Kling's Chinese voices speak at about that rate; see
 * ../shared/chinese-notes.md). A fake that spoke Chinese as fast as English letters would hide
 * every estimate and layout made for English.
 */
export const TEST_SPEECH_SECONDS_PER_HAN_CHARACTER = 0.22;
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

/**
 * Seconds of speech at speed 1 for `text`, normalized as the product's `normalizeText` does (kept
 * here so the fake stands alone): 0.06 s a character, 0.22 s a Han character.
 */
const speechLengthOf = (text: string): number =>
  [...text.normalize('NFC').replace(/\s+/g, ' ').trim()].reduce(
    (sum, character) => sum + (/\p{Script=Han}/u.test(character) ? TEST_SPEECH_SECONDS_PER_HAN_CHARACTER : TEST_SPEECH_SECONDS_PER_CHARACTER),
    0,
  );

/** Silence around the speech, in seconds; each defaults to the constants above. */
export type TestSpeechSilences = {
  leadingSilenceInSeconds?: number;
  trailingSilenceInSeconds?: number;
};

/**
 * Lengths of the three parts of the test speech for `text` at `speed`, in seconds.
 * `speechInSeconds = max(0.5, 0.06 s a character, 0.22 s a Han character) / speed`; the silences are
 * TEST_SPEECH_LEADING/TRAILING_SILENCE_IN_SECONDS unless given.
 */
export const testSpeechLayout = ({
  text,
  speed,
  leadingSilenceInSeconds = TEST_SPEECH_LEADING_SILENCE_IN_SECONDS,
  trailingSilenceInSeconds = TEST_SPEECH_TRAILING_SILENCE_IN_SECONDS,
}: {
  text: string;
  speed: number;
} & TestSpeechSilences): {leadingSilenceInSeconds: number; speechInSeconds: number; trailingSilenceInSeconds: number; durationInSeconds: number} => {
  if (!(speed > 0)) {
    throw new RangeError(`speed must be a positive number, got ${speed}.`);
  }
  if (!(leadingSilenceInSeconds >= 0) || !(trailingSilenceInSeconds >= 0)) {
    throw new RangeError(`Silences must be 0 or more seconds, got ${leadingSilenceInSeconds} and ${trailingSilenceInSeconds}.`);
  }
  const speechInSeconds =
    Math.max(TEST_SPEECH_MINIMUM_SPEECH_IN_SECONDS, speechLengthOf(text)) / speed;
  return {
    leadingSilenceInSeconds,
    speechInSeconds,
    trailingSilenceInSeconds,
    durationInSeconds: leadingSilenceInSeconds + speechInSeconds + trailingSilenceInSeconds,
  };
};

/**
 * Expected length of the synthesized PCM (leading silence + speech + trailing silence), in
 * seconds, before MP3 encoding adds encoder delay and frame padding.
 */
export const testSpeechDurationInSeconds = (input: {text: string; speed: number} & TestSpeechSilences): number =>
  testSpeechLayout(input).durationInSeconds;

/**
 * Samples the encoder (LAME, and lamejs, its port) puts before the signal; a LAME tag stores
 * this number. Decoders add their own 529 (`MP3_DECODER_DELAY_SAMPLES`).
 */
export const TEST_SPEECH_ENCODER_DELAY_SAMPLES = 576;
/** The MP3 decoder's own delay, which gapless decoders (mpg123, ffmpeg) add to the tag's delay. */
export const MP3_DECODER_DELAY_SAMPLES = 529;

/**
 * Makes a real MP3 (mono, CBR 128 kbps) that stands in for Kling speech: 0.12 s of digital
 * silence, then syllable-like tone bursts (150-300 Hz with two harmonics, peak ~0.5) lasting
 * `testSpeechLayout().speechInSeconds`, then 0.2 s of digital silence.
 * Deterministic: the same text, speed, sample rate and `gaplessTag` give the same bytes.
 *
 * Without `gaplessTag` the file is what lamejs writes: audio frames only, no Xing/Info/LAME tag,
 * so decoders cannot remove the encoder delay and padding (the speech starts 576 + 529 = 1105
 * samples late and the file decodes to whole frames). With `gaplessTag` an Info frame with a
 * LAME extension comes first, as `lame` and ffmpeg's libmp3lame write it, and gapless decoders
 * give back exactly the synthesized samples.
 */
export const synthesizeTestSpeech = ({
  text,
  speed,
  sampleRate = TEST_SPEECH_DEFAULT_SAMPLE_RATE,
  gaplessTag = false,
  gainDb = 0,
}: {
  text: string;
  speed: number;
  /** Hz; one of the MP3 rates lamejs supports. Default 44100. */
  sampleRate?: number;
  /** Put a LAME Info frame (encoder delay, padding, frame count) first. Default false. */
  gaplessTag?: boolean;
  /** How much louder than the usual level (quieter when negative). Default 0. */
  gainDb?: number;
}): Uint8Array => {
  return encodeTestSpeech({pcm: applyGain(gainDb, synthesizeTestSpeechPcm({text, speed, sampleRate})), sampleRate, gaplessTag});
};

/** PCM `gainDb` louder (quieter when negative), clipped to 16 bits: a voice that speaks at its own level. */
export const applyGain = (gainDb: number, pcm: Int16Array): Int16Array => {
  if (gainDb === 0) return pcm;
  const gain = 10 ** (gainDb / 20);
  return pcm.map((sample) => Math.max(-32768, Math.min(32767, Math.round(sample * gain))));
};

/** Encodes PCM as `synthesizeTestSpeech` does: lamejs, mono CBR 128 kbps, with or without a LAME Info frame. */
export const encodeTestSpeech = ({pcm, sampleRate, gaplessTag = false}: {pcm: Int16Array; sampleRate: number; gaplessTag?: boolean}): Uint8Array => {
  const mp3 = encodeMp3({pcm, sampleRate});
  return gaplessTag ? prependLameInfoFrame({mp3, sourceSamples: pcm.length}) : mp3;
};

/**
 * The PCM behind `synthesizeTestSpeech`, as 16-bit samples.
 *
 * With `consonants`, some syllables open with a hiss (high-passed noise riding on the same
 * envelope, like the "s" or "t" before a vowel). Tones alone cost a VBR encoder about the same
 * bits everywhere; noise costs several times more, and where it falls varies from clip to clip
 * as in real speech. That is what makes an encoder's VBR stream without a Xing header misjudge
 * its own length from its first frames (measured on real narration: 7.49 s decoded, 6.70 s
 * estimated), so the fake must have it. The tonal part is the same with or without them.
 */
export const synthesizeTestSpeechPcm = ({
  text,
  speed,
  sampleRate = TEST_SPEECH_DEFAULT_SAMPLE_RATE,
  leadingSilenceInSeconds,
  trailingSilenceInSeconds,
  consonants = false,
}: {
  text: string;
  speed: number;
  sampleRate?: number;
  /** Add noisy consonant onsets to some syllables. Default false. */
  consonants?: boolean;
} & TestSpeechSilences): Int16Array => {
  const layout = testSpeechLayout({text, speed, leadingSilenceInSeconds, trailingSilenceInSeconds});
  const leadingSamples = Math.round(layout.leadingSilenceInSeconds * sampleRate);
  const speechSamples = Math.round(layout.speechInSeconds * sampleRate);
  const trailingSamples = Math.round(layout.trailingSilenceInSeconds * sampleRate);
  const pcm = new Int16Array(leadingSamples + speechSamples + trailingSamples);
  const random = seededRandom(hashString(text));
  const envelope = syllableEnvelope({speechSamples, sampleRate, random});
  // A PRNG of its own, so that consonants leave the syllables' timing and pitch as they were.
  const hiss = consonants ? consonantHiss({text, sampleRate}) : () => 0;

  let phase = 0;
  for (let i = 0; i < speechSamples; i++) {
    const {amplitude, frequencyHz, burst, sinceBurstStart} = envelope(i);
    phase += (2 * Math.PI * frequencyHz) / sampleRate;
    const tone = harmonicWave(phase) / HARMONIC_WAVE_PEAK;
    pcm[leadingSamples + i] = Math.round((tone + hiss(burst, sinceBurstStart)) * amplitude * 32767);
  }
  return pcm;
};

/** Share of syllables that open with a consonant's hiss. */
const CONSONANT_SHARE = 0.35;
const CONSONANT_SECONDS = {min: 0.04, max: 0.1};
/**
 * Hiss level relative to the syllable's envelope: the first difference of uniform noise peaks at
 * 2, so the sum with the tone stays under 1 + 2 × 0.2 = 1.4 × the envelope (≤ 0.7 of full scale).
 */
const CONSONANT_LEVEL = 0.2;

/** The hiss added to sample `sinceBurstStart` of syllable `burst` (0 outside consonants). */
const consonantHiss = ({text, sampleRate}: {text: string; sampleRate: number}): ((burst: number, sinceBurstStart: number) => number) => {
  const random = seededRandom(hashString(`consonants:${text}`));
  const lengths: number[] = [];
  let previousNoise = 0;
  return (burst, sinceBurstStart) => {
    while (lengths.length <= burst) {
      const isConsonant = random() < CONSONANT_SHARE;
      const seconds = CONSONANT_SECONDS.min + (CONSONANT_SECONDS.max - CONSONANT_SECONDS.min) * random();
      lengths.push(isConsonant ? Math.round(seconds * sampleRate) : 0);
    }
    if (sinceBurstStart >= lengths[burst]!) return 0;
    const noise = random() * 2 - 1;
    // First difference: white noise tilted towards the high frequencies, as a sibilant is.
    const sample = (noise - previousNoise) * CONSONANT_LEVEL;
    previousNoise = noise;
    return sample;
  };
};

type Segment = {startSample: number; endSample: number; frequencyHz: number; peak: number};

/**
 * Splits the speech into bursts separated by dips and returns the amplitude and pitch at each
 * sample, with the burst it belongs to and how far into it (infinite in the dip after it). The speech starts and ends with a 10 ms fade from/to zero; between bursts the level
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
}): ((sample: number) => {amplitude: number; frequencyHz: number; burst: number; sinceBurstStart: number}) => {
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
    const sinceStart = sample - burst.startSample;
    if (sample >= burst.endSample) {
      // In the dip after this burst.
      return {amplitude: DIP_AMPLITUDE, frequencyHz: burst.frequencyHz, burst: index, sinceBurstStart: Number.POSITIVE_INFINITY};
    }
    const floorIn = isFirst ? 0 : DIP_AMPLITUDE;
    const floorOut = isLast ? 0 : DIP_AMPLITUDE;
    const untilEnd = burst.endSample - 1 - sample;
    let amplitude = burst.peak;
    if (sinceStart < fadeSamples) {
      amplitude = floorIn + (burst.peak - floorIn) * (sinceStart / fadeSamples);
    }
    if (untilEnd < fadeSamples) {
      amplitude = Math.min(amplitude, floorOut + (burst.peak - floorOut) * (untilEnd / fadeSamples));
    }
    return {amplitude, frequencyHz: burst.frequencyHz, burst: index, sinceBurstStart: sinceStart};
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

/** One MPEG audio Layer III frame of a file, as `readMp3Frames` finds it. */
export type Mp3Frame = {
  offset: number;
  size: number;
  /** 1 (MPEG-1), 2 (MPEG-2) or 2.5 (MPEG-2.5). */
  mpegVersion: 1 | 2 | 2.5;
  bitrateKbps: number;
  sampleRate: number;
  samplesPerFrame: 1152 | 576;
  /** Channel mode bits: 0 stereo, 1 joint stereo, 2 dual channel, 3 mono. */
  channelMode: number;
  hasCrc: boolean;
};

const LAYER3_KBPS = {
  mpeg1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  mpeg2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
} as const;
const SAMPLE_RATES = {1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 2.5: [11025, 12000, 8000]} as const;

/** The Layer III frame header at `offset`, or undefined if there is none. */
const readFrameHeader = (bytes: Uint8Array, offset: number): Mp3Frame | undefined => {
  if (offset + 4 > bytes.length) return undefined;
  const [b0, b1, b2, b3] = [bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!];
  const versionBits = (b1 >> 3) & 3;
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0 || versionBits === 1 || ((b1 >> 1) & 3) !== 1) return undefined;
  const mpegVersion = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5;
  const bitrateKbps = (mpegVersion === 1 ? LAYER3_KBPS.mpeg1 : LAYER3_KBPS.mpeg2)[b2 >> 4];
  const sampleRate = SAMPLE_RATES[mpegVersion][(b2 >> 2) & 3];
  if (!bitrateKbps || sampleRate === undefined) return undefined;
  const size = Math.floor(((mpegVersion === 1 ? 144000 : 72000) * bitrateKbps) / sampleRate) + ((b2 >> 1) & 1);
  return {offset, size, mpegVersion, bitrateKbps, sampleRate, samplesPerFrame: mpegVersion === 1 ? 1152 : 576, channelMode: b3 >> 6, hasCrc: (b1 & 1) === 0};
};

/** Every frame of an MP3 that is nothing but back-to-back Layer III frames (as lamejs writes). */
export const readMp3Frames = (bytes: Uint8Array): Mp3Frame[] => {
  const frames: Mp3Frame[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const frame = readFrameHeader(bytes, offset);
    if (!frame || offset + frame.size > bytes.length) {
      throw new Error(`No whole MP3 frame at byte ${offset} of ${bytes.length}.`);
    }
    frames.push(frame);
    offset += frame.size;
  }
  return frames;
};

/** CRC-16 as LAME computes the LAME tag and music CRCs (CRC-16/ARC: polynomial 0x8005 reflected, initial 0). */
export const lameCrc16 = (bytes: Uint8Array, crc = 0): number => {
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
};

/**
 * The 100-entry Xing TOC exactly as LAME 3.100 fills it (VbrTag.c: `addVbr` keeps a table of
 * running bitrate sums, at most 400 entries, halving it when full; `Xing_seek_table` samples it).
 */
export const lameXingToc = (frameBitratesKbps: readonly number[]): Uint8Array => {
  const size = 400;
  const bag: number[] = [];
  let sum = 0;
  let seen = 0;
  let want = 1;
  let pos = 0;
  for (const kbps of frameBitratesKbps) {
    sum += kbps;
    seen++;
    if (seen < want) continue;
    if (pos < size) {
      bag[pos++] = sum;
      seen = 0;
    }
    if (pos === size) {
      for (let i = 1; i < size; i += 2) bag[i >> 1] = bag[i]!;
      want *= 2;
      pos /= 2;
    }
  }
  const toc = new Uint8Array(100);
  if (pos <= 0) return toc;
  for (let i = 1; i < 100; i++) {
    // C: float j = i / 100.f; indx = (int) floor(j * pos); seek_point = (int) (256. * act / sum).
    const index = Math.min(pos - 1, Math.floor(Math.fround(Math.fround(i / 100) * pos)));
    toc[i] = Math.min(255, Math.trunc((256 * bag[index]!) / sum));
  }
  return toc;
};

/** What lamejs's own (disabled) tag writer would call itself: `getLameVeryShortVersion()`. */
const LAMEJS_VERSION_STRING = 'LAME3.98r';
/** `100 - 10 * VBR_q - quality` with lamejs's VBR_q 4 and the quality 3 its Mp3Encoder sets. */
const LAMEJS_QUALITY = 57;
/** Offset of "Info" in the first frame: the 4-byte header plus the side information. */
const sideInfoSize = (frame: Mp3Frame): number => (frame.mpegVersion === 1 ? (frame.channelMode === 3 ? 17 : 32) : frame.channelMode === 3 ? 9 : 17);
/** "Info"/"Xing" .. end of the LAME tag CRC: 120 bytes of Xing fields and 36 of LAME extension. */
const INFO_TAG_SIZE = 156;

/**
 * Puts an Info frame (the Xing tag of a CBR file) with a LAME extension before lamejs's frames,
 * laid out as LAME 3.100 writes it (`lame -b 128`, see test/fixtures/cbr-44100-mono.mp3):
 * - a frame header like the first audio frame's, without padding bit; side information all zero;
 * - "Info", flags 0x0F (frames, bytes, TOC, quality), the number of audio frames (the Info
 *   frame not counted), the file size in bytes (Info frame counted), the TOC, the quality;
 * - the LAME extension: version string, tag revision 0 / method 1 (CBR), lowpass / 100,
 *   peak and ReplayGain 0 (not computed), encoding flags + ATH type, bitrate, encoder delay
 *   (12 bits) and padding (12 bits), misc (noise shaping, stereo mode, unwise settings, source
 *   rate), MP3 gain 0, preset 0, music length (= file size), the CRC-16 of the audio frames
 *   and the CRC-16 of every byte of this frame before that CRC.
 * Padding = frames * samplesPerFrame - encoderDelay - sourceSamples, so a decoder that
 * skips encoderDelay + 529 samples at the start and stops padding - 529 samples before the end
 * of the last frame returns exactly `sourceSamples`.
 */
export const prependLameInfoFrame = ({mp3, sourceSamples}: {mp3: Uint8Array; sourceSamples: number}): Uint8Array => {
  const frames = readMp3Frames(mp3);
  const first = frames[0];
  if (!first) throw new Error('lamejs wrote no MP3 frames.');
  if (first.hasCrc) throw new Error('CRC-protected frames are not supported.');
  const encoderDelay = TEST_SPEECH_ENCODER_DELAY_SAMPLES;
  const padding = frames.length * first.samplesPerFrame - encoderDelay - sourceSamples;
  if (padding < 0 || padding > 0xfff) {
    throw new Error(`Padding ${padding} does not fit a LAME tag (${frames.length} frames, ${sourceSamples} samples).`);
  }

  const infoSize = first.size - ((mp3[2]! >> 1) & 1);
  const tagOffset = 4 + sideInfoSize(first);
  if (tagOffset + INFO_TAG_SIZE > infoSize) throw new Error(`A ${infoSize}-byte frame cannot hold a LAME tag.`);
  const info = new Uint8Array(infoSize);
  const view = new DataView(info.buffer);
  info.set(mp3.subarray(0, 4));
  info[2]! &= ~0x03; // no padding, private bit 0
  const totalBytes = infoSize + mp3.length;

  let at = tagOffset;
  const putAscii = (text: string) => {
    for (const char of text) info[at++] = char.charCodeAt(0);
  };
  const put8 = (value: number) => {
    info[at++] = value & 0xff;
  };
  const put16 = (value: number) => {
    view.setUint16(at, value);
    at += 2;
  };
  const put32 = (value: number) => {
    view.setUint32(at, value);
    at += 4;
  };

  putAscii('Info');
  put32(0x0f);
  put32(frames.length);
  put32(totalBytes);
  info.set(lameXingToc(frames.map((frame) => frame.bitrateKbps)), at);
  at += 100;
  put32(LAMEJS_QUALITY);

  putAscii(LAMEJS_VERSION_STRING);
  put8((0 << 4) | 1); // tag revision 0, VBR method 1 = CBR
  // lamejs's lowpass for 128 kbps mono: min(20500 Hz, half the sample rate).
  put8(Math.trunc(Math.min(20500, first.sampleRate / 2) / 100 + 0.5));
  put32(0); // peak signal amplitude: not computed
  put16(0); // radio ReplayGain: not set
  put16(0); // audiophile ReplayGain: not set
  put8((1 << 4) | 4); // nspsytune, ATH type 4
  put8(Math.min(255, first.bitrateKbps));
  put8(encoderDelay >> 4);
  put8(((encoderDelay & 0x0f) << 4) | (padding >> 8));
  put8(padding & 0xff);
  const stereoMode = [1, 3, 2, 0][first.channelMode]!; // LAME: 0 mono, 1 stereo, 2 dual, 3 joint
  const sourceRate = first.sampleRate <= 32000 ? 0 : first.sampleRate === 44100 ? 1 : first.sampleRate === 48000 ? 2 : 3;
  // noise shaping 1 (lamejs at quality 3); "unwise" set as LAME does for a disabled reservoir below 320 kbps.
  put8(1 | (stereoMode << 2) | (1 << 5) | (sourceRate << 6));
  put8(0); // MP3 gain
  put16(0); // surround info 0, preset 0 (none)
  put32(totalBytes); // music length
  put16(lameCrc16(mp3)); // music CRC: every audio frame
  put16(lameCrc16(info.subarray(0, at))); // LAME tag CRC: this frame up to here

  const tagged = new Uint8Array(totalBytes);
  tagged.set(info);
  tagged.set(mp3, infoSize);
  return tagged;
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
