// Writes public/music/bed.mp3, the example's background music: 16 s of soft pad chords that
// loop seamlessly, made here so the repository holds no third-party recording. Run again with
// `npx tsx scripts/make-music-bed.ts`; the output is deterministic.
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {encodeMp3} from '../src/node/mp3/encode-mp3.ts';

const SAMPLE_RATE = 44_100;
const BAR_IN_SECONDS = 4;
/** C major 7, A minor 7, F major 7, G 6: four bars, frequencies in Hz. */
const CHORDS = [
  [130.81, 164.81, 196.0, 246.94],
  [110.0, 164.81, 196.0, 261.63],
  [87.31, 130.81, 174.61, 220.0],
  [98.0, 146.83, 196.0, 246.94],
];
const LEVEL = 0.16;

const total = SAMPLE_RATE * BAR_IN_SECONDS * CHORDS.length;
const samples = new Int16Array(total);
for (let i = 0; i < total; i++) {
  const t = i / SAMPLE_RATE;
  const bar = Math.floor(t / BAR_IN_SECONDS);
  const inBar = t - bar * BAR_IN_SECONDS;
  // Each chord swells in and out over its bar, from and to silence: bars, and the loop's end and
  // start, join without a click.
  const envelope = Math.sin((Math.PI * inBar) / BAR_IN_SECONDS) ** 0.5;
  let value = 0;
  for (const [index, frequency] of CHORDS[bar]!.entries()) {
    // A slow vibrato per voice keeps the pad from sounding like a test tone.
    const vibrato = 1 + 0.002 * Math.sin(2 * Math.PI * (0.3 + index * 0.07) * t);
    value += Math.sin(2 * Math.PI * frequency * vibrato * t) + 0.3 * Math.sin(4 * Math.PI * frequency * t);
  }
  samples[i] = Math.round(((value / CHORDS[bar]!.length) * envelope * LEVEL) * 32767);
}
const mp3 = encodeMp3({channels: [samples], sampleRate: SAMPLE_RATE, bitRateInKbps: 64});
const out = path.resolve(import.meta.dirname, '../public/music/bed.mp3');
await writeFile(out, mp3);
process.stdout.write(`Wrote ${path.relative(process.cwd(), out)} (${(mp3.byteLength / 1024).toFixed(0)} KiB, ${total / SAMPLE_RATE} s)\n`);
