import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {measureMp3} from '../../src/node/mp3/measure-mp3.ts';
import {createDraftVoiceProvider} from '../../src/node/providers/draft-voice/create-draft-voice-provider.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {createScriptedProvider} from '../../src/node/providers/scripted/create-scripted-provider.ts';
import type {SpeechProvider, SpeechRequest} from '../../src/node/providers/speech-provider.ts';
import {FAKE_DEFAULT_SPEAKER_ID, startFakeUseapi, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';

/**
 * The contract every speech provider keeps, so that prepare can treat them alike: one table of
 * providers, one suite. Kling runs against the fake useapi.net over real HTTP.
 */
let fake: FakeUseapi;
beforeAll(async () => {
  fake = await startFakeUseapi();
});
afterAll(() => fake.close());

const providers: {name: string; make: () => SpeechProvider}[] = [
  {name: 'Kling (fake useapi.net)', make: () => createKlingProvider({token: fake.token, baseUrl: fake.baseUrl})},
  {name: 'draft voice (eSpeak NG)', make: () => createDraftVoiceProvider()},
  {name: 'scripted', make: () => createScriptedProvider()},
];

const request = (text: string, overrides: Partial<SpeechRequest> = {}): SpeechRequest => ({
  speakerId: FAKE_DEFAULT_SPEAKER_ID,
  text,
  speed: 1,
  emotion: null,
  ...overrides,
});

describe.each(providers)('speech provider contract: $name', ({make}) => {
  it('names itself and states its limits', () => {
    const provider = make();
    expect(provider.id).toMatch(/^[a-z0-9-]+(\/[A-Za-z0-9_+-]+)?$/);
    expect(make().id).toBe(provider.id); // the id is part of cache keys: stable
    expect(provider.description.length).toBeGreaterThan(5);
    expect(provider.limits.maxCharacters).toBeGreaterThan(0);
    expect(provider.limits.maxSpeechInSeconds).toBeGreaterThan(0);
    expect(provider.limits.setBy.length).toBeGreaterThan(0);
  });

  it('returns MP3 that decodes, longer for longer text and shorter at a higher speed', async () => {
    const provider = make();
    const measure = async (speech: SpeechRequest) =>
      (await measureMp3({data: (await provider.synthesize(speech)).mp3, name: 'clip'})).durationInSeconds;
    const short = await measure(request('A short line.'));
    const long = await measure(request('A much longer line, with many more words to say out loud than the first one.'));
    const fast = await measure(request('A much longer line, with many more words to say out loud than the first one.', {speed: 2}));
    expect(short).toBeGreaterThan(0.3);
    expect(long).toBeGreaterThan(short * 1.5);
    expect(fast).toBeLessThan(long * 0.8);
  });

  it('wraps the work that occupies the service in `schedule`, at most once per call', async () => {
    let scheduled = 0;
    const schedule = async <T>(work: () => Promise<T>): Promise<T> => {
      scheduled++;
      return work();
    };
    await make().synthesize(request('Scheduled speech.'), {schedule});
    expect(scheduled).toBeLessThanOrEqual(1);
  });

  it('rejects with the signal\'s reason when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped by the user'));
    await expect(make().synthesize(request('Never said.'), {signal: controller.signal})).rejects.toThrow('stopped by the user');
  });

  it('lists voices, if it can, as speaker ids with their emotions', async () => {
    const provider = make();
    if (!provider.listVoices) return;
    const voices = await provider.listVoices();
    expect(voices.length).toBeGreaterThan(0);
    for (const voice of voices) {
      expect(voice.speakerId.length).toBeGreaterThan(0);
      for (const emotion of voice.emotions) expect(typeof emotion.enabled).toBe('boolean');
    }
  });
});
