/** A metadata tag around the MPEG frames: where it is, as the byte range [start, end). */
export type Mp3Tag = {kind: 'id3v2' | 'id3v1' | 'ape'; start: number; end: number};

const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(start, Math.min(bytes.length, start + length)));

/** What is wrong with the ID3v2 tag at the start, for a message. */
export class Id3v2Problem extends Error {}

const ID3V2_HEADER_SIZE = 10;
/** Header flag bits each ID3v2 version defines; any other bit set means a damaged header. */
const ID3V2_KNOWN_FLAGS: Record<number, number> = {
  2: 0xc0, // unsynchronisation, compression
  3: 0xe0, // unsynchronisation, extended header, experimental
  4: 0xf0, // the same, and footer present
};

/**
 * The ID3v2 tag starting at `offset`, or null if there is none. Its length comes from the
 * header: 10 bytes, then the size field (4 "syncsafe" bytes of 7 bits each), then 10 more when
 * the footer flag is set (ID3v2.4). The unsynchronisation flag changes how frames inside the tag
 * are coded, never the tag's length on disk (the size counts the bytes as stored), so the tag is
 * skipped by its size whatever that flag says, as ffmpeg and mpg123 do.
 *
 * @throws Id3v2Problem when the header is damaged or the tag runs past the end of the data.
 */
export const readId3v2Tag = (bytes: Uint8Array, offset: number): Mp3Tag | null => {
  if (ascii(bytes, offset, 3) !== 'ID3') return null;
  if (offset + ID3V2_HEADER_SIZE > bytes.length) {
    throw new Id3v2Problem(`an ID3v2 tag starts at byte ${offset} but its 10-byte header is cut off`);
  }
  const major = bytes[offset + 3]!;
  const revision = bytes[offset + 4]!;
  const flags = bytes[offset + 5]!;
  const sizeBytes = bytes.subarray(offset + 6, offset + 10);
  if (major === 0xff || revision === 0xff || sizeBytes.some((byte) => byte >= 0x80)) {
    throw new Id3v2Problem(`the ID3v2 tag header at byte ${offset} is damaged (version or size bytes out of range)`);
  }
  const knownFlags = ID3V2_KNOWN_FLAGS[major];
  if (knownFlags !== undefined && (flags & ~knownFlags) !== 0) {
    throw new Id3v2Problem(`the ID3v2.${major} tag header at byte ${offset} has undefined flags set (0x${flags.toString(16)})`);
  }
  const size = (sizeBytes[0]! << 21) | (sizeBytes[1]! << 14) | (sizeBytes[2]! << 7) | sizeBytes[3]!;
  const hasFooter = (flags & 0x10) !== 0;
  const end = offset + ID3V2_HEADER_SIZE + size + (hasFooter ? ID3V2_HEADER_SIZE : 0);
  if (end > bytes.length) {
    throw new Id3v2Problem(`its ID3v2 tag at byte ${offset} says it is ${end - offset} bytes long, but the file ends ${bytes.length - offset} bytes after its start`);
  }
  if (hasFooter && ascii(bytes, end - ID3V2_HEADER_SIZE, 3) !== '3DI') {
    throw new Id3v2Problem(`the ID3v2.4 tag at byte ${offset} announces a footer, but bytes ${end - 10}-${end - 1} are not one`);
  }
  return {kind: 'id3v2', start: offset, end};
};

const ID3V1_SIZE = 128;
const APE_FOOTER_SIZE = 32;
/** APE tag flags: bit 31 "a header is present", bit 29 "this block is the header". */
const APE_HAS_HEADER = 0x80000000;
const APE_IS_HEADER = 0x20000000;

/**
 * The tags after the last frame, nearest the end last: an APE tag (APEv1 has only a footer,
 * APEv2 usually a header too) and then an ID3v1 tag (the last 128 bytes, starting "TAG").
 * `from` is the first byte that may belong to a tag (the end of the leading tags).
 * Returns them in file order and where the frames must end.
 */
export const findTrailingTags = (bytes: Uint8Array, from: number): {tags: Mp3Tag[]; framesEnd: number} => {
  const tags: Mp3Tag[] = [];
  let end = bytes.length;
  if (end - ID3V1_SIZE >= from && ascii(bytes, end - ID3V1_SIZE, 3) === 'TAG') {
    tags.unshift({kind: 'id3v1', start: end - ID3V1_SIZE, end});
    end -= ID3V1_SIZE;
  }
  if (end - APE_FOOTER_SIZE >= from && ascii(bytes, end - APE_FOOTER_SIZE, 8) === 'APETAGEX') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const footer = end - APE_FOOTER_SIZE;
    const size = view.getUint32(footer + 12, true); // items + footer, header excluded
    const flags = view.getUint32(footer + 20, true);
    const hasHeader = (flags & APE_HAS_HEADER) !== 0 && (flags & APE_IS_HEADER) === 0;
    const start = end - size - (hasHeader ? APE_FOOTER_SIZE : 0);
    if (size >= APE_FOOTER_SIZE && start >= from && (!hasHeader || ascii(bytes, start, 8) === 'APETAGEX')) {
      tags.unshift({kind: 'ape', start, end});
      end = start;
    }
  }
  return {tags, framesEnd: end};
};

/**
 * Whether an ID3v2 tag holds a picture (an APIC frame; PIC in ID3v2.2). ffmpeg turns a picture
 * into a stream of its own, and then probes the audio for longer (see `_decoder-output.ts`).
 * Walks the frame headers; a tag coded with unsynchronisation is searched as bytes instead.
 */
export const id3v2HasPicture = (bytes: Uint8Array, tag: Mp3Tag): boolean => {
  if (tag.kind !== 'id3v2') return false;
  const major = bytes[tag.start + 3]!;
  const flags = bytes[tag.start + 5]!;
  const end = Math.min(tag.end, bytes.length);
  if ((flags & 0x80) !== 0 || (flags & 0x40) !== 0) {
    // Unsynchronised or with an extended header: look for the frame id anywhere in the tag.
    return ascii(bytes, tag.start, end - tag.start).includes(major === 2 ? 'PIC' : 'APIC');
  }
  const idLength = major === 2 ? 3 : 4;
  const headerLength = major === 2 ? 6 : 10;
  let at = tag.start + ID3V2_HEADER_SIZE;
  while (at + headerLength <= end) {
    const id = ascii(bytes, at, idLength);
    if (!/^[A-Z0-9]+$/.test(id)) return false; // padding
    if (id === (major === 2 ? 'PIC' : 'APIC')) return true;
    const size =
      major === 2
        ? (bytes[at + 3]! << 16) | (bytes[at + 4]! << 8) | bytes[at + 5]!
        : major === 4
          ? (bytes[at + 4]! << 21) | (bytes[at + 5]! << 14) | (bytes[at + 6]! << 7) | bytes[at + 7]!
          : ((bytes[at + 4]! << 24) | (bytes[at + 5]! << 16) | (bytes[at + 6]! << 8) | bytes[at + 7]!) >>> 0;
    at += headerLength + size;
  }
  return false;
};
