import {availableParallelism} from 'node:os';
import path from 'node:path';
import {openBrowser, renderMedia, renderStill, selectComposition, type EmittedArtifact, type HeadlessBrowser} from '@remotion/renderer';
import {parseNarration} from '../../src/core/parse-narration.ts';
import {PLANNING_ENV_VARIABLE} from '../../src/core/planning.ts';
import type {NarratedComposition} from '../../src/node/prepare/prepare-narration.ts';
import {narrationBrowserExecutable} from '../../src/node/project/browser-executable.ts';
import {decodeAudioTrack} from './rendered-audio.ts';
import {serveTestBundle} from './test-bundle.ts';
import {REPO_ROOT} from './temp-project.ts';

export type TestRemotion = {
  serveUrl: string;
  /**
   * A composition as `remotion-narration prepare` reads it: resolved by Remotion from its default
   * props and `inputProps` with the planning flag set (so no audio is needed yet), its narration
   * validated. For `prepareNarration`, `planNarration` and `pruneNarration`.
   */
  narratedComposition: (options: {id: string; inputProps?: Record<string, unknown>}) => Promise<NarratedComposition>;
  /** A composition as a render resolves it (`calculateMetadata` reads the manifest). Rejects as a render would. */
  renderedComposition: (options: {id: string; inputProps?: Record<string, unknown>}) => ReturnType<typeof selectComposition>;
  /**
   * Renders a composition's audio to `<folder>/<name>.wav` as `npx remotion render ID x.wav
   * --codec=wav` does, and decodes it to mono samples at ANALYSIS_SAMPLE_RATE. Also returns the
   * artifacts the render emitted (`npx remotion render` writes them beside the output).
   */
  renderAudio: (options: {id: string; inputProps?: Record<string, unknown>; name: string}) => Promise<{
    samples: Float32Array;
    file: string;
    durationInFrames: number;
    artifacts: EmittedArtifact[];
  }>;
  /**
   * The artifacts a render emits from frame 0 (`<NarrationCaptionsArtifact>` emits its file
   * there), from a still of that frame: what a whole render would write beside its output, for
   * the cost of one frame.
   */
  firstFrameArtifacts: (options: {id: string; inputProps?: Record<string, unknown>; name: string}) => Promise<EmittedArtifact[]>;
  close: () => Promise<void>;
};

/**
 * Remotion in the test process, on the shared bundle of the test compositions (see
 * `serveTestBundle`) serving `publicDir`, with one headless Chromium for the whole file: what a
 * CLI run spends bundling (~15 s of CPU cold) and starting a browser is spent once per test run
 * instead. Renders and outputs go under `folder`.
 */
export const openTestRemotion = async ({publicDir, folder}: {publicDir: string; folder: string}): Promise<TestRemotion> => {
  const {serveUrl, remove} = await serveTestBundle({publicDir, folder});
  // The browser the example's remotion.config.ts gives the Remotion CLI.
  const browser: HeadlessBrowser = await openBrowser('chrome', {browserExecutable: narrationBrowserExecutable({projectRoot: REPO_ROOT}), logLevel: 'error'});
  const common = {serveUrl, puppeteerInstance: browser, logLevel: 'error' as const};

  const narratedComposition: TestRemotion['narratedComposition'] = async ({id, inputProps = {}}) => {
    const composition = await selectComposition({...common, id, inputProps, envVariables: {[PLANNING_ENV_VARIABLE]: '1'}});
    return {id, narration: parseNarration({value: composition.props.narration, compositionId: id}), fps: composition.fps};
  };

  const renderedComposition: TestRemotion['renderedComposition'] = ({id, inputProps = {}}) => selectComposition({...common, id, inputProps});

  const renderAudio: TestRemotion['renderAudio'] = async ({id, inputProps = {}, name}) => {
    const composition = await renderedComposition({id, inputProps});
    const file = path.join(folder, `${name}.wav`);
    const artifacts: EmittedArtifact[] = [];
    await renderMedia({
      ...common,
      composition,
      inputProps,
      codec: 'wav',
      outputLocation: file,
      // One tab waits on the browser most of the time (1,319 frames: 23 s with one tab, 13 s with
      // two, for the same CPU); Remotion's default is half the cores, and it allows no more than all.
      concurrency: Math.min(2, availableParallelism()),
      onArtifact: (artifact) => void artifacts.push(artifact),
    });
    return {samples: await decodeAudioTrack(file), file, durationInFrames: composition.durationInFrames, artifacts};
  };

  const firstFrameArtifacts: TestRemotion['firstFrameArtifacts'] = async ({id, inputProps = {}, name}) => {
    const composition = await renderedComposition({id, inputProps});
    const artifacts: EmittedArtifact[] = [];
    await renderStill({
      ...common,
      composition,
      inputProps,
      frame: 0,
      output: path.join(folder, `${name}.png`),
      onArtifact: (artifact) => void artifacts.push(artifact),
    });
    return artifacts;
  };

  return {
    serveUrl,
    narratedComposition,
    renderedComposition,
    renderAudio,
    firstFrameArtifacts,
    close: async () => {
      await browser.close({silent: true});
      await remove();
    },
  };
};
