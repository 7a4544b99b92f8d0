import {createHash} from 'node:crypto';
import {subscribe, unsubscribe} from 'node:diagnostics_channel';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {DECODE_MP3_CHANNEL, type DecodeMp3Message} from '../../src/node/mp3/decode-mp3.ts';
import {prepareNarration} from '../../src/node/prepare/prepare-narration.ts';
import {createDraftVoiceProvider} from '../../src/node/providers/draft-voice/create-draft-voice-provider.ts';
import {createScriptedProvider} from '../../src/node/providers/scripted/create-scripted-provider.ts';
import type {SpeechProvider} from '../../src/node/providers/speech-provider.ts';
import {lineCourse} from '../helpers/composition-with-narration.ts';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

const course = (cues: number) => [lineCourse(cues)];

describe('a prepare of new clips', () => {
  let publicDir: string;
  beforeEach(async () => {
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-decode-once-'));
    return () => rm(publicDir, {recursive: true, force: true});
  });

  const providers: [string, () => SpeechProvider][] = [
    ['the draft voice', () => createDraftVoiceProvider()],
    ['a scripted provider', () => createScriptedProvider()],
  ];

  /** SHA-256 of each file `decodeMp3` decodes while `work` runs. */
  const decodedWhile = async (work: () => Promise<unknown>): Promise<string[]> => {
    const decodedHashes: string[] = [];
    const onDecode = (message: unknown) => decodedHashes.push(sha256((message as DecodeMp3Message).data));
    subscribe(DECODE_MP3_CHANNEL, onDecode);
    try {
      await work();
    } finally {
      unsubscribe(DECODE_MP3_CHANNEL, onDecode);
    }
    return decodedHashes;
  };

  it.each(providers)('with %s decodes each stored clip exactly once, and a prepare again decodes none', async (_, provider) => {
    const decodedHashes = await decodedWhile(() => prepareNarration({compositions: course(6), provider: provider(), publicDir}));
    const manifest = JSON.parse(await readFile(path.join(publicDir, 'narration/manifest.json'), 'utf8')) as {clips: Record<string, {file: string}>};
    const clips = Object.values(manifest.clips);
    expect(clips).toHaveLength(6);
    const storedHashes = await Promise.all(clips.map(async ({file}) => sha256(await readFile(path.join(publicDir, file)))));
    expect(decodedHashes.toSorted()).toEqual(storedHashes.toSorted());
    expect(await decodedWhile(() => prepareNarration({compositions: course(6), provider: provider(), publicDir}))).toEqual([]);
  });
});
