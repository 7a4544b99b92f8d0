import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {chromium, type Browser, type Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {narrationBrowserExecutable} from '../../src/node/project/browser-executable.ts';
import {integratedLoudnessInLufs} from '../../src/core/loudness/measure-loudness.ts';
import {DEFAULT_TARGET_LUFS} from '../../src/core/loudness/narration-gain.ts';
import {clipRequestsForCue} from '../../src/core/clip-request.ts';
import {explainerDefaultProps} from '../../compositions/explainer-default-props.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {envFor} from '../helpers/run-command.ts';
import {freePort, startProcess, stopProcess} from '../helpers/long-running-process.ts';
import {storedClip, waitForStoredClip, waitForStudioClip} from '../helpers/stored-clip.ts';
import {createTempProject, REPO_ROOT} from '../helpers/temp-project.ts';
import {longCourse} from '../remotion/long-course.ts';

const {narration} = explainerDefaultProps;
const QUIET_VOICE_DB = -12;
/** A paragraph cue is several clips: the example's cues make this many. */
const clipCount = narration.cues.reduce((sum, cue) => sum + clipRequestsForCue({narration, cue, provider: 'kling'}).length, 0);

/** A 400-paragraph-cue course (no audio yet: its clips are estimated) beside the example, captions on. */
const LONG_COURSE_CUES = 400;
const ROOT_WITH_LONG_COURSE = `import {Composition} from 'remotion';
import {calculateNarrationMetadata, Narration, NarrationCaptions, type NarratedProps} from '../src/index.ts';
import {Root} from './Root.tsx';

const LongCourse = ({narrationTimeline}: NarratedProps) => (
  <Narration timeline={narrationTimeline}>
    <NarrationCaptions />
  </Narration>
);

export const RootWithLongCourse = () => (
  <>
    <Root />
    <Composition id="LongCourse" component={LongCourse} width={640} height={360}
      calculateMetadata={calculateNarrationMetadata<NarratedProps>({fps: 30})}
      defaultProps={{narration: ${JSON.stringify(longCourse(LONG_COURSE_CUES))}} as NarratedProps} />
  </>
);
`;

/**
 * Installed before the page's scripts: a minimal React DevTools hook, so the test can walk the
 * fiber trees React commits and count what is mounted (React calls it in development builds,
 * which the Studio serves).
 */
const installFiberRootRecorder = () => {
  const roots = new Set<unknown>();
  Object.assign(window, {
    __narrationFiberRoots: roots,
    __REACT_DEVTOOLS_GLOBAL_HOOK__: {
      supportsFiber: true,
      renderers: new Map(),
      inject: () => 1,
      onCommitFiberRoot: (_id: number, root: unknown) => roots.add(root),
      onCommitFiberUnmount: () => {},
      onPostCommitFiberRoot: () => {},
      checkDCE: () => {},
    },
  });
};

/**
 * Installed before the page's scripts: every node the Studio connects to its audio output also
 * feeds a recorder, so the test hears what the Studio plays through Web Audio (an <audio>
 * element's own volume stops at 1; amplified clips play through a gain node).
 */
const installAudioRecorder = () => {
  const recorded = {channels: [[], []] as number[][], sampleRate: 0, recording: false};
  Object.assign(window, {__narrationAudio: recorded});
  const connect = AudioNode.prototype.connect as (this: AudioNode, destination: AudioNode, ...rest: number[]) => AudioNode;
  const taps = new WeakMap<BaseAudioContext, ScriptProcessorNode>();
  AudioNode.prototype.connect = function (this: AudioNode, destination: AudioNode | AudioParam, ...rest: number[]) {
    if (destination instanceof AudioDestinationNode) {
      let tap = taps.get(this.context);
      if (!tap) {
        tap = this.context.createScriptProcessor(4096, 2, 2);
        tap.onaudioprocess = (event) => {
          if (!recorded.recording) return;
          recorded.sampleRate = event.inputBuffer.sampleRate;
          for (const channel of [0, 1]) recorded.channels[channel]!.push(...event.inputBuffer.getChannelData(Math.min(channel, event.inputBuffer.numberOfChannels - 1)));
        };
        // Its output stays silent: it only listens.
        connect.call(tap, destination);
        taps.set(this.context, tap);
      }
      connect.call(this, tap);
    }
    return connect.call(this, destination as AudioNode, ...rest);
  } as typeof AudioNode.prototype.connect;
};

type Fiber = {key: string | null; child: Fiber | null; sibling: Fiber | null};

/** How many `<Narration>` clip sequences are mounted now (their React keys start with "narration-clip-"). */
const mountedNarrationClips = (page: Page) =>
  page.evaluate(() => {
    let count = 0;
    const roots = (window as unknown as {__narrationFiberRoots: Set<{current: Fiber}>}).__narrationFiberRoots;
    for (const root of roots) {
      const stack: Fiber[] = [root.current];
      while (stack.length > 0) {
        const fiber = stack.pop()!;
        if (fiber.key?.startsWith('narration-clip-')) count++;
        if (fiber.child) stack.push(fiber.child);
        if (fiber.sibling) stack.push(fiber.sibling);
      }
    }
    return count;
  });

/** The first line of the intro as the tests edit it (see the Studio test): each a different length. */
const EDITED = 'This video narrates itself, again.';
const SLOW = 'This video narrates itself, slowly.';
const FINAL = 'This video narrates itself, and then it times every scene of it.';
/** The fake speaks SLOW this slowly: long enough to be replaced while in flight. */
const SLOW_LATENCY_MS = 15_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The watcher's lines after a save, each with the seconds since the save at which it was seen. */
const watcherTimeline = (lines: {at: number; line: string}[], savedAt: number) =>
  lines
    .filter(({line}) => /Changed|Narrated|Generating|✓/.test(line))
    .map(({at, line}) => `${seconds(at - savedAt)} ${line.slice(0, 32)}`)
    .join(' → ');

describe('Remotion Studio with prepare --watch', () => {
  let fake: FakeUseapi;
  let project: Awaited<ReturnType<typeof createTempProject>>;
  let studio: ReturnType<typeof startProcess>;
  let watcher: ReturnType<typeof startProcess> | undefined;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** React's "does not recognize the `x` prop on a DOM element" and other unknown-prop warnings. */
  const unknownPropWarnings: string[] = [];

  beforeAll(async () => {
    // The example's voice 12 dB quieter than the fake's usual level: <Narration> levels it up,
    // above volume 1, which the Studio can only play through Web Audio.
    fake = await startFakeUseapi({levelsDb: {[narration.voice.speakerId]: QUIET_VOICE_DB}, latencyMs: (text) => (text.startsWith(SLOW) ? SLOW_LATENCY_MS : 0)});
    project = await createTempProject();
    const port = await freePort();
    studio = startProcess(path.join(REPO_ROOT, 'node_modules/.bin/remotion'), ['studio', `--port=${port}`, '--no-open'], {cwd: project.root, env: envFor({})});
    await studio.waitFor(/Built in/);
    browser = await chromium.launch({executablePath: narrationBrowserExecutable()!, args: ['--no-sandbox', '--disable-gpu']});
    page = await browser.newPage({viewport: {width: 1400, height: 900}});
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/does not recognize the .* prop on a DOM element|Invalid DOM property|Unknown event handler property/.test(message.text())) {
        unknownPropWarnings.push(message.text());
      }
    });
    await page.addInitScript(installFiberRootRecorder);
    await page.addInitScript(installAudioRecorder);
    await page.goto(`http://127.0.0.1:${port}/Explainer`);
    await page.getByText('Narration as a build step').first().waitFor({timeout: 60_000});
  });

  afterAll(async () => {
    await browser?.close();
    await stopProcess(watcher?.child);
    await stopProcess(studio?.child);
    await fake?.close();
    await project?.remove();
  });

  it('shows a cue without audio with an estimated length and a visible flag, without crashing', async () => {
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight'); // 2 s in: inside the first cue
    await page.getByText('Narration cue "intro": not generated yet').waitFor({timeout: 20_000});
    expect(pageErrors).toEqual([]);
  });

  // The first prepare of every clip took 60-90 s on the shared 2-core machine (load 16): room for that.
  it('picks up the audio prepare --watch makes; a changed line is stored and in the Studio soon after its request; a line replaced while spoken is not waited for', {timeout: 240_000}, async () => {
    watcher = startProcess(process.execPath, [path.join(REPO_ROOT, 'bin/remotion-narration.js'), 'prepare', '--watch', '--composition', 'Explainer'], {
      cwd: project.root,
      env: envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl}),
    });
    await watcher.waitFor(/Watching compositions\/index\.ts and what it imports/);
    // The Studio re-reads the manifest by itself: the flag goes away without a reload.
    await page.getByText('not generated yet').first().waitFor({state: 'detached', timeout: 30_000});

    const propsFile = path.join(project.root, 'compositions/explainer-default-props.ts');
    const original = await readFile(propsFile, 'utf8');
    const saveFirstSentence = (sentence: string) => writeFile(propsFile, original.replace('This video narrates itself.', sentence));

    // One edit: from the save to the clip on disk and in the manifest, then in the Studio.
    const mark = watcher.mark();
    const savedAt = performance.now();
    await saveFirstSentence(EDITED);
    const stored = await waitForStoredClip({publicDir: project.publicDir, text: EDITED});
    const inStudio = await waitForStudioClip(page, stored.key);
    await watcher.waitFor(/✓ Explainer\/intro/, mark);
    console.log(
      `From saving a changed line to its clip stored: ${seconds(stored.at - savedAt)} (${watcherTimeline(watcher.linesSince(savedAt), savedAt)}); ` +
        `then in the Studio's <audio>: ${seconds(inStudio - stored.at)}`,
    );
    expect(fake.count('/v1/kling/tts/create')).toBe(clipCount + 1); // every clip at first, then only the changed line
    await page.getByText(EDITED).first().waitFor({timeout: 30_000});

    // Two saves: the first line's request is slow, and the second save replaces that line while it is spoken.
    const creates = fake.count('/v1/kling/tts/create');
    await saveFirstSentence(SLOW);
    await expect.poll(() => fake.requests.some((request) => String(JSON.stringify(request.body)).includes(SLOW)), {timeout: 60_000, interval: 50}).toBe(true);
    const replacedAt = performance.now();
    await saveFirstSentence(FINAL);
    const final = await waitForStoredClip({publicDir: project.publicDir, text: FINAL});
    const slowStored = await storedClip({publicDir: project.publicDir, text: SLOW});
    console.log(`A line saved while the line it replaced was being spoken (${SLOW_LATENCY_MS / 1000} s): stored ${seconds(final.at - replacedAt)} after its save`);
    // Not waited for: the replaced line is still being spoken when the new one is stored.
    expect(slowStored).toBeNull();
    expect(watcher.output()).toContain('Replaced by a newer save');
    await waitForStudioClip(page, final.key);
    // Each clip asked for once (the slow line too, not again); its audio is still stored when it comes (see the last test).
    const texts = fake.requests.filter((request) => request.path.startsWith('/v1/kling/tts/create')).map((request) => String((request.body as {text?: string}).text).slice(0, 40));
    const intro = narration.cues.find((cue) => cue.id === 'intro')!;
    const finalIntroClips = clipRequestsForCue({narration, cue: {...intro, text: intro.text.replace('This video narrates itself.', FINAL)}, provider: 'kling'}).length;
    expect(texts.length, `asked for: ${texts.slice(creates).join(' | ')}\n${watcher.output().slice(mark)}`).toBe(creates + 1 + finalIntroClips);
    expect(pageErrors).toEqual([]);
  });

  it('plays the clips, a quiet voice leveled up past volume 1 as loud as a render plays it, with no React warning about unknown DOM props', async () => {
    // The clips have audio now: play a few seconds so Html5Audio mounts, premounted and playing.
    await page.keyboard.press('a'); // to the start
    await page.evaluate(() => ((window as unknown as {__narrationAudio: {recording: boolean}}).__narrationAudio.recording = true));
    await page.keyboard.press('Space');
    // Which clips play, by file, sampled while the first line plays.
    const played = new Map<string, number>();
    for (const startedAt = performance.now(); performance.now() - startedAt < 4_000; await page.waitForTimeout(100)) {
      const now = await page.evaluate(() => [...document.querySelectorAll('audio')].filter((audio) => !audio.paused && audio.currentTime > 0).map((audio) => [audio.src, audio.currentTime] as const));
      for (const [src, time] of now) played.set(src, Math.max(played.get(src) ?? 0, time));
    }
    await page.keyboard.press('Space');
    // What is heard is the line as last saved: its clip played for seconds, the clips it replaced never.
    const {key: finalKey} = (await storedClip({publicDir: project.publicDir, text: FINAL}))!;
    const replacedKeys = [(await storedClip({publicDir: project.publicDir, text: EDITED}))!.key, (await storedClip({publicDir: project.publicDir, text: 'This video narrates itself.'}))!.key];
    const playedFor = (key: string) => Math.max(0, ...[...played].filter(([src]) => src.includes(key)).map(([, time]) => time));
    console.log(`Played while the first line played: ${[...played].map(([src, time]) => `${src.split('/').pop()!.slice(0, 12)}… to ${time.toFixed(1)} s`).join(', ')}`);
    expect(playedFor(finalKey)).toBeGreaterThan(1);
    for (const key of replacedKeys) expect(playedFor(key)).toBe(0);
    expect(await mountedNarrationClips(page)).toBeGreaterThan(0);
    expect(unknownPropWarnings).toEqual([]);

    // What the Studio played: the intro, leveled up above volume 1, at the loudness a render gives it.
    const heard = await page.evaluate(() => {
      const recorded = (window as unknown as {__narrationAudio: {channels: number[][]; sampleRate: number; recording: boolean}}).__narrationAudio;
      recorded.recording = false;
      return {channels: recorded.channels, sampleRate: recorded.sampleRate};
    });
    const channels = heard.channels.map((samples) => Float32Array.from(samples));
    const studioLufs = integratedLoudnessInLufs({channels, sampleRate: heard.sampleRate});
    console.log(`The Studio played the leveled intro at ${studioLufs.toFixed(1)} LUFS (${(channels[0]!.length / heard.sampleRate).toFixed(1)} s recorded); target ${DEFAULT_TARGET_LUFS} LUFS`);
    expect(Math.abs(studioLufs - DEFAULT_TARGET_LUFS)).toBeLessThanOrEqual(1);
  });

  it('mounts only the clips near the current frame of a 400-cue course, also while it plays', async () => {
    // The line replaced while it was spoken was paid for: its audio was stored in the background.
    await waitForStoredClip({publicDir: project.publicDir, text: SLOW});
    // The course stays unprepared (no watcher: its 400 cues would take minutes): its clips are estimated.
    await stopProcess(watcher?.child);
    const mark = studio.mark();
    await writeFile(path.join(project.root, 'compositions', 'WithLongCourse.tsx'), ROOT_WITH_LONG_COURSE);
    await writeFile(
      path.join(project.root, 'compositions', 'index.ts'),
      `import {registerRoot} from 'remotion';\nimport {RootWithLongCourse} from './WithLongCourse.tsx';\n\nregisterRoot(RootWithLongCourse);\n`,
    );
    await studio.waitFor(/Built in/, mark);
    // The Studio reloads the page itself after a rebuild: a navigation that meets that reload is
    // aborted (net::ERR_ABORTED), so try again.
    const target = page.url().replace(/\/Explainer.*$/, '/LongCourse');
    for (let attempt = 1; ; attempt++) {
      const error = await page.goto(target).then(() => null, (caught: Error) => caught);
      if (!error) break;
      if (attempt === 3 || !error.message.includes('ERR_ABORTED')) throw error;
      await page.waitForTimeout(1_000);
    }
    // Ready when its <Narration> has mounted clips (at frame 0: the first one, premounted).
    await expect.poll(() => mountedNarrationClips(page), {timeout: 120_000, interval: 500}).toBeGreaterThan(0);
    const mounted = await mountedNarrationClips(page);
    console.log(`Long course (${LONG_COURSE_CUES} cues): ${mounted} clip sequence(s) mounted at the start`);
    expect(mounted).toBeGreaterThan(0);
    expect(mounted).toBeLessThanOrEqual(4);

    // Frames the browser draws in 3 s of playback: logged, not asserted (the machine is shared).
    await page.keyboard.press('Space');
    const framesDrawn = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let frames = 0;
          const started = performance.now();
          const tick = () => (performance.now() - started < 3_000 ? (frames++, requestAnimationFrame(tick)) : resolve(frames / 3));
          requestAnimationFrame(tick);
        }),
    );
    await page.keyboard.press('Space');
    console.log(`Long course: the browser drew ${framesDrawn.toFixed(0)} frames a second while playing`);
    const mountedWhilePlaying = await mountedNarrationClips(page);
    expect(mountedWhilePlaying).toBeLessThanOrEqual(4);
    expect(pageErrors).toEqual([]);
    expect(unknownPropWarnings).toEqual([]);
  }, 240_000);
});
