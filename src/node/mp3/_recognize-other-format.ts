const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(start, Math.min(bytes.length, start + length)));

/**
 * A name for what the bytes at `offset` are when they start another audio format, for a clearer
 * message than "not MP3" (a service may answer with WAV or Ogg); null when unrecognized.
 */
export const recognizeOtherFormat = (bytes: Uint8Array, offset: number): string | null => {
  const head = ascii(bytes, offset, 12);
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WAVE') return 'a WAV file';
  if (head.startsWith('OggS')) return 'an Ogg file (Vorbis or Opus)';
  if (head.startsWith('fLaC')) return 'a FLAC file';
  if (head.slice(4, 8) === 'ftyp') return 'an MP4/M4A file';
  if (head.startsWith('FORM') && (head.slice(8, 12) === 'AIFF' || head.slice(8, 12) === 'AIFC')) return 'an AIFF file';
  if (head.startsWith('\u001aE\u00df\u00a3')) return 'a WebM/Matroska file';
  // ADTS: the 12-bit sync word of MPEG audio, but "layer" 0, which MPEG audio reserves.
  if (bytes[offset] === 0xff && ((bytes[offset + 1] ?? 0) & 0xf6) === 0xf0) return 'AAC audio (ADTS)';
  return null;
};
