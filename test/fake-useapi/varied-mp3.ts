import {createHash} from 'node:crypto';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {runRemotionFfmpeg} from '../helpers/remotion-ffmpeg.ts';
import {buildId3v2Tag, stripLeadingId3v2} from './id3v2-tag.ts';
import {applyGain, encodeTestSpeech, synthesizeTestSpeechPcm} from './test-speech.ts';

/**
 * The MP3s real encoders write, as the fake's `mp3Style: 'varied'` serves them:
 * - `cbr-lame-tag`: lamejs CBR 128 kbps behind a LAME Info frame (delay, padding, frame count);
 * - `cbr-no-tag`: lamejs's bare CBR frames (decoders keep the 1105-sample codec delay);
 * - `vbr-xing`: ffmpeg's libmp3lame VBR (`-q:a 4`) written to a seekable file, so with a Xing
 *   frame and LAME extension filled in at the end;
 * - `vbr-no-xing`: the same encoder streaming to a pipe (`-f mp3 pipe:1`), which cannot go back
 *   to write a Xing frame: players estimate its length from the bitrate of its first frames,
 *   and a render cuts it there (what `inspectMp3` calls `needsHeaderRepair`).
 */
export const FAKE_MP3_ENCODINGS = ['cbr-lame-tag', 'cbr-no-tag', 'vbr-xing', 'vbr-no-xing'] as const;
export type FakeMp3Encoding = (typeof FAKE_MP3_ENCODINGS)[number];

/** Sample rates a varied clip is made at: Kling-like 24 kHz and CD 44.1 kHz. */
export const FAKE_VARIED_SAMPLE_RATES = [24_000, 44_100] as const;
/** Digital silence before a varied clip's speech, in seconds (real services: ~0.05-0.4 s). */
export const FAKE_VARIED_LEADING_SILENCE_IN_SECONDS = {min: 0.05, max: 0.4} as const;
/** Digital silence after it, in seconds (real services: ~0.1-0.6 s). */
export const FAKE_VARIED_TRAILING_SILENCE_IN_SECONDS = {min: 0.1, max: 0.6} as const;
/** One clip in BIG_ID3V2_PERIOD comes behind a ~100 KB ID3v2 tag with a cover picture. */
const BIG_ID3V2_PERIOD = 3;
/** LAME's VBR quality 4 (~165 kbps for music, far less for speech), as `-q:a 4` / `lame -V 4`. */
const VBR_QUALITY = '4';

/** How the fake makes one clip: chosen per text, so one composition's clips differ like real ones. */
export type FakeClipFormat = {
  encoding: FakeMp3Encoding;
  /** A ~100 KB ID3v2 tag (title, encoder, APIC cover) comes before the audio. */
  bigId3v2Tag: boolean;
  /** Hz. */
  sampleRate: number;
  leadingSilenceInSeconds: number;
  trailingSilenceInSeconds: number;
  /** Noisy consonant onsets in the speech (see `synthesizeTestSpeechPcm`). */
  consonants: boolean;
};

/**
 * The format of the clip for `text` under `mp3Style: 'varied'`: encoding, ID3v2 tag, sample
 * rate (unless `sampleRate` fixes it) and silences, each from its own byte of the text's
 * SHA-256, so the same text always gets the same format. Silences are whole milliseconds.
 */
export const variedClipFormat = (text: string, {sampleRate}: {sampleRate?: number} = {}): FakeClipFormat => {
  const digest = createHash('sha256').update(`varied:${text}`, 'utf8').digest();
  const within = (range: {min: number; max: number}, byte: number) => Math.round((range.min + ((range.max - range.min) * byte) / 255) * 1000) / 1000;
  return {
    encoding: FAKE_MP3_ENCODINGS[digest[0]! % FAKE_MP3_ENCODINGS.length]!,
    bigId3v2Tag: digest[1]! % BIG_ID3V2_PERIOD === 0,
    sampleRate: sampleRate ?? FAKE_VARIED_SAMPLE_RATES[digest[2]! % FAKE_VARIED_SAMPLE_RATES.length]!,
    leadingSilenceInSeconds: within(FAKE_VARIED_LEADING_SILENCE_IN_SECONDS, digest[3]!),
    trailingSilenceInSeconds: within(FAKE_VARIED_TRAILING_SILENCE_IN_SECONDS, digest[4]!),
    consonants: true,
  };
};

/**
 * Makes the clip for `text` at `speed` in `format` (see `variedClipFormat`). The VBR kinds are
 * encoded by Remotion's own ffmpeg (libmp3lame), one process per clip (~50-150 ms); the CBR
 * kinds by lamejs. Deterministic: the same input gives the same bytes.
 */
export const synthesizeVariedSpeech = async ({text, speed, format, gainDb = 0}: {text: string; speed: number; format: FakeClipFormat; gainDb?: number}): Promise<Uint8Array> => {
  const pcm = applyGain(gainDb, synthesizeTestSpeechPcm({
    text,
    speed,
    sampleRate: format.sampleRate,
    leadingSilenceInSeconds: format.leadingSilenceInSeconds,
    trailingSilenceInSeconds: format.trailingSilenceInSeconds,
    consonants: format.consonants,
  }));
  const mp3 = await encode({pcm, format});
  if (!format.bigId3v2Tag) return mp3;
  const tag = buildId3v2Tag({title: text.slice(0, 60), encoder: format.encoding.startsWith('vbr') ? 'Lavf61.7.100' : 'LAME3.98r'});
  const audio = stripLeadingId3v2(mp3);
  const tagged = new Uint8Array(tag.length + audio.length);
  tagged.set(tag);
  tagged.set(audio, tag.length);
  return tagged;
};

const encode = async ({pcm, format}: {pcm: Int16Array; format: FakeClipFormat}): Promise<Uint8Array> => {
  switch (format.encoding) {
    case 'cbr-lame-tag':
      return encodeTestSpeech({pcm, sampleRate: format.sampleRate, gaplessTag: true});
    case 'cbr-no-tag':
      return encodeTestSpeech({pcm, sampleRate: format.sampleRate, gaplessTag: false});
    case 'vbr-no-xing':
    case 'vbr-xing': {
      const input = ['-f', 's16le', '-ar', String(format.sampleRate), '-ac', '1', '-i', 'pipe:0', '-c:a', 'libmp3lame', '-q:a', VBR_QUALITY, '-f', 'mp3'];
      if (format.encoding === 'vbr-no-xing') {
        return new Uint8Array(await runRemotionFfmpeg({args: [...input, 'pipe:1'], input: pcmBytes(pcm)}));
      }
      // A seekable output: ffmpeg goes back to fill in the Xing frame when it is done.
      const folder = await mkdtemp(path.join(tmpdir(), 'fake-useapi-vbr-'));
      try {
        const file = path.join(folder, 'clip.mp3');
        await runRemotionFfmpeg({args: [...input, '-y', file], input: pcmBytes(pcm)});
        return new Uint8Array(await readFile(file));
      } finally {
        await rm(folder, {recursive: true, force: true});
      }
    }
  }
};

/** 16-bit little-endian samples, as `-f s16le` reads them. */
const pcmBytes = (pcm: Int16Array): Uint8Array => {
  const bytes = new Uint8Array(pcm.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < pcm.length; i++) view.setInt16(i * 2, pcm[i]!, true);
  return bytes;
};
