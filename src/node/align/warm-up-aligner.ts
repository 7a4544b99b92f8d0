import {loadEspeakEngine} from '../providers/draft-voice/espeak-engine.ts';
import {speakReference} from './speak-reference.ts';

/**
 * Loads eSpeak and speaks a word with it, so that the first clip stored afterwards does not pay
 * for starting it (~0.7 s the first time in a process). `prepare --watch` calls it once the first
 * run is done: the first edit is then as quick as the next ones. Failures are left to the clip
 * that meets them (see `measureWordTiming`).
 */
export const warmUpAligner = async (): Promise<void> => {
  try {
    const engine = await loadEspeakEngine();
    speakReference({engine, text: 'Ready.', language: 'en'});
  } catch {
    // Nothing to warm: measureWordTiming falls back by itself.
  }
};
