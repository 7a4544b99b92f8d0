import {mkdir, rm} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {bundle} from '@remotion/bundler';
import {openBrowser, renderMedia, renderStill, selectComposition} from '@remotion/renderer';
import {explainerDefaultProps} from '../../compositions/explainer-default-props.ts';
import {MANIFEST_PATH} from '../../src/core/narration-paths.ts';
import {narrationBrowserExecutable} from '../../src/node/project/browser-executable.ts';
import {readManifestFile} from '../../src/node/store/read-manifest-file.ts';
import {prepareNarration} from '../../src/node/prepare/prepare-narration.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import type {NarrationTimeline} from '../../src/core/timeline.ts';
import type {BenchProject} from './bench-project.ts';
import type {HandPlacedProps} from './HandPlaced.tsx';
import {ratio, type RowReport} from './report.ts';
import {alternate, formatSeconds, formatSecondsList, median, progress, timed} from './timing.ts';

const RUNS = 2;
const GOAL = 1.05;
const FPS = 30;
const SCALE = 0.5;
/**
 * Every core, for both compositions: Remotion's default (half of them, 1 on 2 cores) leaves this
 * render mostly waiting on one browser tab and takes twice as long (~58 s instead of ~31 s here).
 */
const CONCURRENCY = '100%';
const ENTRY_POINT = fileURLToPath(new URL('index.ts', import.meta.url));
/** The narrated side: the example's cue cards and nothing else (see NarratedCards.tsx). */
const NARRATED = 'NarratedCards';

/** The example narration, prepared in the project against the fake, and its timeline. */
const prepareExample = async (project: BenchProject): Promise<NarrationTimeline> => {
  const {narration} = explainerDefaultProps;
  const provider = createKlingProvider({token: project.fake.token, baseUrl: project.fake.baseUrl});
  const result = await prepareNarration({compositions: [{id: NARRATED, narration}], provider, publicDir: project.publicDir});
  if (result.failedCues.length > 0) throw new Error(`Preparing the example failed: ${result.failedCues.map((cue) => cue.message).join(' ')}`);
  const manifest = await readManifestFile(path.join(project.publicDir, MANIFEST_PATH));
  return resolveNarrationTimeline({narration, manifest, fps: FPS, compositionId: NARRATED, allowMissing: false});
};

/** The HandPlaced composition's props: the same clips at the same frames, written out by hand. */
const handPlacedProps = (timeline: NarrationTimeline): HandPlacedProps => ({
  title: explainerDefaultProps.title,
  timeline,
  clips: timeline.cues.flatMap((cue) =>
    cue.clips.map((clip) => {
      if (clip.file === null) throw new Error(`Cue ${cue.id} has no clip file.`);
      return {file: clip.file, from: clip.startFrame, durationInFrames: clip.durationInFrames};
    }),
  ),
  durationInFrames: timeline.durationInFrames,
});

/** Frames where the two compositions must draw the same pixels: scenes entering, mid-cue, leaving. */
const framesToCompare = (timeline: NarrationTimeline): number[] =>
  timeline.cues.slice(0, 3).flatMap((cue) => [cue.startFrame + 3, cue.startFrame + Math.floor(cue.durationInFrames / 2), cue.startFrame + cue.durationInFrames + 4]);

/** The frames of `framesToCompare` where HandPlaced's pixels differ from NarratedCards'. */
const differingFrames = async ({serveUrl, timeline, browserExecutable}: {serveUrl: string; timeline: NarrationTimeline; browserExecutable: string | null}) => {
  const browser = await openBrowser('chrome', {browserExecutable, logLevel: 'error'});
  try {
    const still = async (id: typeof NARRATED | 'HandPlaced', frame: number) => {
      const inputProps = id === NARRATED ? {} : handPlacedProps(timeline);
      const composition = await selectComposition({serveUrl, id, inputProps, puppeteerInstance: browser, logLevel: 'error'});
      const {buffer} = await renderStill({serveUrl, composition, inputProps, frame, imageFormat: 'png', scale: SCALE, puppeteerInstance: browser, logLevel: 'error'});
      return buffer!;
    };
    const frames = framesToCompare(timeline);
    const differing: number[] = [];
    for (const frame of frames) {
      if (!(await still(NARRATED, frame)).equals(await still('HandPlaced', frame))) differing.push(frame);
    }
    return {frames, differing};
  } finally {
    await browser.close({silent: true});
  }
};

