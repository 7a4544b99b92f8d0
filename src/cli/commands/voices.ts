import {parseArgs} from 'node:util';
import {InvalidInputError} from '../../core/errors.ts';
import {speechProviderFromEnv} from '../../node/providers/speech-provider-from-env.ts';
import type {Output} from '../output.ts';

/** `voices`: the speakers of the Kling account and the emotions each enables. */
export const voicesCommand = async (args: string[], {out}: Output): Promise<number> => {
  const {values} = parseArgs({args, options: {json: {type: 'boolean'}, verbose: {type: 'boolean'}, help: {type: 'boolean', short: 'h'}}});
  const {provider} = speechProviderFromEnv();
  if (!provider.listVoices) {
    throw new InvalidInputError('USEAPI_TOKEN is not set: the offline draft voice has no voices to list. Set USEAPI_TOKEN to list your Kling voices.');
  }
  const voices = await provider.listVoices();
  if (values.json) {
    out(JSON.stringify(voices));
    return 0;
  }
  for (const voice of voices) {
    const emotions = voice.emotions.filter((emotion) => emotion.enabled).map((emotion) => emotion.key);
    out(`${voice.speakerId.padEnd(28)} ${(voice.name ?? '').padEnd(22)} ${emotions.length ? `emotions: ${emotions.join(', ')}` : 'no emotions'}`);
  }
  return 0;
};
