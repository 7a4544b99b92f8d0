import path from 'node:path';
import {AccountError, AuthenticationError, BundleFailedError, InterruptedError, InvalidInputError} from '../../core/errors.ts';
import {quoteCueText} from '../../core/quote-cue-text.ts';
import {planNarration} from '../../node/prepare/plan-narration.ts';
import {prepareProject, type PrepareProjectResult} from '../../node/prepare/prepare-project.ts';
import {readProjectCompositions, type ProjectOptions} from '../../node/project/read-project-compositions.ts';
import {defineCommand} from '../define-command.ts';
import {listFlag, wholeNumberFlag} from '../flag-values.ts';
import {seconds, type Output} from '../output.ts';
import {voiceLoudnessLine} from '../voice-loudness-line.ts';
import {createProgress} from '../progress.ts';
import {ENTRY_POSITIONAL, PROJECT_FLAGS, projectFromFlags} from '../project-flags.ts';
import {watchParent} from '../watch-parent.ts';
import {watchProject, type WatchEvent} from '../../node/prepare/watch-project.ts';
import {parseInputProps} from '../parse-props.ts';
import {printPlan} from './plan.ts';

export const prepareCommand = defineCommand({
  name: 'prepare',
  summary: 'Generates the audio of every cue that is not cached. Exit code 1 if any cue failed; the others stay cached.',
  usage: '[ENTRY] [options]',
  description: `Reads the compositions as "npx remotion render" resolves them and generates, measures and stores
the audio of every narration cue that is not cached. Exit code 1 if any cue failed; everything
else stays cached. ENTRY is the entry point (default as "npx remotion render" finds it), or a
site already bundled ("npx remotion bundle"'s folder, or its URL), which is then not bundled again.`,
  positionals: ENTRY_POSITIONAL,
  flags: {
    ...PROJECT_FLAGS,
    frozen: {type: 'boolean', description: 'Make no request: fail listing every cue without audio (CI without secrets)'},
    'dry-run': {type: 'boolean', description: 'Only say what would be generated (same as "plan")'},
    draft: {type: 'boolean', description: 'Narrate with the offline draft voice on purpose, even with USEAPI_TOKEN set'},
    force: {type: 'string', multiple: true, value: 'ID[,ID...]', description: 'Generate these cues again even when cached (repeatable)'},
    watch: {type: 'boolean', description: 'Keep running: prepare again whenever a source file changes (beside the Studio)'},
    json: {type: 'boolean', description: 'Print a machine-readable summary on stdout'},
    concurrency: {type: 'string', value: 'N', description: 'Most speech jobs at once (Kling requests, or draft-voice syntheses); lowered by itself on 429', default: '4'},
    retries: {type: 'string', value: 'N', description: 'Retries of a transient failure per clip', default: '3'},
    'timeout-ms': {type: 'string', value: 'N', description: 'Timeout per request', default: '180000, or USEAPI_TIMEOUT_MS'},
  },
  examples: [
    'npx remotion-narration prepare',
    'npx remotion-narration prepare --composition Explainer --props ./narration.json',
    'npx remotion-narration prepare --force intro,outro',
    'npx remotion-narration prepare --watch',
    'npx remotion-narration prepare --frozen --json',
    'npx remotion bundle && npx remotion-narration prepare build',
  ],
  run: async ({values, positionals, output, signal}) => {
    if (values.frozen && (values.watch || values.force)) {
      throw new InvalidInputError('--frozen makes no request, so it cannot be combined with --watch or --force.');
    }
    const options = {
      concurrency: wholeNumberFlag(values.concurrency, '--concurrency', 1),
      maxRetries: wholeNumberFlag(values.retries, '--retries', 0),
      timeoutMs: wholeNumberFlag(values['timeout-ms'], '--timeout-ms', 1),
      force: listFlag(values.force),
      draft: Boolean(values.draft),
    };
    const project = projectFromFlags({values, positionals});
    const json = Boolean(values.json);
    if (values['dry-run']) {
      return printPlan({project, force: options.force, json, draft: options.draft, output});
    }
    if (values.frozen) {
      return frozenCheck({project, output, json});
    }
    const runOnce = async (runSignal: AbortSignal): Promise<number> => {
      const progress = createProgress({output, verbose: Boolean(values.verbose), json});
      const result = await prepareProject({...project, ...options, onEvent: progress.onEvent, signal: runSignal});
      return report({result, output, json, elapsedMs: progress.elapsedMs()});
    };
    if (!values.watch) {
      return runOnce(signal);
    }
    // Killing `npx` leaves this process running (see watchParent): a watcher without its parent stops.
    const parentExited = new AbortController();
    const parent = watchParent({
      onExit: () => {
        output.err('Stopping: the process that started this watcher has exited.');
        parentExited.abort(new InterruptedError('the exit of the process that started it'));
      },
    });
    const watchSignal = AbortSignal.any([signal, parentExited.signal]);
    const saidNotices = new Set<string>();
    try {
      await watchProject({
        entryPoint: project.entryPoint,
        browserExecutable: project.browserExecutable,
        propsFile: project.propsFile,
        signal: watchSignal,
        onEvent: (event) => {
          const {stream, text} = describeWatchEvent(event);
          output[stream](text);
        },
        onRunError: (error) => output.err(`Error: ${error.message}`),
        run: async ({reader, superseded, session}) => {
          const progress = createProgress({output, verbose: Boolean(values.verbose), json});
          // A notice (the draft voice for lack of a token) is said on the first run, not on every save.
          const onEvent: typeof progress.onEvent = (event) => {
            if (event.type === 'notice' && saidNotices.has(event.message)) return;
            if (event.type === 'notice') saidNotices.add(event.message);
            progress.onEvent(event);
          };
          // The props file is read again: it may be what changed.
          const inputProps = parseInputProps({value: values.props, cwd: process.cwd()});
          const result = await prepareProject({...project, inputProps, ...options, reader, superseded, session, onEvent, signal: watchSignal});
          if (superseded.aborted) {
            output.out(`Replaced by a newer save after ${seconds(progress.elapsedMs())}: preparing that instead.`);
            return;
          }
          report({result, output, json, elapsedMs: progress.elapsedMs()});
        },
      });
      return 0;
    } finally {
      parent.close();
    }
  },
});

