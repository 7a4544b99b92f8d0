import {appendFile, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {BundleFailedError} from '../../src/core/errors.ts';
import {prepareProject, type PrepareProjectResult} from '../../src/node/prepare/prepare-project.ts';
import {watchProject, type WatchEvent, type WatchTrigger} from '../../src/node/prepare/watch-project.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {createReusedTempProject, type TempProject} from '../helpers/temp-project.ts';

const CREATE = '/v1/kling/tts/create';
const propsWith = (text: string) => `${JSON.stringify({narration: {voice: {speakerId: 'oversea_male1', speed: 1}, cues: [{id: 'only', text}]}})}\n`;

/**
 * `prepare --watch` in-process, on a copy of the example project: what each kind of change makes
 * it do. The Studio test runs the CLI beside a real Studio; this one looks at the triggers.
 */
describe('watchProject', () => {
  let fake: FakeUseapi;
  let project: TempProject;
  const controller = new AbortController();
  const runs: {trigger: WatchTrigger; result: PrepareProjectResult}[] = [];
  const events: WatchEvent[] = [];
  const errors: Error[] = [];
  let watching: Promise<void>;
  let propsFile: string;

  /** Resolves once `predicate` holds, polling. */
  const until = async (what: string, predicate: () => boolean, timeoutMs = 120_000) => {
    const deadline = performance.now() + timeoutMs;
    while (!predicate()) {
      if (performance.now() > deadline) throw new Error(`Not seen within ${timeoutMs} ms: ${what}. Runs: ${JSON.stringify(runs.map(({trigger}) => trigger))}; events: ${JSON.stringify(events)}; errors: ${errors.map((e) => e.message).join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    fake = await startFakeUseapi();
    project = await createReusedTempProject('watch-project');
    propsFile = path.join(project.root, 'props.json');
    await writeFile(propsFile, propsWith('The first line.'));
    const provider = createKlingProvider({token: fake.token, baseUrl: fake.baseUrl});
    watching = watchProject({
      projectRoot: project.root,
      propsFile,
      signal: controller.signal,
      onEvent: (event) => events.push(event),
      onRunError: (error) => errors.push(error),
      run: async ({reader, trigger, superseded, session}) => {
        const inputProps = JSON.parse(await readFile(propsFile, 'utf8')) as Record<string, unknown>;
        const result = await prepareProject({projectRoot: project.root, inputProps, compositionId: 'Explainer', provider, reader, superseded, session});
        runs.push({trigger, result});
      },
    });
    await until('the first run and the watchers', () => runs.length === 1 && events.some((event) => event.type === 'watching'));
  }, 240_000);

  afterAll(async () => {
    controller.abort();
    await watching;
    await fake?.close();
    await project?.remove();
  });

  it('prepares on start, and not again for a save the bundle does not use', async () => {
    expect(runs[0]!.trigger).toEqual({kind: 'start'});
    expect(runs[0]!.result.generatedClips).toBe(1);
    // Beside the sources, imported by nothing: no change at all (a folder watcher would see one).
    await writeFile(path.join(project.root, 'compositions', 'notes.md'), 'Not imported by anything.\n');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(events.filter((event) => event.type === 'changed')).toEqual([]);
    expect(runs).toHaveLength(1);
  });

  it('says when a save breaks the bundle, runs nothing, and prepares again once it is fixed', async () => {
    const source = path.join(project.root, 'compositions', 'explainer-default-props.ts');
    const original = await readFile(source, 'utf8');
    await writeFile(source, `${original}\nexport const broken = ;\n`);
    await until('bundle-failed', () => events.some((event) => event.type === 'bundle-failed'));
    expect(runs).toHaveLength(1);
    const failure = events.find((event) => event.type === 'bundle-failed')!;
    expect(failure.type === 'bundle-failed' && failure.files).toEqual([source]);
    // Said as the bundler's first error, where and what, without the bundler's own stack.
    const error = failure.type === 'bundle-failed' ? failure.error : null;
    expect(error).toBeInstanceOf(BundleFailedError);
    expect(error!.message).toMatch(/explainer-default-props\.ts:\d+:\d+: ERROR: Unexpected ";"/);
    expect(error!.message).not.toMatch(/\n\s+at /);
    await writeFile(source, original.replace('Narration as a build step', 'Narration, rebuilt'));
    await until('a run for the fixed source', () => runs.length === 2);
    expect(runs[1]!.trigger).toEqual({kind: 'sources', files: [source]});
    expect(runs[1]!.result.synthesizeCalls).toBe(0);
  });

  it('reads the props file again when it changes, and speaks its new line', async () => {
    const creates = fake.count(CREATE);
    await writeFile(propsFile, propsWith('The second line.'));
    await until('a run for the props', () => runs.length === 3);
    expect(runs[2]!.trigger).toEqual({kind: 'props', files: [propsFile]});
    expect(runs[2]!.result.generatedClips).toBe(1);
    expect(fake.count(CREATE)).toBe(creates + 1);
  });

  it('opens the project again from scratch when remotion.config.ts changes', async () => {
    const config = path.join(project.root, 'remotion.config.ts');
    await appendFile(config, '\n// Edited by the test.\n');
    await until('a run for the config', () => runs.length === 4);
    expect(runs[3]!.trigger).toEqual({kind: 'project', files: [config]});
    expect(runs[3]!.result.synthesizeCalls).toBe(0);
    // Still watching the sources, with the new reader.
    const source = path.join(project.root, 'compositions', 'explainer-default-props.ts');
    await writeFile(source, (await readFile(source, 'utf8')).replace('Narration, rebuilt', 'Narration, rebuilt again'));
    await until('a run for the source', () => runs.length === 5);
    expect(runs[4]!.trigger.kind).toBe('sources');
    expect(errors).toEqual([]);
  });
});
