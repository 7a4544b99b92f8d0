import {quoteCueText} from '../../core/quote-cue-text.ts';
import {DEFAULT_KEEP_DAYS, pruneNarration} from '../../node/prepare/prune-narration.ts';
import {propsSourceOf} from '../../node/prepare/use-id.ts';
import {readProjectCompositions} from '../../node/project/read-project-compositions.ts';
import {defineCommand} from '../define-command.ts';
import {wholeNumberFlag} from '../flag-values.ts';
import {createProgress} from '../progress.ts';
import {ENTRY_POSITIONAL, PROJECT_FLAGS, projectFromFlags} from '../project-flags.ts';

export const pruneCommand = defineCommand({
  name: 'prune',
  summary: `Deletes stored audio that no cue uses and no other prepare used in the last ${DEFAULT_KEEP_DAYS} days. Refuses while the manifest cannot be read.`,
  usage: '[ENTRY] [options]',
  description: `Deletes stored audio (public/narration/*.mp3 and manifest entries) that no cue of any composition
uses (read with --props as given), and that no other prepare of this project used in the last
--keep-days days: the same compositions with other props (another language), another voice, a
composition renamed. Deletes nothing while the manifest cannot be read.`,
  positionals: ENTRY_POSITIONAL,
  // No --composition: prune must see every composition to know which clips are used.
  flags: {
    props: PROJECT_FLAGS.props,
    'browser-executable': PROJECT_FLAGS['browser-executable'],
    verbose: PROJECT_FLAGS.verbose,
    'keep-days': {type: 'string', value: 'N', description: 'Keep what other prepares used within N days; 0 keeps only what the cues use', default: String(DEFAULT_KEEP_DAYS)},
    'dry-run': {type: 'boolean', description: 'Only list what would be deleted, and why'},
    json: {type: 'boolean', description: 'Print the result as JSON'},
  },
  examples: ['npx remotion-narration prune --dry-run', 'npx remotion-narration prune', 'npx remotion-narration prune --props ./zh.json --keep-days 0'],
  run: async ({values, positionals, output}) => {
    const json = Boolean(values.json);
    const dryRun = Boolean(values['dry-run']);
    const keepDays = wholeNumberFlag(values['keep-days'], '--keep-days', 0) ?? DEFAULT_KEEP_DAYS;
    const progress = createProgress({output, verbose: false, json});
    const project = projectFromFlags({values, positionals});
    const {compositions, publicDir} = await readProjectCompositions({...project, onEvent: progress.onEvent});
    const result = await pruneNarration({compositions, publicDir, propsSource: propsSourceOf(project), keepDays, dryRun});
    if (json) {
      output.out(JSON.stringify({dryRun, ...result}));
      return 0;
    }
    for (const clip of result.unused) {
      output.out(`  ${dryRun ? 'would delete' : 'deleted'} ${clip.file}${clip.text ? ` (${quoteCueText(clip.text)})` : ''}: ${clip.reason}`);
    }
    for (const use of result.keptForOtherUses) {
      output.out(`  kept ${use.clips} clip(s) a prepare of ${use.compositionId} used (${use.props}, ${use.provider}, last ${use.usedAt})`);
    }
    const bytes = result.unused.reduce((sum, clip) => sum + clip.sizeInBytes, 0);
    output.out(
      result.unused.length === 0
        ? `Nothing to prune: all ${result.kept} stored clip(s) are used.`
        : `${dryRun ? 'Would delete' : 'Deleted'} ${result.unused.length} unused clip(s) (${(bytes / 1024).toFixed(0)} KiB); ${result.kept} kept.`,
    );
    if (result.keptForOtherUses.length > 0) {
      output.out(`Clips other prepares used in the last ${keepDays} day(s) are kept: --keep-days 0 deletes them too.`);
    }
    return 0;
  },
});
