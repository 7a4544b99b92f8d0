import {InvalidInputError} from '../../core/errors.ts';
import {displayWidth, padEndToWidth} from '../../core/text/display-width.ts';
import {isCjk} from '../../core/text/unicode.ts';
import type {Voice} from '../../node/providers/speech-provider.ts';
import {speechProviderFromEnv} from '../../node/providers/speech-provider-from-env.ts';
import {defineCommand} from '../define-command.ts';

/** What `voices` says of a voice's language where nothing shows it. */
const UNKNOWN_LANGUAGE = '?';

/**
 * The language a Kling voice speaks, where the voices answer shows it: its name written in Chinese
 * characters (Kling names its Chinese voices so: 阳光少年, 文艺小哥), or a language written in its id
 * (`reader_en_m-v1`, `…_CN_M_04-v2`). Otherwise null: the answer has no language per voice (its
 * `typeList` is the service's languages, `["en", "zh"]`), and ids do not tell (Kling's documented
 * voice lists give the same id, `genshin_vindi2`, to a Chinese and an English voice, and a Chinese
 * voice the id `uk_oldman3`).
 */
export const voiceLanguage = (voice: Pick<Voice, 'speakerId' | 'name'>): 'en' | 'zh' | null => {
  if ([...(voice.name ?? '')].some((c) => isCjk(c))) return 'zh';
  const tokens = voice.speakerId.toLowerCase().split(/[^a-z0-9]+/);
  if (tokens.includes('zh') || tokens.includes('cn')) return 'zh';
  if (tokens.includes('en')) return 'en';
  return null;
};

export const voicesCommand = defineCommand({
  name: 'voices',
  summary: 'The Kling voices of your account: their language where it can be known, and the emotions each one enables. Needs `USEAPI_TOKEN`.',
  usage: '[--json]',
  description: `The voices of your Kling account (speakerId, name), the language each one speaks where its
name or id shows it ("?" where nothing does), and the emotions each one enables. Needs
USEAPI_TOKEN.`,
  positionals: {name: 'argument', min: 0, max: 0},
  flags: {
    json: {type: 'boolean', description: 'Print the voices as JSON (with "language": "en", "zh" or null)'},
    verbose: {type: 'boolean', description: 'Stack traces'},
  },
  examples: ['npx remotion-narration voices', 'npx remotion-narration voices --json'],
  run: async ({values, output}) => {
    const {provider} = speechProviderFromEnv();
    if (!provider.listVoices) {
      throw new InvalidInputError('USEAPI_TOKEN is not set: the offline draft voice has no voices to list. Set USEAPI_TOKEN to list your Kling voices.');
    }
    const voices = (await provider.listVoices()).map((voice) => ({...voice, language: voiceLanguage(voice)}));
    if (values.json) {
      output.out(JSON.stringify(voices));
      return 0;
    }
    // Columns measured in display columns, so that names in Chinese (two columns a character) stay aligned.
    const idColumns = Math.max(0, ...voices.map((voice) => displayWidth(voice.speakerId)));
    const nameColumns = Math.max(0, ...voices.map((voice) => displayWidth(voice.name ?? '')));
    for (const voice of voices) {
      const emotions = voice.emotions.filter((emotion) => emotion.enabled).map((emotion) => emotion.key);
      output.out(
        [
          padEndToWidth(voice.speakerId, idColumns),
          padEndToWidth(voice.name ?? '', nameColumns),
          padEndToWidth(voice.language ?? UNKNOWN_LANGUAGE, 2),
          emotions.length ? `emotions: ${emotions.join(', ')}` : 'no emotions',
        ].join('  '),
      );
    }
    if (voices.some((voice) => voice.language === null)) {
      output.err(`"${UNKNOWN_LANGUAGE}": neither the voice's name nor its id says which language it speaks (Kling speaks English and Chinese).`);
    }
    return 0;
  },
});
