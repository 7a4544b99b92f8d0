import {measureFiles} from '../../node/mp3/measure-files.ts';
import {defineCommand} from '../define-command.ts';

export const durationCommand = defineCommand({
  name: 'duration',
  summary: 'The played length of MP3 files, from a walk over their frames (no decoding, the same length as a full decode). `--json` prints one array in file order, with `{"file", "durationInSeconds"}` or `{"file", "error"}` for each file. Exit code 1 if any file failed.',
  usage: 'FILE... [--json]',
  description: `The played length of MP3 files, from a walk over every frame header: no decoding, and the same
length, to the sample, as a full gapless decode (tools that read only the first header are
wrong on VBR files without a Xing header). With --json: one array, in file order, of
{"file", "durationInSeconds"} or {"file", "error"}. Exit code 1 if any file failed.`,
  positionals: {name: 'file', min: 1, max: Number.POSITIVE_INFINITY},
  flags: {
    json: {type: 'boolean', description: 'Print one JSON array'},
    verbose: {type: 'boolean', description: 'Stack traces'},
  },
  examples: ['npx remotion-narration duration public/narration/*.mp3', 'npx remotion-narration duration voiceover.mp3 --json'],
  run: async ({values, positionals, output}) => {
    const results = await measureFiles({files: positionals});
    if (values.json) {
      output.out(JSON.stringify(results));
    } else {
      for (const result of results) {
        if ('error' in result) output.err(`${result.file}: ${result.error}`);
        else output.out(`${result.file}\t${result.durationInSeconds.toFixed(3)} s`);
      }
    }
    return results.some((result) => 'error' in result) ? 1 : 0;
  },
});
