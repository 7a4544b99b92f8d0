import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {chromium} from 'playwright-core';
import {narrationBrowserExecutable} from '../../src/node/project/browser-executable.ts';
import {startFakeUseapi} from '../../test/fake-useapi/fake-useapi-server.ts';
import {freePort, startProcess, stopProcess} from '../../test/helpers/long-running-process.ts';
import {envFor, runNarrationCli, runRemotionCli} from '../../test/helpers/run-command.ts';
import {waitForStoredClip, waitForStudioClip} from '../../test/helpers/stored-clip.ts';
import {createTempProject, REPO_ROOT} from '../../test/helpers/temp-project.ts';
import {speechByLength} from './bench-project.ts';
import {ratio, type RowReport} from './report.ts';
import {formatSeconds, formatSecondsList, median, progress, timed} from './timing.ts';

/** The project of the measurement: 67 cues. */
const CUES = 67;
/** A speech service that answers in 0.5 s. */
const LATENCY_MS = 500;
const EDITS = 3;
/** Save to stored, minus the service's latency, ÷ `remotion compositions` of the same project. */
const GOAL = 0.25;
/** From the clip stored to the Studio's <audio> having it. */
const STUDIO_GOAL_SECONDS = 0.5;

/** compositions/explainer-default-props.ts with `CUES` cues; the first line says `first`. */
const propsModule = (first: string) => `import type {ExplainerProps} from './Explainer.tsx';

export const explainerDefaultProps: ExplainerProps = {
  title: 'Narration as a build step',
  music: true,
  narration: {
    voice: {speakerId: 'oversea_male1', speed: 1},
    cues: ${JSON.stringify([{id: 'line-1', text: first}, ...Array.from({length: CUES - 1}, (_, index) => ({id: `line-${index + 2}`, text: `Line ${index + 2}, short and unique.`}))])},
  },
};
`;

/** The phases of one edit, in seconds from its save, read from the watcher's output and the files. */
type EditTimes = {rebuilt: number; read: number; started: number; clipStored: number; manifest: number; studio: number};

/**
 * Row 9, the Studio loop: with the Studio and `prepare --watch` running on a 67-cue project, a
 * line is saved; timed are the save to its clip and manifest entry on disk (minus the fake's
 * 0.5 s of latency), compared with `remotion compositions` of the same project run between the
 * edits, and from there to the Studio's page having the new clip in an <audio>.
 */
