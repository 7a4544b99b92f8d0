// Writes public/tour/recording.mp4, the "screen recording" the example's product tour narrates
// over: 20 s of a made-up dashboard, drawn here frame by frame (a cursor travels to a button at
// 0:02, opens a filter at 0:08, exports at 0:15) and encoded with the ffmpeg Remotion ships. The
// repository holds no recording; `npm run tour` makes it. Deterministic.
//   npx tsx scripts/make-tour-recording.ts [file]
import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {deflateSync} from 'node:zlib';
import {runRemotionFfmpeg} from '../test/helpers/remotion-ffmpeg.ts';

export const TOUR_RECORDING_PATH = 'tour/recording.mp4';
const WIDTH = 320;
const HEIGHT = 180;
const FPS = 30;
export const TOUR_RECORDING_SECONDS = 20;

/** What happens on screen: where the cursor goes, and when (seconds), as the narration says it. */
const STEPS = [
  {atInSeconds: 2, x: 40, y: 40}, // "Open the dashboard": the sidebar button
  {atInSeconds: 8, x: 250, y: 30}, // "Filter by team": the filter at the top right
  {atInSeconds: 15, x: 270, y: 150}, // "Export": the button at the bottom right
];

type Rgb = readonly [number, number, number];

const fill = (frame: Uint8Array, x0: number, y0: number, width: number, height: number, [r, g, b]: Rgb) => {
  for (let y = Math.max(0, y0); y < Math.min(HEIGHT, y0 + height); y++) {
    for (let x = Math.max(0, x0); x < Math.min(WIDTH, x0 + width); x++) {
      const at = (y * WIDTH + x) * 3;
      frame[at] = r;
      frame[at + 1] = g;
      frame[at + 2] = b;
    }
  }
};

/** One frame of the made-up app at `seconds`, as RGB24. */
const drawFrame = (seconds: number): Uint8Array => {
  const frame = new Uint8Array(WIDTH * HEIGHT * 3);
  fill(frame, 0, 0, WIDTH, HEIGHT, [241, 245, 249]);
  fill(frame, 0, 0, 70, HEIGHT, [30, 41, 59]); // sidebar
  for (let row = 0; row < 5; row++) fill(frame, 10, 30 + row * 25, 50, 12, row === 0 && seconds >= 2 ? [99, 102, 241] : [71, 85, 105]);
  const filtered = seconds >= 8;
  for (let row = 0; row < (filtered ? 3 : 6); row++) fill(frame, 85, 50 + row * 18, 200, 12, filtered ? [186, 230, 253] : [203, 213, 225]);
  fill(frame, 225, 20, 50, 20, filtered ? [14, 165, 233] : [148, 163, 184]); // filter
  fill(frame, 245, 140, 60, 22, seconds >= 15 ? [22, 163, 74] : [100, 116, 139]); // export
  // The cursor glides to each step's target in the second before it.
  let x = 160;
  let y = 100;
  for (const step of STEPS) {
    const progress = Math.min(1, Math.max(0, seconds - (step.atInSeconds - 1)));
    x += (step.x - x) * progress;
    y += (step.y - y) * progress;
  }
  fill(frame, Math.round(x), Math.round(y), 6, 9, [15, 23, 42]);
  return frame;
};

const CRC_TABLE = Array.from({length: 256}, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Uint8Array): number => {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Uint8Array): Buffer => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
};

/**
 * An RGB24 frame as a PNG: the ffmpeg Remotion ships reads images from a pipe but has no raw
 * video demuxer, and a PNG is a zlib stream of rows behind a small header.
 */
const png = (rgb: Uint8Array): Buffer => {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, no interlace
  const rows = Buffer.alloc((WIDTH * 3 + 1) * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) rows.set(rgb.subarray(y * WIDTH * 3, (y + 1) * WIDTH * 3), y * (WIDTH * 3 + 1) + 1);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows, {level: 1})), chunk('IEND', new Uint8Array())]);
};

/** Encodes the recording to `file` (H.264, as a screen recorder writes it). */
export const makeTourRecording = async (file: string): Promise<void> => {
  const frames = Array.from({length: TOUR_RECORDING_SECONDS * FPS}, (_, index) => png(drawFrame(index / FPS)));
  await mkdir(path.dirname(file), {recursive: true});
  await runRemotionFfmpeg({
    args: ['-y', '-f', 'image2pipe', '-c:v', 'png', '-framerate', String(FPS), '-i', 'pipe:0', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', path.resolve(file)],
    input: Buffer.concat(frames),
  });
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '../public', TOUR_RECORDING_PATH));
  await makeTourRecording(file);
  process.stdout.write(`Wrote ${path.relative(process.cwd(), file)}\n`);
}
