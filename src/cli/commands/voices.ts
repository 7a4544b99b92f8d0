import {InvalidInputError} from '../../core/errors.ts';
import {speechProviderFromEnv} from '../../node/providers/speech-provider-from-env.ts';
import {defineCommand} from '../define-command.ts';

export const voicesCommand = defineCommand({
  name: 'voices',
  summary: 'The Kling voices of your account and the emotions each one enables. Needs `USEAPI_TOKEN`.',
  usage: '[--json]',
  description: `The voices of your Kling account (speakerId, name) and the emotions each one enables. Needs
USEAPI_TOKEN.`,
  positionals: {name: 'argument', min: 0, max: 0},
  flags: {
    json: {type: 'boolean', description: 'Print the voices as JSON'},
    verbose: {type: 'boolean', description: 'Stack traces'},
  },
  examples: ['npx remotion-narration voices', 'npx remotion-narration voices --json'],
  run: async ({values, output}) => {
    const {provider} = speechProviderFromEnv();
    if (!provider.listVoices) {
      throw new InvalidInputError('USEAPI_TOKEN is not set: the offline draft voice has no voices to list. Set USEAPI_TOKEN to list your Kling voices.');
    }
    const voices = await provider.listVoices();
    if (values.json) {
      output.out(JSON.stringify(voices));
      return 0;
    }
    for (const voice of voices) {
      const emotions = voice.emotions.filter((emotion) => emotion.enabled).map((emotion) => emotion.key);
      output.out(`${voice.speakerId.padEnd(28)} ${(voice.name ?? '').padEnd(22)} ${emotions.length ? `emotions: ${emotions.join(', ')}` : 'no emotions'}`);
    }
    return 0;
  },
});
