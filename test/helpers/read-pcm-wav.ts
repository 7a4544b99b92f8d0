import {readFile} from 'node:fs/promises';

/**
 * A 16-bit PCM WAV (what `npx remotion render out.wav` writes) read without ffmpeg, so that no
 * Remotion CLI (which loads the project's remotion.config.ts) has to run: its length, and its
 * channels mixed down to mono samples in [-1, 1].
 * @throws Error when the file is not 16-bit PCM.
 */
export const readPcmWav = async (file: string): Promise<{sampleRate: number; durationInSeconds: number; samples: Float32Array}> => {
  const wav = await readFile(file);
  if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${file} is not a WAV file.`);
  }
  let format: {channels: number; sampleRate: number; bitsPerSample: number; audioFormat: number} | null = null;
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = {
        audioFormat: wav.readUInt16LE(body),
        channels: wav.readUInt16LE(body + 2),
        sampleRate: wav.readUInt32LE(body + 4),
        bitsPerSample: wav.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!format || format.audioFormat !== 1 || format.bitsPerSample !== 16) {
        throw new Error(`${file} is not 16-bit PCM: ${JSON.stringify(format)}.`);
      }
      const frameBytes = 2 * format.channels;
      const frames = Math.floor((Math.min(wav.length, body + size) - body) / frameBytes);
      const samples = new Float32Array(frames);
      for (let frame = 0; frame < frames; frame++) {
        let sum = 0;
        for (let channel = 0; channel < format.channels; channel++) sum += wav.readInt16LE(body + frame * frameBytes + channel * 2);
        samples[frame] = sum / format.channels / 32768;
      }
      return {sampleRate: format.sampleRate, durationInSeconds: frames / format.sampleRate, samples};
    }
    offset = body + size + (size & 1);
  }
  throw new Error(`${file} has no data chunk.`);
};
