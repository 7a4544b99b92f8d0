import {InvalidAudioError} from '../../core/errors.ts';
import {decodeMp3} from './decode-mp3.ts';
import {encodeMp3} from './encode-mp3.ts';
import {readMp3Frames} from './read-mp3-frames.ts';

/** Plenty for speech at any MPEG sample rate lamejs encodes (MPEG-2 rates go up to 160 kbps). */
const JOINED_BIT_RATE_IN_KBPS = 128;

/**
 * One MP3 that plays `parts` back to back, each with its own silences: for a clip the service
 * refused as too long, spoken as two halves. Decoded and encoded again (lamejs, CBR): the halves
 * may come from an encoder whose frames cannot simply be concatenated, and this happens rarely
 * enough that the small loss of a second encoding is worth the simplicity.
 * @throws InvalidAudioError when a part is not MP3 or the parts differ in sample rate.
 */
export const joinMp3s = async ({parts, name}: {parts: Uint8Array[]; name: string}): Promise<Uint8Array> => {
  const decoded = await Promise.all(
    parts.map(async (data, index) => {
      const partName = `${name} (part ${index + 1})`;
      return decodeMp3({data, frames: readMp3Frames({data, name: partName}), name: partName});
    }),
  );
  const sampleRate = decoded[0]?.sampleRate;
  if (sampleRate === undefined || decoded.some((part) => part.sampleRate !== sampleRate)) {
    throw new InvalidAudioError(`${name}: the parts to join have different sample rates (${decoded.map((part) => part.sampleRate).join(', ')} Hz).`);
  }
  const total = decoded.reduce((sum, part) => sum + part.samplesDecoded, 0);
  // mpg123 returns two channels even for mono: keep the first, speech is mono.
  const samples = new Int16Array(total);
  let offset = 0;
  for (const part of decoded) {
    const channel = part.channelData[0]!;
    for (let i = 0; i < part.samplesDecoded; i++) {
      samples[offset + i] = Math.max(-32768, Math.min(32767, Math.round(channel[i]! * 32767)));
    }
    offset += part.samplesDecoded;
  }
  return encodeMp3({channels: [samples], sampleRate, bitRateInKbps: JOINED_BIT_RATE_IN_KBPS});
};
