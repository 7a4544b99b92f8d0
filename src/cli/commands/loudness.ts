import {measureFilesLoudness} from '../../node/mp3/measure-file-loudness.ts';
import {defineCommand} from '../define-command.ts';

const level = (value: number | null, unit: string) => (value === null ? 'silent' : `${value.toFixed(1)} ${unit}`);

export const loudnessCommand = defineCommand({
  name: 'loudness',
  summary: 'The integrated loudness (LUFS) and true peak (dBTP) of MP3 files, as ffmpeg\'s ebur128 reads them: for a music bed under the narration (useNarrationDucking({musicLufs})). Exit code 1 if any file failed.',
  usage: 'FILE... [--json]',
  description: `The integrated loudness and true peak of MP3 files (ITU-R BS.1770-4, EBU R 128: what ffmpeg's
ebur128 filter reports as I and TPK). Give a music bed's to useNarrationDucking({musicLufs}) to set
it a number of LU under the leveled narration. With --json: one array, in file order, of
{"file", "integratedLufs", "truePeakDbtp"} (null for silence) or {"file", "error"}.`,
  positionals: {name: 'file', min: 1, max: Number.POSITIVE_INFINITY},
  flags: {
    json: {type: 'boolean', description: 'Print one JSON array'},
    verbose: {type: 'boolean', description: 'Stack traces'},
  },
  examples: ['npx remotion-narration loudness public/music/bed.mp3', 'npx remotion-narration loudness public/narration/*.mp3 --json'],
  run: async ({values, positionals, output}) => {
    const results = await measureFilesLoudness({files: positionals});
    if (values.json) {
      output.out(JSON.stringify(results));
    } else {
      for (const result of results) {
        if ('error' in result) output.err(`${result.file}: ${result.error}`);
        else output.out(`${result.file}\t${level(result.integratedLufs, 'LUFS')}\ttrue peak ${level(result.truePeakDbtp, 'dBTP')}`);
      }
    }
    return results.some((result) => 'error' in result) ? 1 : 0;
  },
});
