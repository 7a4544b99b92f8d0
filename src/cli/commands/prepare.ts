import {existsSync} from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {AccountError, AuthenticationError, InvalidInputError} from '../../core/errors.ts';
import {planNarration} from '../../node/prepare/plan-narration.ts';
import {prepareProject, type PrepareProjectResult} from '../../node/prepare/prepare-project.ts';
import {findEntryPoint, loadRemotionConfig} from '../../node/project/load-remotion-config.ts';
import {readProjectCompositions} from '../../node/project/read-project-compositions.ts';
import {listFlag, projectFlags, wholeNumberFlag} from '../options.ts';
import {seconds, type Output} from '../output.ts';
import {parseInputProps} from '../parse-props.ts';
import {planCommand} from './plan.ts';
import {createProgress} from '../progress.ts';
import {watchSources} from '../watch-sources.ts';

export const prepareCommand = async (args: string[], output: Output): Promise<number> => {
  const {values, positionals} = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...projectFlags,
      frozen: {type: 'boolean'},
      'dry-run': {type: 'boolean'},
      force: {type: 'string', multiple: true},
      watch: {type: 'boolean'},
      json: {type: 'boolean'},
      concurrency: {type: 'string'},
      retries: {type: 'string'},
      'timeout-ms': {type: 'string'},
    },
  });
  if (values['dry-run']) {
    return planCommand(args.filter((arg) => arg !== '--dry-run'), output);
  }
  if (positionals.length > 1) {
    throw new InvalidInputError(`prepare takes at most one entry point, but got: ${positionals.join(' ')}.`);
  }
  if (values.frozen && (values.watch || values.force)) {
    throw new InvalidInputError('--frozen makes no request, so it cannot be combined with --watch or --force.');
  }
  const project = {
    entryPoint: positionals[0],
    inputProps: parseInputProps({value: values.props, cwd: process.cwd()}),
    compositionId: values.composition,
    browserExecutable: values['browser-executable'],
  };
  if (values.frozen) {
    return frozenCheck({project, output, json: Boolean(values.json)});
  }
  const options = {
    concurrency: wholeNumberFlag(values.concurrency, '--concurrency', 1),
    maxRetries: wholeNumberFlag(values.retries, '--retries', 0),
    timeoutMs: wholeNumberFlag(values['timeout-ms'], '--timeout-ms', 1),
    force: listFlag(values.force),
  };
  const runOnce = async (): Promise<number> => {
    const progress = createProgress({output, verbose: Boolean(values.verbose), json: Boolean(values.json)});
    const result = await prepareProject({...project, ...options, onEvent: progress.onEvent});
    return report({result, output, json: Boolean(values.json), elapsedMs: progress.elapsedMs()});
  };
  if (!values.watch) {
    return runOnce();
  }
  await runOnce().catch((error: unknown) => output.err(`Error: ${(error as Error).message}`));
  return watchAndPrepare({runOnce, output, propsFile: values.props, entryPoint: positionals[0]});
};

const report = ({result, output, json, elapsedMs}: {result: PrepareProjectResult; output: Output; json: boolean; elapsedMs: number}): number => {
  const total = result.outcomes.length;
  if (json) {
    output.out(
      JSON.stringify({
        ok: result.failedCues.length === 0,
        compositions: result.compositionIds,
        generated: result.generatedClips,
        cached: result.cachedClips,
        failed: result.failedCues.length,
        requests: result.synthesizeCalls,
        elapsedMs: Math.round(elapsedMs),
        cues: result.outcomes.map(({compositionId, cueId, status, message}) => ({compositionId, cueId, status, ...(message ? {error: message} : {})})),
      }),
    );
    return result.failedCues.length > 0 ? 1 : 0;
  }
  if (result.failedCues.length > 0) {
    // An account-wide failure stopped the run: one sentence, not one per cue.
    const accountWide = result.failedCues.find((failure) => failure.error instanceof AuthenticationError || failure.error instanceof AccountError);
    const others = result.failedCues.filter((failure) => failure.error !== accountWide?.error);
    if (accountWide) {
      output.err(`\nStopped early: ${accountWide.error!.message}`);
      output.err(`${result.failedCues.length - others.length} of ${total} cue(s) were not generated.`);
    }
    if (others.length > 0) {
      output.err(`\n${others.length} of ${total} cue(s) failed:`);
      for (const failure of others) output.err(`  - ${failure.message}`);
    }
    output.err('Everything else is cached; the next prepare makes only the missing cue(s).');
    return 1;
  }
  if (result.synthesizeCalls === 0) {
    output.out(`Everything was cached: ${total} cue(s), no speech request made. [${seconds(elapsedMs)}]`);
  } else {
    output.out(
      `Done: ${total} cue(s), ${result.generatedClips} clip(s) generated with ${result.synthesizeCalls} request(s), ${result.cachedClips} cached. [${seconds(elapsedMs)}]`,
    );
  }
  return 0;
};

/** `--frozen`: no request at all; every cue must already have its audio. */
const frozenCheck = async ({
  project,
  output,
  json,
}: {
  project: Parameters<typeof readProjectCompositions>[0];
  output: Output;
  json: boolean;
}): Promise<number> => {
  const progress = createProgress({output, verbose: false, json});
  const {compositions, publicDir} = await readProjectCompositions({...project, onEvent: progress.onEvent});
  // The cache is checked for the voice it was prepared with, whatever this machine's token.
  const plan = await planNarration({compositions, publicDir, providerId: null});
  const missing = plan.cues.filter((cue) => cue.status === 'to-generate');
  if (json) {
    output.out(JSON.stringify({ok: missing.length === 0, provider: plan.providerId, cues: plan.cues.length, missing: missing.map(({compositionId, cueId, text}) => ({compositionId, cueId, text}))}));
    return missing.length > 0 ? 1 : 0;
  }
  if (missing.length > 0) {
    output.err(`${missing.length} of ${plan.cues.length} cue(s) have no audio in the cache (--frozen makes no request):`);
    for (const cue of missing) output.err(`  - Composition "${cue.compositionId}", cue "${cue.cueId}" ("${cue.text}")`);
    output.err('Run `npx remotion-narration prepare` with USEAPI_TOKEN set, and commit or cache public/narration/.');
    return 1;
  }
  output.out(`All ${plan.cues.length} cue(s) have their audio (${plan.providerId}); no request made.`);
  return 0;
};

/** `--watch`: prepare again on every change of the sources (or the props file) until Ctrl-C. */
const watchAndPrepare = async ({
  runOnce,
  output,
  propsFile,
  entryPoint,
}: {
  runOnce: () => Promise<number>;
  output: Output;
  propsFile: string | undefined;
  entryPoint: string | undefined;
}): Promise<number> => {
  const root = process.cwd();
  const config = await loadRemotionConfig({projectRoot: root});
  const entry = entryPoint ? path.resolve(root, entryPoint) : findEntryPoint({projectRoot: root, configured: config.entryPoint});
  const folders = [path.dirname(entry)];
  const files = [propsFile, config.configFile].filter((file): file is string => Boolean(file) && existsSync(path.resolve(root, file!))).map((file) => path.resolve(root, file));
  output.out(`Watching ${folders.map((folder) => path.relative(root, folder) || '.').join(', ')} for changes (Ctrl-C to stop)...`);
  const watcher = watchSources({
    folders,
    files,
    onChange: async (changed) => {
      output.out(`\nChanged: ${changed.map((file) => path.relative(root, file)).join(', ')}`);
      await runOnce().catch((error: unknown) => output.err(`Error: ${(error as Error).message}`));
    },
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  watcher.close();
  return 0;
};
