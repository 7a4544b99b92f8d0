import {runRemotionFfmpeg} from './remotion-ffmpeg.ts';

export const ANALYSIS_SAMPLE_RATE = 48_000;

/** The audio track of a rendered file as mono float samples, decoded by Remotion's own ffmpeg. */
export const decodeAudioTrack = async (file: string): Promise<Float32Array> => {
  // Remotion's ffmpeg build has no raw muxers: a 16-bit WAV on stdout.
  const wav = await runRemotionFfmpeg({args: ['-i', file, '-ac', '1', '-ar', String(ANALYSIS_SAMPLE_RATE), '-c:a', 'pcm_s16le', '-f', 'wav', '-']});
  return pcm16WavToFloat(wav);
};

/** Both channels of a rendered file's audio track at ANALYSIS_SAMPLE_RATE, for what is measured per channel (loudness). */
export const decodeStereoAudioTrack = async (file: string): Promise<[Float32Array, Float32Array]> => {
  const wav = await runRemotionFfmpeg({args: ['-i', file, '-ac', '2', '-ar', String(ANALYSIS_SAMPLE_RATE), '-c:a', 'pcm_s16le', '-f', 'wav', '-']});
  const interleaved = pcm16WavToFloat(wav);
  const left = new Float32Array(interleaved.length >> 1);
  const right = new Float32Array(interleaved.length >> 1);
  for (let i = 0; i < left.length; i++) {
    left[i] = interleaved[2 * i]!;
    right[i] = interleaved[2 * i + 1]!;
  }
  return [left, right];
};

const pcm16WavToFloat = (wav: Buffer): Float32Array => {
  let offset = 12; // after "RIFF" <size> "WAVE"
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === 'data') {
      const end = Math.min(wav.length, offset + 8 + size);
      const samples = new Float32Array((end - offset - 8) >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = wav.readInt16LE(offset + 8 + i * 2) / 32768;
      return samples;
    }
    offset += 8 + size + (size & 1);
  }
  throw new Error('No data chunk in the decoded WAV.');
};

/** Number of video frames in a rendered file, by Remotion's ffprobe. */
export const probeVideoFrameCount = async (file: string): Promise<number> => {
  const output = await runRemotionFfmpeg({
    binary: 'ffprobe',
    args: ['-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'default=noprint_wrappers=1:nokey=1', file],
  });
  return Number(output.toString().trim());
};

/** Duration of a file's audio stream in seconds, by Remotion's ffprobe. */
export const probeAudioDurationInSeconds = async (file: string): Promise<number> => {
  const output = await runRemotionFfmpeg({binary: 'ffprobe', args: ['-select_streams', 'a:0', '-show_entries', 'stream=duration', '-of', 'default=noprint_wrappers=1:nokey=1', file]});
  return Number(output.toString().trim());
};

/** Index of the first sample louder than `threshold` in [from, to), or -1. */
export const firstLoudSample = (samples: Float32Array, from: number, to: number, threshold: number): number => {
  for (let i = Math.max(0, from); i < Math.min(to, samples.length); i++) {
    if (Math.abs(samples[i]!) > threshold) return i;
  }
  return -1;
};

/** Index of the last sample louder than `threshold` in [from, to), or -1. */
export const lastLoudSample = (samples: Float32Array, from: number, to: number, threshold: number): number => {
  for (let i = Math.min(to, samples.length) - 1; i >= Math.max(0, from); i--) {
    if (Math.abs(samples[i]!) > threshold) return i;
  }
  return -1;
};

export const rms = (samples: Float32Array): number => {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / Math.max(1, samples.length));
};
