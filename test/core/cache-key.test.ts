import {describe, expect, it} from 'vitest';
import {cacheKeyForClip} from '../../src/core/cache-key.ts';
import {clipRequestsForCue, type ClipRequest} from '../../src/core/clip-request.ts';
import type {Narration} from '../../src/core/narration-schema.ts';

const base: ClipRequest = {provider: 'kling', speakerId: 'uk_man2', text: 'Hello there.', speed: 1, emotion: null};

describe('cacheKeyForClip', () => {
  it('is a stable 20-character hex hash', async () => {
    const key = await cacheKeyForClip(base);
    expect(key).toMatch(/^[0-9a-f]{20}$/);
    expect(await cacheKeyForClip({...base})).toBe(key);
  });

  it('changes with everything that changes the audio', async () => {
    const key = await cacheKeyForClip(base);
    const variants: ClipRequest[] = [
      {...base, provider: 'espeak-ng'},
      {...base, speakerId: 'uk_boy1'},
      {...base, text: 'Hello there!'},
      {...base, speed: 1.2},
      {...base, emotion: 'happy'},
    ];
    const keys = await Promise.all(variants.map(cacheKeyForClip));
    expect(new Set([key, ...keys]).size).toBe(variants.length + 1);
  });

  it('ignores the cue id and whitespace-only edits of the text', async () => {
    const narration: Narration = {voice: {speakerId: 'uk_man2'}, cues: []};
    const [first] = clipRequestsForCue({narration, cue: {id: 'intro', text: 'Hello   there.\n'}, provider: 'kling'});
    const [renamed] = clipRequestsForCue({narration, cue: {id: 'opening', text: ' Hello there.'}, provider: 'kling'});
    expect(await cacheKeyForClip(first!)).toBe(await cacheKeyForClip(renamed!));
  });

  it('takes the cue settings over the narration voice', () => {
    const narration: Narration = {voice: {speakerId: 'uk_man2', speed: 1.1, emotion: 'sad'}, cues: []};
    const [inherited] = clipRequestsForCue({narration, cue: {id: 'a', text: 'x'}, provider: 'kling'});
    const [own] = clipRequestsForCue({narration, cue: {id: 'b', text: 'x', speakerId: 'uk_boy1', speed: 0.9, emotion: 'happy'}, provider: 'kling'});
    expect(inherited).toMatchObject({speakerId: 'uk_man2', speed: 1.1, emotion: 'sad'});
    expect(own).toMatchObject({speakerId: 'uk_boy1', speed: 0.9, emotion: 'happy'});
  });
});
