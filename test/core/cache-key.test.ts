import {describe, expect, it} from 'vitest';
import {cacheKeyForClip, LANGUAGE_BLIND_PROVIDER_IDS} from '../../src/core/cache-key.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {createDraftVoiceProvider} from '../../src/node/providers/draft-voice/create-draft-voice-provider.ts';
import {clipRequestsForCue, splitCue, type ClipRequest} from '../../src/core/clip-request.ts';
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

describe('cacheKeyForClip and the cue\'s language', () => {
  const narration: Narration = {voice: {speakerId: 'uk_man2'}, cues: []};
  const english = 'Hello there, and welcome to the course.';
  const chinese = '欢迎来到我们的课程。今天我们学习 Remotion。';
  const keysOf = async ({provider, text, language}: {provider: string; text: string; language?: 'en' | 'zh'}) =>
    Promise.all(clipRequestsForCue({narration, cue: {id: 'a', text, language}, provider}).map(cacheKeyForClip));

  // Computed by the code before cues had a language (main at f7c476f): paid Kling clips are
  // stored under these keys, and must stay valid.
  const KEYS_BEFORE_LANGUAGES = {
    kling: {english: 'c9ab00c7d7140f61b5f1', chinese: 'c12d35c738a9a29ee105'},
    draft: {english: '6a7736fa40109df13902', chinese: '7b40b0e1b2b7873a4ac1'},
  };

  it('keeps every Kling key as it was, English and Chinese, whatever the language says', async () => {
    expect(await keysOf({provider: 'kling', text: english})).toEqual([KEYS_BEFORE_LANGUAGES.kling.english]);
    expect(await keysOf({provider: 'kling', text: chinese})).toEqual([KEYS_BEFORE_LANGUAGES.kling.chinese]);
    // Kling is sent no language: saying it changes nothing.
    expect(await keysOf({provider: 'kling', text: english, language: 'zh'})).toEqual([KEYS_BEFORE_LANGUAGES.kling.english]);
    expect(await keysOf({provider: 'kling', text: chinese, language: 'en'})).toEqual([KEYS_BEFORE_LANGUAGES.kling.chinese]);
  });

  it('keeps the draft voice\'s English keys, and gives its Chinese clips new ones (they were spoken with English phonetics)', async () => {
    expect(await keysOf({provider: 'espeak-ng', text: english})).toEqual([KEYS_BEFORE_LANGUAGES.draft.english]);
    const [chineseKey] = await keysOf({provider: 'espeak-ng', text: chinese});
    expect(chineseKey).toMatch(/^[0-9a-f]{20}$/);
    expect(chineseKey).not.toBe(KEYS_BEFORE_LANGUAGES.draft.chinese);
    // A cue said to be English that has Chinese characters is still spoken in Mandarin (eSpeak's
    // English voice spells them out): the same key as without the language.
    expect(await keysOf({provider: 'espeak-ng', text: chinese, language: 'en'})).toEqual([chineseKey]);
    // An English line said to be Chinese is spoken by the Mandarin voice: a key of its own.
    const [englishAsChinese] = await keysOf({provider: 'espeak-ng', text: english, language: 'zh'});
    expect(englishAsChinese).not.toBe(KEYS_BEFORE_LANGUAGES.draft.english);
  });

  it('leaves the language out of the keys of Kling (as the provider names itself), not of the draft voice', () => {
    expect(LANGUAGE_BLIND_PROVIDER_IDS.has(createKlingProvider({token: 'user:1-x'}).id)).toBe(true);
    expect(LANGUAGE_BLIND_PROVIDER_IDS.has(createDraftVoiceProvider().id)).toBe(false);
  });

  it('treats a request without a language as English', async () => {
    const request: ClipRequest = {provider: 'espeak-ng', speakerId: 'uk_man2', text: 'Hi.', speed: 1, emotion: null};
    expect(await cacheKeyForClip(request)).toBe(await cacheKeyForClip({...request, language: 'en'}));
    expect(await cacheKeyForClip(request)).not.toBe(await cacheKeyForClip({...request, language: 'zh'}));
  });

  it('carries the cue\'s language into the split and every clip request', () => {
    const long = `${'今天我们学习如何用代码制作视频。'.repeat(12)}`;
    const split = splitCue({narration: {...narration, language: 'en'}, cue: {id: 'a', text: long}, provider: 'espeak-ng'});
    expect(split.language).toBe('zh');
    expect(split.clips.length).toBeGreaterThan(1);
    expect(split.clips.every((clip) => clip.request.language === 'zh')).toBe(true);
    const [latin] = clipRequestsForCue({narration: {...narration, language: 'zh'}, cue: {id: 'b', text: 'Hello.'}, provider: 'espeak-ng'});
    expect(latin!.language).toBe('zh');
    const [empty] = clipRequestsForCue({narration, cue: {id: 'c', text: ''}, provider: 'espeak-ng'});
    expect(empty!.language).toBe('en');
  });
});