export const studioLoopRow = async (): Promise<RowReport> => {
  // The fake's answers take the latency and nothing more: its own speech is made beforehand.
  const speech = speechByLength();
  const fake = await startFakeUseapi({latencyMs: LATENCY_MS, synthesize: speech});
  const project = await createTempProject();
  const propsFile = path.join(project.root, 'compositions/explainer-default-props.ts');
  const env = envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl});
  let studio: ReturnType<typeof startProcess> | undefined;
  let watcher: ReturnType<typeof startProcess> | undefined;
  const browser = await chromium.launch({executablePath: narrationBrowserExecutable()!, args: ['--no-sandbox', '--disable-gpu']});
  try {
    await writeFile(propsFile, propsModule('Line 1, as first written.'));
    progress(`row 9: cold prepare of ${CUES} cues (fake, ${LATENCY_MS} ms latency)`);
    const cold = await timed(() => runNarrationCli(['prepare', '--composition', 'Explainer'], {cwd: project.root, env}));
    if (cold.result.code !== 0) throw new Error(`The cold prepare failed:\n${cold.result.stderr}`);

    progress('row 9: starting the Studio and prepare --watch');
    const port = await freePort();
    studio = startProcess(path.join(REPO_ROOT, 'node_modules/.bin/remotion'), ['studio', `--port=${port}`, '--no-open'], {cwd: project.root, env});
    await studio.waitFor(/Built in/);
    const page = await browser.newPage({viewport: {width: 1400, height: 900}});
    await page.goto(`http://127.0.0.1:${port}/Explainer`);
    await page.getByText('Narration as a build step').first().waitFor({timeout: 60_000});
    watcher = startProcess(process.execPath, [path.join(REPO_ROOT, 'bin/remotion-narration.js'), 'prepare', '--watch', '--composition', 'Explainer'], {cwd: project.root, env});
    await watcher.waitFor(/Watching .* for changes/, 0, 300_000);
    // The watch compiler's first build runs after the first prepare: let it finish, as it has when a user starts editing.
    await new Promise((resolve) => setTimeout(resolve, 15_000));

    const edits: EditTimes[] = [];
    const compositions: number[] = [];
    for (let edit = 1; edit <= EDITS; edit++) {
      const text = `Line 1, edited for the ${['first', 'second', 'third', 'fourth'][edit - 1]} time.`;
      speech({text, speed: 1});
      const savedAt = performance.now();
      await writeFile(propsFile, propsModule(text));
      const stored = await waitForStoredClip({publicDir: project.publicDir, text});
      const inStudio = await waitForStudioClip(page, stored.key);
      await watcher.waitFor(/Done:/, 0);
      const lines = watcher.linesSince(savedAt);
      const when = (pattern: RegExp) => ((lines.find(({line}) => pattern.test(line))?.at ?? Number.NaN) - savedAt) / 1000;
      const times: EditTimes = {
        rebuilt: when(/^Changed:/),
        read: when(/^Narrated:/),
        started: when(/^Generating/),
        clipStored: when(/✓ Explainer\/line-1/),
        manifest: (stored.at - savedAt) / 1000,
        studio: (inStudio - stored.at) / 1000,
      };
      edits.push(times);
      progress(`  edit #${edit}: stored ${formatSeconds(times.manifest)} after the save, in the Studio ${formatSeconds(times.studio)} later`);
      // The Studio's own rebuild of the save is over before Remotion's command is timed beside it.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const {seconds} = await timed(() => runRemotionCli(['compositions'], {cwd: project.root, env}));
      compositions.push(seconds);
      progress(`  remotion compositions #${edit}: ${formatSeconds(seconds)}`);
    }

    const latency = LATENCY_MS / 1000;
    const overheads = edits.map((times) => times.manifest - latency);
    const figure = median(overheads) / median(compositions);
    const studioLag = edits.map((times) => times.studio);
    const phase = (pick: (times: EditTimes) => number) => formatSeconds(median(edits.map(pick)));
    return {
      lines: [
        {
          id: '9a',
          measurement: `Studio loop, ${CUES} cues: save → clip and manifest entry on disk, minus the service's ${latency} s, ÷ \`remotion compositions\`, medians of ${EDITS}`,
          figure: ratio(figure),
          goal: `≤ ${GOAL}×`,
          met: figure <= GOAL,
        },
        {
          id: '9b',
          measurement: "then the Studio's page has the new clip in an <audio> (slowest of the edits)",
          figure: formatSeconds(Math.max(...studioLag)),
          goal: `≤ ${STUDIO_GOAL_SECONDS} s`,
          met: Math.max(...studioLag) <= STUDIO_GOAL_SECONDS,
        },
      ],
      raw: [
        `9: save → stored ${formatSecondsList(edits.map((times) => times.manifest))} s (latency ${latency} s); remotion compositions ${formatSecondsList(compositions)} s; Studio after the manifest ${formatSecondsList(studioLag)} s; cold prepare ${formatSeconds(cold.seconds)}`,
      ],
      notes: [
        `9: where an edit's time goes (medians, seconds after the save): webpack noticed the save and rebuilt ${phase((t) => t.rebuilt)}; ` +
          `compositions read ${phase((t) => t.read)} (${phase((t) => t.read - t.rebuilt)} in the open browser); ` +
          `cache checked, generation started ${phase((t) => t.started)}; clip spoken (${latency} s), decoded, measured and stored ${phase((t) => t.clipStored)}; ` +
          `manifest entry on disk ${phase((t) => t.manifest)}; in the Studio's <audio> ${phase((t) => t.manifest + t.studio)}`,
      ],
    };
  } finally {
    await browser.close();
    await stopProcess(watcher?.child);
    await stopProcess(studio?.child);
    await fake.close();
    await project.remove();
  }
};
