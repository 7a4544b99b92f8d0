import {MPEGDecoder} from 'mpg123-decoder';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {
  FAKE_DEFAULT_SPEAKER_ID,
  FAKE_MODERATION_BODY,
  fakeClipIsTagged,
  startFakeUseapi,
  type FakeMp3Style,
  type FakeUseapi,
} from './fake-useapi-server.ts';
import {
  readMp3Frames,
  synthesizeTestSpeech,
  synthesizeTestSpeechPcm,
  TEST_SPEECH_LEADING_SILENCE_IN_SECONDS,
  TEST_SPEECH_TRAILING_SILENCE_IN_SECONDS,
  testSpeechDurationInSeconds,
} from './test-speech.ts';

/**
 * lamejs writes no LAME tag, so mpg123 cannot trim the 576 + 529 samples of codec delay from
 * untagged clips; tagged clips (the fake's default mixes both) decode without it.
 */
const CODEC_DELAY_SAMPLES = 1105;
const SILENCE_THRESHOLD = 10 ** (-50 / 20);

let fake: FakeUseapi;

beforeAll(async () => {
  fake = await startFakeUseapi();
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.reset();
});

const createUrl = () => `${fake.baseUrl}/v1/kling/tts/create`;

const postJson = (body: unknown, token = fake.token) =>
  fetch(createUrl(), {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Authorization: `Bearer ${token}`},
    body: JSON.stringify(body),
  });

/** Whether the first frame holds a Xing/Info tag (MPEG-1 mono: after 4 + 17 bytes). */
const hasInfoTag = (mp3: Uint8Array): boolean => Buffer.from(mp3.subarray(21, 25)).toString('latin1') === 'Info';

const decode = async (mp3: Uint8Array) => {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const {channelData, samplesDecoded, sampleRate} = decoder.decode(mp3);
    return {samples: channelData[0]!.subarray(0, samplesDecoded), sampleRate, durationInSeconds: samplesDecoded / sampleRate};
  } finally {
    decoder.free();
  }
};

/** Creates a clip through `on` (default: the shared fake) and downloads it. */
const speak = async (text: string, speed?: number, on: FakeUseapi = fake) => {
  const response = await fetch(`${on.baseUrl}/v1/kling/tts/create`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Authorization: `Bearer ${on.token}`},
    body: JSON.stringify({speakerId: FAKE_DEFAULT_SPEAKER_ID, text, ...(speed === undefined ? {} : {speed})}),
  });
  expect(response.status).toBe(200);
  const {resource} = (await response.json()) as {resource: string};
  const download = await fetch(resource);
  expect(download.status).toBe(200);
  return new Uint8Array(await download.arrayBuffer());
};

