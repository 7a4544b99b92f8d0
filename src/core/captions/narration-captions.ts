import type {Caption} from '@remotion/captions';
import type {NarrationTimeline} from '../timeline.ts';

/**
 * The narration's words as `Caption`s of `@remotion/captions` (absolute times, written words —
 * not pronunciations, not marks), one per word, each but the first with a leading space as
 * `createTikTokStyleCaptions` expects. `confidence` is 1 where word times were measured on the
 * audio, null where they are estimated (a clip not generated yet, or not measured).
 */
export const narrationCaptions = (timeline: NarrationTimeline): Caption[] => {
  const captions: Caption[] = [];
  for (const cue of timeline.cues) {
    for (const clip of cue.clips) {
      const measured = clip.file !== null && clip.wordTimingBy !== 'estimate';
      for (const word of clip.words) {
        const startMs = Math.round(word.startInSeconds * 1000);
        captions.push({
          text: captions.length === 0 ? word.text : ` ${word.text}`,
          startMs,
          endMs: Math.max(startMs, Math.round(word.endInSeconds * 1000)),
          timestampMs: startMs,
          confidence: measured ? 1 : null,
        });
      }
    }
  }
  return captions;
};
