import {createHash} from 'node:crypto';
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import type {ClipRequest} from '../../core/clip-request.ts';
import {ClipUnreadableError} from '../../core/errors.ts';
import type {Manifest, ManifestClip} from '../../core/manifest-schema.ts';
import {clipFileForKey} from '../../core/narration-paths.ts';
import {LOUDNESS_METER_ID} from '../../core/loudness/measure-loudness.ts';
import {SPREAD_WORD_TIMING_ID, WORD_ALIGNER_ID} from '../align/measure-word-timing.ts';
import {inspectMp3} from '../mp3/inspect-mp3.ts';
import {readMp3Frames} from '../mp3/read-mp3-frames.ts';
import type {VerifiedClips} from './verified-clips.ts';
import {DRAFT_VOICE_WORD_TIMING_ID} from '../providers/draft-voice/create-draft-voice-provider.ts';

/** What an upgrade of a stored clip does (see `ClipStore.upgrade`); never a request. */
export type ClipUpgradeStep =
  /** Its header would make players cut it short: write an exact one (see repairMp3Header). */
  | 'repair-header'
  /** Its word times were measured by another aligner version, or not at all: measure them again. */
  | 'measure-words'
  /** Its loudness was measured by another meter version, or not at all: measure it. */
  | 'measure-loudness'
  /** A whole MP3 with no usable manifest entry (a run stopped before writing it, a lost manifest): measure it and record it. */
  | 'record';

/**
 * The state of one clip in the cache, found by reading only:
 * - `stored`: its file is the one its entry records, for this request, and nothing is to be done;
 * - `outdated`: stored, but `steps` are to be done first (no request: see `ClipStore.upgrade`);
 * - `missing`: no file: it is to be generated;
 * - `damaged`: the file is not what its entry records, or not MP3: it is to be generated again.
 */
export type ClipCheck =
  | {state: 'stored'; clip: ManifestClip}
  | {state: 'outdated'; clip: ManifestClip | null; steps: ClipUpgradeStep[]}
  | {state: 'missing'}
  | {state: 'damaged'; problem: string};

/** SHA-256 of bytes, as 64 hex digits: what the manifest records to detect a damaged clip. */
export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * Word times made by the current aligner (or its fallback, or a voice that knows its own) are
 * kept; any other (an older aligner, none at all) are measured again, with no request.
 */
const isCurrentWordTiming = (timing: ManifestClip['wordTiming']): boolean =>
  timing !== undefined && [WORD_ALIGNER_ID, SPREAD_WORD_TIMING_ID, DRAFT_VOICE_WORD_TIMING_ID].includes(timing.by);

/**
 * Checks the clip `key` for `request` against its file in `publicDir` without writing anything:
 * size and SHA-256 against the manifest entry, the entry's inputs against the request, and a walk
 * over its frames (no decoding).
 * @throws ClipUnreadableError when the file exists but cannot be read (permissions, I/O): never
 *   taken for a missing clip, which would be paid for again.
 */
export const checkClip = async ({
  publicDir,
  manifest,
  key,
  request,
  verified,
}: {
  publicDir: string;
  manifest: Manifest;
  key: string;
  request: ClipRequest;
  /** Files this machine already found good: one unchanged since is checked by its stat alone. */
  verified?: VerifiedClips;
}): Promise<ClipCheck> => {
  const file = clipFileForKey(key);
  const filePath = path.join(publicDir, file);
  const unreadable = (error: unknown): ClipCheck => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {state: 'missing'};
    throw new ClipUnreadableError(filePath, code ?? (error as Error).message, {cause: error});
  };
  const clip = manifest.clips[key];
  if (verified && clip && sameInputs(clip, request)) {
    let stats;
    try {
      stats = await stat(filePath);
    } catch (error) {
      return unreadable(error);
    }
    if (stats.size === clip.sizeInBytes && verified.isVerified(key, stats, clip.sha256)) return withEntrySteps(clip, []);
  }
  let data: Buffer;
  try {
    data = await readFile(filePath);
  } catch (error) {
    return unreadable(error);
  }
  if (clip && sameInputs(clip, request)) {
    if (clip.sizeInBytes !== data.byteLength || clip.sha256 !== sha256Hex(data)) {
      return {state: 'damaged', problem: `${file} is not the file its manifest entry records (size or SHA-256 differ)`};
    }
    let needsHeaderRepair: boolean;
    try {
      needsHeaderRepair = inspectMp3({data, name: file}).needsHeaderRepair;
    } catch (error) {
      return {state: 'damaged', problem: (error as Error).message};
    }
    if (needsHeaderRepair) return withEntrySteps(clip, ['repair-header']);
    await verified?.record(key, filePath, clip.sha256);
    return withEntrySteps(clip, []);
  }
  // A file with no usable entry. Files are named by key and written atomically, so a whole MP3
  // here is this clip: measured and recorded rather than paid for again. Anything else (a WAV
  // renamed .mp3, a cut file) is not adopted.
  try {
    readMp3Frames({data, name: file});
  } catch (error) {
    return {state: 'damaged', problem: (error as Error).message};
  }
  return {state: 'outdated', clip: null, steps: ['record']};
};

/** `stored`, or `outdated` with `steps` and what the entry itself shows is to be done (measured by an older version). */
const withEntrySteps = (clip: ManifestClip, steps: ClipUpgradeStep[]): ClipCheck => {
  const all = [...steps];
  if (!isCurrentWordTiming(clip.wordTiming)) all.push('measure-words');
  if (clip.loudness?.by !== LOUDNESS_METER_ID) all.push('measure-loudness');
  return all.length === 0 ? {state: 'stored', clip} : {state: 'outdated', clip, steps: all};
};

/** Whether a manifest entry was made for this request (catches entries edited by hand). */
const sameInputs = (clip: ManifestClip, request: ClipRequest): boolean =>
  clip.provider === request.provider &&
  clip.speakerId === request.speakerId &&
  clip.text === request.text &&
  clip.speed === request.speed &&
  clip.emotion === request.emotion;
