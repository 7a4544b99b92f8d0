import {DEFAULT_TARGET_LUFS} from '../core/loudness/narration-gain.ts';
import type {VoiceLoudness} from '../core/loudness/voice-loudness.ts';

/**
 * The line `prepare` and `plan` print about the voices' loudness, as the service made them (so a
 * voice far from the others shows); null while no cue is measured.
 */
export const voiceLoudnessLine = (voices: readonly VoiceLoudness[]): string | null => {
  const measured = voices.filter((voice) => voice.loudnessLufs !== null);
  if (measured.length === 0) return null;
  const each = measured.map((voice) => `${voice.speakerId} ${voice.loudnessLufs!.toFixed(1)} LUFS (${voice.cues} cue(s))`).join(', ');
  return `Loudness as the voice speaks it: ${each}. <Narration> levels every cue to its target (${DEFAULT_TARGET_LUFS} LUFS by default).`;
};
