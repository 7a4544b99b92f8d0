/**
 * Big ID3v2 tags as services and tag editors put before MP3s: a title, an encoder name and a
 * cover picture (APIC) of about 100 KB, then zero padding left for later edits.
 */

/** Bytes of the fake cover picture: about what a 600×600 JPEG cover weighs. */
export const FAKE_COVER_SIZE_IN_BYTES = 100_000;
/** Zero bytes after the frames, as taggers leave room to edit the tag in place. */
const TAG_PADDING_IN_BYTES = 2048;
const ID3V2_HEADER_SIZE = 10;

/**
 * A deterministic "JPEG": the JPEG start and end markers around pseudo-random bytes. The filler
 * holds byte pairs that look like MP3 frame syncs (0xFF 0xEx), as real pictures do, so a reader
 * that does not skip the tag by its size finds false frames in it.
 */
export const fakeCoverPicture = (sizeInBytes = FAKE_COVER_SIZE_IN_BYTES): Uint8Array => {
  const picture = new Uint8Array(sizeInBytes);
  let state = 1;
  for (let i = 0; i < picture.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    picture[i] = state >>> 24;
  }
  picture.set([0xff, 0xd8, 0xff, 0xe0]);
  picture.set([0xff, 0xd9], picture.length - 2);
  return picture;
};

/** An ID3v2.3 tag (LAME's and most taggers' version) with TIT2, TSSE and an APIC front cover. */
export const buildId3v2Tag = ({title, encoder, picture = fakeCoverPicture()}: {title: string; encoder: string; picture?: Uint8Array}): Uint8Array => {
  const latin1 = (text: string) => Uint8Array.from(text, (char) => (char.charCodeAt(0) < 256 ? char.charCodeAt(0) : 0x3f));
  const textFrame = (id: string, text: string) => frame(id, concat([Uint8Array.of(0), latin1(text)]));
  const apic = frame(
    'APIC',
    // encoding ISO-8859-1, MIME type, picture type 3 (front cover), empty description, data
    concat([Uint8Array.of(0), latin1('image/jpeg'), Uint8Array.of(0, 3, 0), picture]),
  );
  const body = concat([textFrame('TIT2', title), textFrame('TSSE', encoder), apic, new Uint8Array(TAG_PADDING_IN_BYTES)]);
  const header = new Uint8Array(ID3V2_HEADER_SIZE);
  header.set(latin1('ID3'));
  header[3] = 3; // version 2.3.0
  header[4] = 0;
  header[5] = 0; // no unsynchronisation, no extended header
  header.set(syncsafe(body.length), 6);
  return concat([header, body]);
};

/** `mp3` without the ID3v2 tags at its start (ffmpeg writes a small one with its name). */
export const stripLeadingId3v2 = (mp3: Uint8Array): Uint8Array => {
  let offset = 0;
  while (offset + ID3V2_HEADER_SIZE <= mp3.length && mp3[offset] === 0x49 && mp3[offset + 1] === 0x44 && mp3[offset + 2] === 0x33) {
    const size = ((mp3[offset + 6]! & 0x7f) << 21) | ((mp3[offset + 7]! & 0x7f) << 14) | ((mp3[offset + 8]! & 0x7f) << 7) | (mp3[offset + 9]! & 0x7f);
    const hasFooter = (mp3[offset + 5]! & 0x10) !== 0;
    offset += ID3V2_HEADER_SIZE + size + (hasFooter ? ID3V2_HEADER_SIZE : 0);
  }
  return mp3.subarray(offset);
};

/** An ID3v2.3 frame: id, size (plain 32-bit big-endian in 2.3), no flags, data. */
const frame = (id: string, data: Uint8Array): Uint8Array => {
  const out = new Uint8Array(ID3V2_HEADER_SIZE + data.length);
  out.set(Uint8Array.from(id, (char) => char.charCodeAt(0)));
  new DataView(out.buffer).setUint32(4, data.length);
  out.set(data, ID3V2_HEADER_SIZE);
  return out;
};

const syncsafe = (value: number): number[] => [(value >> 21) & 0x7f, (value >> 14) & 0x7f, (value >> 7) & 0x7f, value & 0x7f];

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};
