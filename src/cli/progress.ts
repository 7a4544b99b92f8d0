import type {PrepareProjectEvent} from '../node/prepare/prepare-project.ts';
import {seconds, type Output} from './output.ts';

/**
 * Prints prepare's events: on a terminal, one live line (done/total, cached, failed, elapsed,
 * estimate); elsewhere (CI logs), one plain line per event.
 */
export const createProgress = ({output, verbose, json}: {output: Output; verbose: boolean; json: boolean}) => {
  // Progress goes to stdout as the Remotion CLI's does, or to stderr when stdout carries JSON.
  const log = json ? output.err : output.out;
  const startedAt = performance.now();
  let total = 0;
  let done = 0;
  let failed = 0;
  let cached = 0;
  let upgrading = 0;
  let upgraded = 0;

  const live = () => {
    if (!output.isTerminal || total === 0) return;
    const elapsedMs = performance.now() - startedAt;
    const remaining = total - done - failed;
    const estimate = done > 0 && remaining > 0 ? `, about ${seconds((elapsedMs / done) * remaining)} left` : '';
    output.status(`Generating ${done + failed}/${total} · ${cached} cached · ${failed} failed · ${seconds(elapsedMs)}${estimate}`);
  };

  const onEvent = (event: PrepareProjectEvent) => {
    switch (event.type) {
      case 'notice':
        log(event.message);
        break;
      case 'http':
        if (verbose) {
          const {method, url, status, durationMs, requestHeaders} = event.entry;
          log(`  ${method} ${url} -> ${status ?? 'no answer'} [${seconds(durationMs)}] ${JSON.stringify(requestHeaders)}`);
        }
        break;
      case 'reading-compositions':
        log(`Reading compositions from ${event.entryPoint}...`);
        break;
      case 'compositions':
        log(
          event.compositions.length === 0
            ? 'No composition has a "narration" prop.'
            : `Narrated: ${event.compositions.map((c) => `${c.id} (${c.cues} cues)`).join(', ')} [${seconds(event.elapsedMs)}]`,
        );
        break;
      case 'waiting-for-lock':
        log(`Waiting for another prepare of this project (pid ${event.holder.pid}, started ${event.holder.startedAt}) to finish...`);
        break;
      case 'voices-unavailable':
        output.err(`Warning: could not load the voices list (${event.error.message}); speakers and emotions are not checked before the requests.`);
        break;
      case 'clip-repaired':
        if (verbose || !output.isTerminal) {
          log(`  repaired ${event.repair.file} (${event.repair.what}): ${event.repair.problem ?? 'its header'}`);
        }
        break;
      case 'manifest-problem':
        output.err(`Warning: ${event.problem.file} ${event.problem.problem}; it is rebuilt from the clips on disk.`);
        break;
      case 'upgrade-start': {
        upgrading = event.clips;
        upgraded = 0;
        const what = [
          event.steps['measure-words'] && `${event.steps['measure-words']} word timing(s) from a newer aligner`,
          event.steps['repair-header'] && `${event.steps['repair-header']} header repair(s)`,
          event.steps.record && `${event.steps.record} clip(s) missing from the manifest`,
          event.steps['measure-loudness'] && `${event.steps['measure-loudness']} loudness measurement(s)`,
        ].filter(Boolean);
        log(`Updating ${event.clips} stored clip(s), with no request: ${what.join(', ')}...`);
        break;
      }
      case 'clip-upgraded':
        upgraded++;
        if (output.isTerminal) output.status(`Updating ${upgraded}/${upgrading} stored clips · ${seconds(performance.now() - startedAt)}`);
        else if (verbose || upgraded === upgrading || upgraded % 100 === 0) log(`  updated ${upgraded}/${upgrading} stored clips`);
        break;
      case 'start':
        total = event.clipsToGenerate;
        cached = event.cachedClips;
        if (total > 0) log(`Generating ${total} clip(s) with ${event.provider.description}...`);
        live();
        break;
      case 'fitting':
        total += event.clipsToGenerate;
        log(
          `Too long for their slots even played ${'faster'}: reading ${event.cues.map(({ref, speed}) => `${ref.compositionId}/${ref.cueId} at speed ${speed}`).join(', ')} (${event.clipsToGenerate} clip(s))...`,
        );
        live();
        break;
      case 'clip-generated':
        done++;
        if (!output.isTerminal) log(`  ✓ ${names(event.cues)} (${event.durationInSeconds.toFixed(2)} s)`);
        live();
        break;
      case 'clip-failed':
        failed++;
        if (!output.isTerminal) log(`  ✗ ${names(event.cues)}`);
        live();
        break;
      case 'retry':
        if (verbose || !output.isTerminal) log(`  retrying ${names(event.cues)} in ${seconds(event.delayMs)} (try ${event.attempt + 1}): ${event.error.message}`);
        live();
        break;
    }
  };
  return {onEvent, elapsedMs: () => performance.now() - startedAt};
};

const names = (cues: {compositionId: string; cueId: string}[]) => cues.map((c) => `${c.compositionId}/${c.cueId}`).join(', ');