describe('fake useapi: voices', () => {
  it('lists voices with emotions, one without any', async () => {
    const response = await fetch(`${fake.baseUrl}/v1/kling/tts/voices?email=narrator%40example.com`, {
      headers: {Authorization: `Bearer ${fake.token}`},
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {ttsList: {speakerId: string; emotions: {key: string; enable: boolean}[]}[]; typeList: string[]};
    expect(body.typeList).toEqual(['en', 'zh']);
    expect(body.ttsList.map((voice) => voice.speakerId)).toContain('uk_boy1');
    expect(body.ttsList.some((voice) => voice.emotions.length === 0)).toBe(true);
    expect(body.ttsList.some((voice) => voice.emotions.some((emotion) => !emotion.enable))).toBe(true);
    expect(fake.requests[0]).toMatchObject({method: 'GET', path: '/v1/kling/tts/voices?email=narrator%40example.com'});
  });

  it('refuses a request without the token', async () => {
    const response = await fetch(`${fake.baseUrl}/v1/kling/tts/voices`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({error: 'Unauthorized', code: 401});
  });
});

describe('fake useapi: create', () => {
  it('accepts the token in the documented form and answers with a resource URL', async () => {
    expect(fake.token).toMatch(/^user:\d+-[A-Za-z0-9]{20}$/);
    const response = await postJson({speakerId: 'uk_boy1', text: 'Hello, world!', emotion: 'happy'});
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({status: 99, status_name: 'succeed', status_final: true});
    expect(body.resource).toMatch(new RegExp(`^${fake.baseUrl}/resource/[a-z0-9]+\\.mp3$`));
  });

  it('accepts multipart/form-data with string fields', async () => {
    const form = new FormData();
    form.set('speakerId', 'reader_en_m-v1');
    form.set('text', 'Multipart works.');
    form.set('speed', '1.2');
    const response = await fetch(createUrl(), {method: 'POST', headers: {Authorization: `Bearer ${fake.token}`}, body: form});
    expect(response.status).toBe(200);
    expect(fake.requests[0]!.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(fake.requests[0]!.body).toEqual({speakerId: 'reader_en_m-v1', text: 'Multipart works.', speed: '1.2'});
  });

  it('answers 401 for a wrong token before looking at the body', async () => {
    const response = await postJson({speakerId: 'nobody', text: ''}, `${fake.token}x`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({error: 'Unauthorized', code: 401});
  });

  it('answers 400 for an unknown speakerId', async () => {
    const response = await postJson({speakerId: 'no_such_voice', text: 'Hello'});
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({error: 'Unable to locate speakerId'});
  });

  it.each([
    ['empty text', {text: '  '}],
    ['speed out of range', {text: 'Hi', speed: 2.5}],
    ['speed as a string in JSON', {text: 'Hi', speed: '1.2'}],
    ['a disabled emotion', {speakerId: 'uk_boy1', text: 'Hi', emotion: 'sad'}],
    ['an emotion on a voice without emotions', {speakerId: 'oversea_male1', text: 'Hi', emotion: 'neutral'}],
    ['text over 150 characters', {text: 'a'.repeat(151)}],
  ])('answers 400 for %s', async (_, body) => {
    const response = await postJson({speakerId: FAKE_DEFAULT_SPEAKER_ID, ...body});
    expect(response.status).toBe(400);
    expect(((await response.json()) as {error: string}).error).toMatch(/\w/);
  });

  it('answers the moderation 500 for moderated words', async () => {
    const response = await postJson({speakerId: FAKE_DEFAULT_SPEAKER_ID, text: 'A scene of VIOLENCE.'});
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual(FAKE_MODERATION_BODY);
  });
});

describe('fake useapi: resources', () => {
  it('serves an MP3 that decodes to the expected length with speech after 0.12 s', async () => {
    const text = 'The quick brown fox.';
    const download = await fetch(((await (await postJson({speakerId: FAKE_DEFAULT_SPEAKER_ID, text})).json()) as {resource: string}).resource);
    expect(download.headers.get('content-type')).toBe('audio/mpeg');
    const mp3 = new Uint8Array(await download.arrayBuffer());
    expect(Number(download.headers.get('content-length'))).toBe(mp3.length);

    const {samples, sampleRate, durationInSeconds} = await decode(mp3);
    expect(sampleRate).toBe(44100);
    expect(Math.abs(durationInSeconds - testSpeechDurationInSeconds({text, speed: 1}))).toBeLessThan(0.1);

    let first = -1;
    let last = -1;
    let longestGap = 0;
    let gapStart = -1;
    for (let i = 0; i < samples.length; i++) {
      if (Math.abs(samples[i]!) > SILENCE_THRESHOLD) {
        if (first === -1) first = i;
        if (gapStart !== -1) longestGap = Math.max(longestGap, i - gapStart);
        gapStart = -1;
        last = i;
      } else if (first !== -1 && gapStart === -1) {
        gapStart = i;
      }
    }
    expect(hasInfoTag(mp3)).toBe(fakeClipIsTagged(text));
    const delay = fakeClipIsTagged(text) ? 0 : CODEC_DELAY_SAMPLES;
    const leadingInSeconds = (first - delay) / sampleRate;
    expect(leadingInSeconds).toBeGreaterThan(TEST_SPEECH_LEADING_SILENCE_IN_SECONDS - 0.005);
    expect(leadingInSeconds).toBeLessThan(TEST_SPEECH_LEADING_SILENCE_IN_SECONDS + 0.005);
    expect((samples.length - 1 - last) / sampleRate).toBeGreaterThan(TEST_SPEECH_TRAILING_SILENCE_IN_SECONDS - 0.01);
    expect(longestGap / sampleRate).toBeLessThan(0.06);
  });

  it('makes longer audio for longer text and shorter audio for higher speed', async () => {
    const short = await decode(await speak('Short line.'));
    const long = await decode(await speak('A much longer line of narration.'));
    const fast = await decode(await speak('A much longer line of narration.', 2));
    expect(long.durationInSeconds - short.durationInSeconds).toBeGreaterThan(1);
    expect(long.durationInSeconds - fast.durationInSeconds).toBeGreaterThan(0.8);
    expect(Math.abs(fast.durationInSeconds - testSpeechDurationInSeconds({text: 'A much longer line of narration.', speed: 2}))).toBeLessThan(0.1);
  });

  it('answers 404 for an unknown resource', async () => {
    const response = await fetch(`${fake.baseUrl}/resource/nothing.mp3`);
    expect(response.status).toBe(404);
  });

  it('synthesizes deterministically', () => {
    const a = synthesizeTestSpeech({text: 'Same text', speed: 1.2});
    const b = synthesizeTestSpeech({text: 'Same text', speed: 1.2});
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const c = synthesizeTestSpeech({text: 'Same text', speed: 1.2, gaplessTag: true});
    const d = synthesizeTestSpeech({text: 'Same text', speed: 1.2, gaplessTag: true});
    expect(Buffer.from(c).equals(Buffer.from(d))).toBe(true);
  });
});

describe('fake useapi: mp3Style', () => {
  const texts = ['One.', 'Two lines of narration.', 'The third clip.', 'Four score.', 'Fifth and last line here.', 'Six.', 'Seven is a prime.', 'Eight.'];
  const others: FakeUseapi[] = [];
  const start = async (mp3Style?: FakeMp3Style) => {
    const other = await startFakeUseapi(mp3Style === undefined ? {} : {mp3Style});
    others.push(other);
    return other;
  };
  afterAll(async () => {
    await Promise.all(others.map((other) => other.close()));
  });

  it('defaults to mixed: tagged or not by text, both kinds among a few clips, stable per text', async () => {
    expect(fake.mp3Style).toBe('mixed');
    const kinds = texts.map((text) => fakeClipIsTagged(text));
    expect(kinds).toContain(true);
    expect(kinds).toContain(false);
    for (const [i, text] of texts.entries()) {
      const mp3 = await speak(text);
      expect(hasInfoTag(mp3), text).toBe(kinds[i]);
      expect(Buffer.from(await speak(text)).equals(Buffer.from(mp3))).toBe(true);
    }
  });

  it('serves only tagged or only untagged clips when asked, from separate cache entries', async () => {
    const tagged = await start('tagged');
    const untagged = await start('untagged');
    expect(tagged.mp3Style).toBe('tagged');
    const text = texts[1]!;
    // Both orders through the shared cache: the style must be part of its key.
    const fromUntagged = await speak(text, 1.1, untagged);
    const fromTagged = await speak(text, 1.1, tagged);
    expect(Buffer.from(await speak(text, 1.1, untagged)).equals(Buffer.from(fromUntagged))).toBe(true);

    const source = synthesizeTestSpeechPcm({text, speed: 1.1});
    expect(hasInfoTag(fromTagged)).toBe(true);
    expect(hasInfoTag(fromUntagged)).toBe(false);
    // The tagged clip is the untagged one with an Info frame in front.
    const infoFrame = readMp3Frames(fromTagged)[0]!;
    expect(Buffer.from(fromTagged.subarray(infoFrame.size)).equals(Buffer.from(fromUntagged))).toBe(true);

    const decodedTagged = await decode(fromTagged);
    const decodedUntagged = await decode(fromUntagged);
    expect(decodedTagged.samples.length).toBe(source.length);
    expect(decodedUntagged.samples.length).toBe(readMp3Frames(fromUntagged).length * 1152);
    expect(decodedUntagged.samples.length - source.length).toBeGreaterThan(CODEC_DELAY_SAMPLES);

    for (const text of texts) {
      expect(hasInfoTag(await speak(text, undefined, tagged))).toBe(true);
      expect(hasInfoTag(await speak(text, undefined, untagged))).toBe(false);
    }
  });

  it('is part of the cache key under mixed too: the same text is never served in the other style', async () => {
    const text = texts.find((candidate) => !fakeClipIsTagged(candidate))!;
    const tagged = await start('tagged');
    expect(hasInfoTag(await speak(text, 1.3, tagged))).toBe(true);
    expect(hasInfoTag(await speak(text, 1.3))).toBe(false);
  });
});

describe('fake useapi: faults and counters', () => {
  it('answers the queued faults in order, then normally', async () => {
    fake.failNext('create', {status: 429, body: {error: 'All accounts busy'}, headers: {'Retry-After': '2'}});
    fake.failNext('create', {status: 502, body: '<html><body>Bad Gateway</body></html>'});
    const first = await postJson({speakerId: FAKE_DEFAULT_SPEAKER_ID, text: 'Hi'});
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    const second = await postJson({speakerId: FAKE_DEFAULT_SPEAKER_ID, text: 'Hi'});
    expect(second.status).toBe(502);
    expect(second.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await second.text()).toContain('Bad Gateway');
    expect((await postJson({speakerId: FAKE_DEFAULT_SPEAKER_ID, text: 'Hi'})).status).toBe(200);
    expect(fake.count('/v1/kling/tts/create')).toBe(3);
    expect(fake.count('/resource/')).toBe(0);
  });

  it('repeats a fault `times` times', async () => {
    fake.failNext('create', {status: 596, body: {error: 'Account x@example.com in error state: refresh token rejected', code: 596}}, 2);
    expect((await postJson({speakerId: FAKE_DEFAULT_SPEAKER_ID, text: 'Hi'})).status).toBe(596);
    expect((await postJson({speakerId: FAKE_DEFAULT_SPEAKER_ID, text: 'Hi'})).status).toBe(596);
    expect((await postJson({speakerId: FAKE_DEFAULT_SPEAKER_ID, text: 'Hi'})).status).toBe(200);
  });

  it('can reset the connection', async () => {
    fake.failNext('create', {kind: 'reset-connection'});
    await expect(postJson({speakerId: FAKE_DEFAULT_SPEAKER_ID, text: 'Hi'})).rejects.toThrow();
    expect(fake.count('/v1/kling/tts/create')).toBe(1);
  });

  it('can cut a resource download short of its Content-Length', async () => {
    const {resource} = (await (await postJson({speakerId: FAKE_DEFAULT_SPEAKER_ID, text: 'Hi'})).json()) as {resource: string};
    fake.failNext('resource', {kind: 'truncated-body'});
    const response = await fetch(resource);
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
    expect((await fetch(resource)).status).toBe(200);
  });

  it('closes with a request still hanging', async () => {
    const other = await startFakeUseapi();
    other.failNext('voices', {kind: 'hang'});
    const pending = fetch(`${other.baseUrl}/v1/kling/tts/voices`, {headers: {Authorization: `Bearer ${other.token}`}});
    while (other.count('/v1/kling/tts/voices') === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await other.close();
    await expect(pending).rejects.toThrow();
  });
});
