// MP3 validation, exact lengths, header repair and measurement. Files starting with `_` are
// internals of this folder.
export {decodeMp3, type DecodedMp3} from './decode-mp3.ts';
export {describeSamples, SILENCE_THRESHOLD} from './describe-samples.ts';
export {inspectMp3, inspectMp3Frames, type Mp3Inspection} from './inspect-mp3.ts';
export {measureFiles, type FileDuration} from './measure-files.ts';
export {measureMp3} from './measure-mp3.ts';
export {
  readMp3Frames,
  type LameTag,
  type Mp3Frames,
  type Mp3Tag,
  type MpegFrameHeader,
  type MpegVersion,
  type VbriTag,
  type XingTag,
} from './read-mp3-frames.ts';
export {repairMp3Header, type Mp3HeaderRepair, type RepairedMp3} from './repair-mp3-header.ts';
