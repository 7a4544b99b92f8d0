import {pruneNarration} from '../../node/prepare/prune-narration.ts';
import {readProjectCompositions} from '../../node/project/read-project-compositions.ts';
import {defineCommand} from '../define-command.ts';
import {createProgress} from '../progress.ts';
import {ENTRY_POSITIONAL, PROJECT_FLAGS, projectFromFlags} from '../project-flags.ts';

export const pruneCommand = defineCommand({
  name: 'prune',
  summary: 'Deletes stored audio that no cue of any composition uses. Clips of both voices are kept while cues use them.',
  usage: '[ENTRY] [options]',
  description: `Deletes stored audio (public/narration/*.mp3 and manifest entries) that no cue of any
composition uses. Clips of both voices (draft and Kling) that cues use are kept.`,
  positionals: ENTRY_POSITIONAL,
  // No --composition: prune must see every composition to know which clips are used.
  flags: {
    props: PROJECT_FLAGS.props,
    'browser-executable': PROJECT_FLAGS['browser-executable'],
    verbose: PROJECT_FLAGS.verbose,
    'dry-run': {type: 'boolean', description: 'Only list what would be deleted'},
    json: {type: 'boolean', description: 'Print the result as JSON'},
  },
  examples: ['npx remotion-narration prune --dry-run', 'npx remotion-narration prune'],
  run: async ({values, positionals, output}) => {
    const json = Boolean(values.json);
    const dryRun = Boolean(values['dry-run']);
    const progress = createProgress({output, verbose: false, json});
    const {compositions, publicDir} = await readProjectCompositions({...projectFromFlags({values, positionals}), onEvent: progress.onEvent});
    const result = await pruneNarration({compositions, publicDir, dryRun});
    if (json) {
      output.out(JSON.stringify({dryRun, ...result}));
      return 0;
    }
    for (const clip of result.unused) {
      output.out(`  ${dryRun ? 'would delete' : 'deleted'} ${clip.file}${clip.text ? ` ("${clip.text}")` : ''}`);
    }
    const bytes = result.unused.reduce((sum, clip) => sum + clip.sizeInBytes, 0);
    output.out(
      result.unused.length === 0
        ? `Nothing to prune: all ${result.kept} stored clip(s) are used.`
        : `${dryRun ? 'Would delete' : 'Deleted'} ${result.unused.length} unused clip(s) (${(bytes / 1024).toFixed(0)} KiB); ${result.kept} kept.`,
    );
    return 0;
  },
});
