import type {ClipRequest} from '../../core/clip-request.ts';
import {closestMatches} from '../../core/closest-matches.ts';
import {estimateSpeechInSeconds} from '../../core/text/estimate-speech.ts';
import type {SpeechProviderLimits, Voice} from '../providers/speech-provider.ts';

/**
 * What is wrong with a clip request that can be known before calling the service, as one
 * sentence with the fix, or null: empty text, text over the provider's limits and, when the
 * voices list is known, an unknown speaker or an emotion the speaker does not enable.
 */
export const findRequestProblem = ({
  request,
  limits,
  voices,
}: {
  request: ClipRequest;
  limits: SpeechProviderLimits;
  voices: Voice[] | null;
}): string | null => {
  const length = [...request.text].length;
  if (length === 0) {
    return 'the text is empty. Write the line, give it silenceInSeconds for a silent segment, or remove the cue.';
  }
  if (length > limits.maxCharacters) {
    return `the text has ${length} characters, but ${limits.setBy} takes at most ${limits.maxCharacters} in one request. Split it into shorter cues.`;
  }
  // Seconds at the cue's speed, estimated grapheme by grapheme: 150 emoji pass the character
  // limit but are minutes of speech.
  const seconds = estimateSpeechInSeconds({text: request.text, speed: request.speed});
  if (seconds > limits.maxSpeechInSeconds) {
    return `the text is about ${seconds.toFixed(0)} s of speech at speed ${request.speed}, but ${limits.setBy} speaks at most ${limits.maxSpeechInSeconds} s in one request. Split it into shorter cues.`;
  }
  if (!voices) {
    return null;
  }
  const voice = voices.find((candidate) => candidate.speakerId === request.speakerId);
  if (!voice) {
    const suggestions = closestMatches({input: request.speakerId, candidates: voices.map((candidate) => candidate.speakerId)});
    return `speakerId "${request.speakerId}" is not one of the account's voices.${suggestions.length ? ` Closest: ${suggestions.map((s) => `"${s}"`).join(', ')}.` : ''} Run \`npx remotion-narration voices\` for the list.`;
  }
  if (request.emotion !== null && !voice.emotions.some((emotion) => emotion.key === request.emotion && emotion.enabled)) {
    const enabled = voice.emotions.filter((emotion) => emotion.enabled).map((emotion) => `"${emotion.key}"`);
    return `voice "${request.speakerId}" does not enable the emotion "${request.emotion}". ${enabled.length ? `It enables ${enabled.join(', ')}.` : 'It has no emotions: remove "emotion".'}`;
  }
  return null;
};