/** Longest list of cues printed; the rest are counted ("and 40 more"). */
const MAX_LISTED = 20;

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
        voices: result.voices,
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
      for (const failure of others.slice(0, MAX_LISTED)) output.err(`  - ${failure.message}`);
      if (others.length > MAX_LISTED) output.err(`  - and ${others.length - MAX_LISTED} more (--json lists them all)`);
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
  const loudness = voiceLoudnessLine(result.voices);
  if (loudness) output.out(loudness);
  return 0;
};

/** `--frozen`: no request at all; every cue must already have its audio. */
const frozenCheck = async ({
  project,
  output,
  json,
}: {
  project: ProjectOptions;
  output: Output;
  json: boolean;
}): Promise<number> => {
  const progress = createProgress({output, verbose: false, json});
  const {compositions, publicDir} = await readProjectCompositions({...project, onEvent: progress.onEvent});
  // The cache is checked for the voice it was prepared with, whatever this machine's token.
  const plan = await planNarration({compositions, publicDir, providerId: null});
  const missing = plan.cues.filter((cue) => cue.status !== 'cached');
  if (json) {
    output.out(JSON.stringify({ok: missing.length === 0, provider: plan.providerId, cues: plan.cues.length, missing: missing.map(({compositionId, cueId, text}) => ({compositionId, cueId, text}))}));
    return missing.length > 0 ? 1 : 0;
  }
  if (missing.length > 0) {
    output.err(`${missing.length} of ${plan.cues.length} cue(s) have no audio in the cache (--frozen makes no request):`);
    for (const cue of missing.slice(0, MAX_LISTED)) output.err(`  - Composition "${cue.compositionId}", cue "${cue.cueId}" (${quoteCueText(cue.text)})`);
    if (missing.length > MAX_LISTED) output.err(`  - and ${missing.length - MAX_LISTED} more (--json lists them all)`);
    output.err('Run `npx remotion-narration prepare` with USEAPI_TOKEN set, and commit or cache public/narration/.');
    return 1;
  }
  output.out(`All ${plan.cues.length} cue(s) have their audio (${plan.providerId}); no request made.`);
  return 0;
};

/** What `--watch` says about a change, before the run it starts. */
const describeWatchEvent = (event: WatchEvent): {stream: 'out' | 'err'; text: string} => {
  const root = process.cwd();
  const names = (files: string[]) => files.map((file) => path.relative(root, file)).join(', ') || 'a source';
  switch (event.type) {
    case 'watching':
      return {stream: 'out', text: `Watching ${[`${event.entryPoint} and what it imports`, ...event.files].join(', ')} for changes (Ctrl-C to stop)...`};
    case 'bundle-failed':
      return {
        stream: 'err',
        text: `\nThe project did not bundle after a change to ${names(event.files)}; waiting for the next save:\n${event.error instanceof BundleFailedError ? event.error.bundlerMessage : event.error.message.split('\n').slice(0, 6).join('\n')}`,
      };
    case 'changed':
      return {
        stream: 'out',
        text: `\nChanged: ${names(event.trigger.files)}${event.trigger.kind === 'project' ? ' (bundling the project again from scratch)' : ''}`,
      };
  }
};
