import {describe, expect, it} from 'vitest';
import {emptyManifest, manifestSchema, voiceOfComposition} from '../../src/core/manifest-schema.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';

const clip = (key: string, file = `narration/${key}.mp3`) => ({
  key,
  file,
  provider: 'kling',
  speakerId: 'uk_man2',
  text: 'Hello.',
  speed: 1,
  emotion: null,
  sizeInBytes: 10,
  sha256: 'a'.repeat(64),
  audio: {sampleRate: 24000, durationInSeconds: 1, leadingSilenceInSeconds: 0.1, trailingSilenceInSeconds: 0.1},
  createdAt: '2026-11-24T00:00:00.000Z',
});

describe('the manifest, as read from disk', () => {
  it('refuses a clip key or file that could point outside public/narration/', () => {
    const good = 'b'.repeat(20);
    expect(manifestSchema.safeParse({...emptyManifest(), clips: {[good]: clip(good)}}).success).toBe(true);
    for (const key of ['../../../victim', 'a/b', `${good}/../x`, '']) {
      expect(manifestSchema.safeParse({...emptyManifest(), clips: {[key]: clip(key)}}).success, key).toBe(false);
    }
    expect(manifestSchema.safeParse({...emptyManifest(), clips: {[good]: clip(good, '../../victim.mp3')}}).success).toBe(false);
    expect(manifestSchema.safeParse({...emptyManifest(), clips: {[good]: clip('c'.repeat(20))}}).success).toBe(false);
    expect(manifestSchema.safeParse({...emptyManifest(), moderated: {'../x': {reason: 'r', at: 'now'}}}).success).toBe(false);
  });

  it('gives each composition its own voice, with the default limits when none were recorded', () => {
    const manifest = manifestSchema.parse({...emptyManifest(), compositions: {Teaser: {provider: 'espeak-ng'}, Explainer: {provider: 'kling', limits: {maxCharacters: 90, maxSpeechInSeconds: 9}}}});
    expect(voiceOfComposition(manifest, 'Teaser')).toEqual({provider: 'espeak-ng', limits: {maxCharacters: 150, maxSpeechInSeconds: 15}});
    expect(voiceOfComposition(manifest, 'Explainer')).toEqual({provider: 'kling', limits: {maxCharacters: 90, maxSpeechInSeconds: 9}});
    expect(voiceOfComposition(emptyManifest(), 'Explainer')).toBeNull();
  });
});

describe('a render with many cues missing', () => {
  it('names a few of them and counts the rest, in one short line', async () => {
    const cues = Array.from({length: 64}, (_, index) => ({id: `cue-${index}`, text: `Line ${index} of a long narration.`}));
    const error = await resolveNarrationTimeline({
      narration: {voice: {speakerId: 'uk_man2'}, cues},
      manifest: emptyManifest(),
      fps: 30,
      compositionId: 'Long',
      allowMissing: false,
    }).catch((caught: Error) => caught);
    expect((error as Error).message).toContain('"cue-4" ("Line 4 of a long narration.") and 59 more have no audio yet');
    expect((error as Error).message.length).toBeLessThan(500);
    expect((error as Error).message).not.toContain('\n');
  });
});