/** Row 5: rendering the example's cue cards narrated with the library against the same cards with hand-placed audio. */
export const renderRow = async ({project}: {project: BenchProject}): Promise<RowReport> => {
  progress('row 5: preparing the example narration (fake, latency 0)');
  const timeline = await prepareExample(project);
  progress(`row 5: bundling ${path.relative(process.cwd(), ENTRY_POINT)}`);
  const bundled = await timed(() => bundle({entryPoint: ENTRY_POINT, publicDir: project.publicDir}));
  const serveUrl = bundled.result;
  const browserExecutable = narrationBrowserExecutable();
  const outDir = path.join(project.root, 'out');
  await mkdir(outDir, {recursive: true});

  const render = async (id: typeof NARRATED | 'HandPlaced') => {
    const inputProps = id === NARRATED ? {} : handPlacedProps(timeline);
    const composition = await selectComposition({serveUrl, id, inputProps, browserExecutable, logLevel: 'error'});
    if (composition.durationInFrames !== timeline.durationInFrames) {
      throw new Error(`${id} is ${composition.durationInFrames} frames long, the timeline ${timeline.durationInFrames}.`);
    }
    await renderMedia({
      serveUrl,
      composition,
      inputProps,
      codec: 'h264',
      scale: SCALE,
      concurrency: CONCURRENCY,
      outputLocation: path.join(outDir, `${id}.mp4`),
      browserExecutable,
      logLevel: 'error',
    });
  };

  try {
    progress(`row 5: rendering NarratedCards and HandPlaced (${timeline.durationInFrames} frames, scale ${SCALE}), ${RUNS} runs each, alternating`);
    const times = await alternate({
      runs: RUNS,
      label: {ours: 'NarratedCards', theirs: 'HandPlaced'},
      ours: () => render(NARRATED),
      theirs: () => render('HandPlaced'),
    });
    progress('row 5: checking that both compositions draw the same pixels');
    const visuals = await differingFrames({serveUrl, timeline, browserExecutable});
    const figure = median(times.ours) / median(times.theirs);
    return {
      lines: [
        {
          id: '5a',
          measurement: `render (h264, scale ${SCALE}, concurrency ${CONCURRENCY} of the cores) of the example's cue cards narrated with the library ÷ the same cards with hand-placed \`<Html5Audio>\`, median of ${RUNS}`,
          figure: ratio(figure),
          goal: `≤ ${GOAL}×`,
          met: figure <= GOAL,
        },
        {
          id: '5b',
          measurement: `same: frames where HandPlaced's pixels differ from the narrated cards' (PNG stills, ${visuals.frames.length} frames)`,
          figure: String(visuals.differing.length),
          goal: '0',
          met: visuals.differing.length === 0,
        },
      ],
      raw: [
        `5: NarratedCards ${formatSecondsList(times.ours)} s → median ${formatSeconds(median(times.ours))}; HandPlaced ${formatSecondsList(times.theirs)} s → median ${formatSeconds(median(times.theirs))} (selectComposition + renderMedia, ${timeline.durationInFrames} frames)`,
        `5: bundle of scripts/bench/index.ts (not compared) ${formatSeconds(bundled.seconds)}`,
        `5: stills compared at frames ${visuals.frames.join(', ')}${visuals.differing.length > 0 ? `; differing: ${visuals.differing.join(', ')}` : ', all byte-identical'}`,
      ],
    };
  } finally {
    await rm(serveUrl, {recursive: true, force: true});
  }
};
