// Where each clip's speech starts in a rendered file, against where the timeline puts it.
// Usage, after prepare (the example's music would hide the onsets, so render without it):
//   npx remotion render Explainer out/demo.wav --codec=wav --props='{"music":false}'
//   npx tsx scripts/measure-onsets.ts out/demo.wav
import path from 'node:path';
import {explainerDefaultProps} from '../compositions/explainer-default-props.ts';
import {MANIFEST_PATH} from '../src/core/narration-paths.ts';
import {readManifestFile} from '../src/node/store/read-manifest-file.ts';
import {resolveNarrationTimeline} from '../src/core/resolve-narration-timeline.ts';
import {onsetErrorsInSeconds} from '../test/helpers/onset-errors.ts';
import {decodeAudioTrack} from '../test/helpers/rendered-audio.ts';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npx tsx scripts/measure-onsets.ts RENDERED_FILE');
  process.exit(1);
}
const root = process.cwd();
const timeline = await resolveNarrationTimeline({
  narration: explainerDefaultProps.narration,
  manifest: await readManifestFile(path.join(root, 'public', MANIFEST_PATH)),
  fps: 30,
  compositionId: 'Explainer',
  allowMissing: false,
});
const errors = onsetErrorsInSeconds(timeline, await decodeAudioTrack(path.resolve(file)));
for (const {cueId, clipIndex, errorInSeconds} of errors) {
  console.log(`${`${cueId} ${clipIndex + 1}`.padEnd(14)} ${(errorInSeconds * 1000).toFixed(1).padStart(7)} ms`);
}
