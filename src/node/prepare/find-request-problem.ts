import type {ClipRequest} from '../../core/clip-request.ts';
import {closestMatches} from '../../core/closest-matches.ts';
import type {Voice} from '../providers/speech-provider.ts';

/**
 * Longest text Kling TTS takes in one request. useapi.net documents both "at most 150
 * characters" and "speech up to 15 seconds"; the stricter one is enforced, for every provider,
 * so a narration drafted offline also works with Kling.
 */
export const MAX_TEXT_LENGTH = 150;
// The 15 s limit needs no check of its own: 150 characters at the slowest speed (0.8) are about
// 12 s of speech at the ~15 characters a second the timeline estimates with.

/**
 * What is wrong with a clip request that can be known before calling the service, as one
 * sentence with the fix, or null: empty or too long text and, when the voices list is known, an
 * unknown speaker or an emotion the speaker does not enable.
 */
export const findRequestProblem = ({request, voices}: {request: ClipRequest; voices: Voice[] | null}): string | null => {
  const length = [...request.text].length;
  if (length === 0) {
    return 'the text is empty. Write the line, or remove the cue.';
  }
  if (length > MAX_TEXT_LENGTH) {
    return `the text has ${length} characters, but Kling TTS takes at most ${MAX_TEXT_LENGTH} in one request. Split it into shorter cues.`;
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
