import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {decodeMp3} from '../../src/node/mp3/decode-mp3.ts';
import {loudnessOfDecoded} from '../../src/node/mp3/measure-mp3.ts';
import {readMp3Frames} from '../../src/node/mp3/read-mp3-frames.ts';

const FOLDER = path.join(import.meta.dirname, '../fixtures/loudness');
/** How far the meter may read from ffmpeg's ebur128 (which prints one decimal). */
const TOLERANCE_LU = 0.3;

type Readings = Record<string, {integratedLufs: number | null; truePeakDbtp: number | null}>;

describe('the loudness meter, against ffmpeg\'s ebur128 (fixtures/loudness/ebur128.json)', () => {
  it('reads the fake\'s clips, the draft voice\'s (English and Chinese) and every encoder fixture within 0.3 LU and 0.3 dB', async () => {
    const {readings} = JSON.parse(await readFile(path.join(FOLDER, 'ebur128.json'), 'utf8')) as {readings: Readings};
    const rows: string[] = [];
    for (const [file, reference] of Object.entries(readings)) {
      const data = await readFile(path.join(FOLDER, file));
      // As the store measures a clip (a mono file as one channel, as ebur128 does).
      const loudness = loudnessOfDecoded(await decodeMp3({data, frames: readMp3Frames({data, name: file}), name: file}));
      const integratedLufs = loudness.integratedLufs!;
      const truePeakDbtp = loudness.truePeakDbtp!;
      rows.push(`${path.basename(file)} ${integratedLufs.toFixed(2)} (${reference.integratedLufs}) LUFS, ${truePeakDbtp.toFixed(2)} (${reference.truePeakDbtp}) dBTP`);
      expect(Math.abs(integratedLufs - reference.integratedLufs!), `${file}: integrated`).toBeLessThanOrEqual(TOLERANCE_LU);
      expect(Math.abs(truePeakDbtp - reference.truePeakDbtp!), `${file}: true peak`).toBeLessThanOrEqual(TOLERANCE_LU);
    }
    console.log(`Meter (ebur128): ${rows.join('; ')}`);
    expect(rows.length).toBeGreaterThanOrEqual(15);
  });
});
