import {SpeechServiceError} from '../../../core/errors.ts';

/** 16-bit PCM, one array per channel. */
export type Pcm = {channels: Int16Array[]; sampleRate: number};

/**
 * Reads 16-bit PCM from a WAV file by walking its chunks (eSpeak's header is 44 bytes today,
 * but nothing promises that).
 */
export const parseWav = (wav: Uint8Array): Pcm => {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const fourCc = (offset: number) => String.fromCharCode(...wav.subarray(offset, offset + 4));
  const fail = (problem: string) =>
    new SpeechServiceError(`eSpeak NG wrote a WAV file that cannot be read: ${problem}.`, {
      status: null,
      transient: false,
    });
  if (wav.byteLength < 12 || fourCc(0) !== 'RIFF' || fourCc(8) !== 'WAVE') {
    throw fail('no RIFF/WAVE header');
  }
  let format: {channelCount: number; sampleRate: number; bitsPerSample: number; audioFormat: number} | null = null;
  let data: Uint8Array | null = null;
  let offset = 12;
  while (offset + 8 <= wav.byteLength) {
    const id = fourCc(offset);
    const declaredSize = view.getUint32(offset + 4, true);
    const start = offset + 8;
    const remaining = wav.byteLength - start;
    let size = Math.min(declaredSize, remaining);
    if (id === 'fmt ' && size >= 16) {
      format = {
        audioFormat: view.getUint16(start, true),
        channelCount: view.getUint16(start + 2, true),
        sampleRate: view.getUint32(start + 4, true),
        bitsPerSample: view.getUint16(start + 14, true),
      };
    } else if (id === 'data') {
      // A writer that never went back to fill in the size leaves 0 or 0xFFFFFFFF: take the rest.
      if (declaredSize === 0) {
        size = remaining;
      }
      data = wav.subarray(start, start + size);
    }
    offset = start + size + (size % 2); // chunks are padded to an even length
  }
  if (!format) {
    throw fail('no "fmt " chunk');
  }
  if (!data) {
    throw fail('no "data" chunk');
  }
  const {audioFormat, channelCount, sampleRate, bitsPerSample} = format;
  if (audioFormat !== 1 || bitsPerSample !== 16 || channelCount < 1 || channelCount > 2 || !(sampleRate > 0)) {
    throw fail(
      `expected 16-bit PCM, mono or stereo, got format ${audioFormat}, ${bitsPerSample} bits, ${channelCount} channels at ${sampleRate} Hz`,
    );
  }
  const frameCount = Math.floor(data.byteLength / (2 * channelCount));
  if (frameCount === 0) {
    throw new SpeechServiceError('eSpeak NG produced no audio for this text (is it only punctuation?).', {
      status: null,
      transient: false,
    });
  }
  const dataView = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const channels = Array.from({length: channelCount}, () => new Int16Array(frameCount));
  for (let frame = 0; frame < frameCount; frame++) {
    for (let channel = 0; channel < channelCount; channel++) {
      channels[channel]![frame] = dataView.getInt16((frame * channelCount + channel) * 2, true);
    }
  }
  return {channels, sampleRate};
};
