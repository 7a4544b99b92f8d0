import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {MPEGDecoder} from 'mpg123-decoder';
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {InvalidInputError, isNarrationError} from '../../src/core/errors.ts';
import {createDraftVoiceProvider} from '../../src/node/providers/draft-voice/create-draft-voice-provider.ts';
import type {SpeechRequest} from '../../src/node/providers/speech-provider.ts';

const providerPath = fileURLToPath(new URL('../../src/node/providers/draft-voice/create-draft-voice-provider.ts', import.meta.url));
const provider = createDraftVoiceProvider();

const tenWords = 'The quick brown fox jumps over the lazy dog again.';
const thirtyWords =
  'The quick brown fox jumps over the lazy dog again. Then it runs across the green field, ' +
  'past the old mill, and down to the river where the boats are waiting.';

const request = (overrides: Partial<SpeechRequest> = {}): SpeechRequest => ({
  speakerId: 'uk_man2',
  text: tenWords,
  speed: 1,
  emotion: null,
  ...overrides,
});

const decode = async (mp3: Uint8Array) => {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const {channelData, samplesDecoded, sampleRate, errors} = decoder.decode(mp3);
    expect(errors).toEqual([]);
    const samples = channelData[0] ?? new Float32Array();
    return {samples, sampleRate, durationInSeconds: samplesDecoded / sampleRate};
  } finally {
    decoder.free();
  }
};

const rms = (samples: Float32Array) => {
  let sum = 0;
  for (const sample of samples) {
    sum += sample * sample;
  }
  return Math.sqrt(sum / samples.length);
};

const speak = async (overrides: Partial<SpeechRequest> = {}) => (await provider.synthesize(request(overrides))).mp3;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createDraftVoiceProvider', () => {
  beforeAll(async () => {
    // The first call loads the 18 MB WASM module; keep that out of the tests' timeouts.
    await speak();
  }, 60_000);

  it('identifies itself as eSpeak NG', () => {
    expect(provider.id).toBe('espeak-ng');
    expect(provider.description).toContain('eSpeak NG');
  });

  it('speaks a sentence as audible 22.05 kHz MP3 of a plausible length', async () => {
    const {samples, sampleRate, durationInSeconds} = await decode(await speak());
    expect(sampleRate).toBe(22_050);
    expect(durationInSeconds).toBeGreaterThan(2);
    expect(durationInSeconds).toBeLessThan(6);
    // Silence is 0; speech at eSpeak's default amplitude is around 0.1.
    expect(rms(samples)).toBeGreaterThan(0.02);
  });

  it('gives a longer clip for a longer text', async () => {
    const short = await decode(await speak());
    const long = await decode(await speak({text: thirtyWords}));
    expect(long.durationInSeconds).toBeGreaterThan(short.durationInSeconds * 2);
  });

  it('speaks faster at speed 2', async () => {
    const normal = await decode(await speak({speed: 1}));
    const fast = await decode(await speak({speed: 2}));
    expect(fast.durationInSeconds).toBeLessThan(normal.durationInSeconds * 0.7);
  });

  it('gives different speakers different voices, and the same request the same bytes', async () => {
    const man = await speak({speakerId: 'uk_man2'});
    const boy = await speak({speakerId: 'uk_boy1'});
    expect(Buffer.from(boy).equals(Buffer.from(man))).toBe(false);
    expect(Buffer.from(await speak({speakerId: 'uk_man2'})).equals(Buffer.from(man))).toBe(true);
    // eSpeak has no emotions.
    expect(Buffer.from(await speak({speakerId: 'uk_man2', emotion: 'happy'})).equals(Buffer.from(man))).toBe(true);
  });

  it('gives the same bytes whatever the clock says (eSpeak seeds its breath noise from it)', async () => {
    // en-us+f2 adds random breath noise.
    const breathy = createDraftVoiceProvider({voice: 'en-us+f2'});
    const at = async (dateNowMs: number) => {
      vi.spyOn(Date, 'now').mockReturnValue(dateNowMs);
      const {mp3} = await breathy.synthesize(request());
      vi.restoreAllMocks();
      return Buffer.from(mp3);
    };
    expect((await at(1_700_000_000_000)).equals(await at(1_800_000_000_000))).toBe(true);
  });

  it('serves concurrent calls, each with its own audio', async () => {
    const requests = [
      request({text: 'First of several sentences spoken at the same time.'}),
      request({text: 'Second one, by another speaker.', speakerId: 'uk_boy1'}),
      request({text: '- A line that starts with a dash is text, not an option.'}),
      request({text: 'Café, naïve, résumé: UTF-8 is fine.', speed: 1.5}),
      request({text: thirtyWords, speakerId: 'oversea_male1'}),
      request({text: 'Last.'}),
    ];
    const together = await Promise.all(requests.map((each) => provider.synthesize(each)));
    for (const [index, each] of requests.entries()) {
      const alone = await provider.synthesize(each);
      expect(Buffer.from(together[index]!.mp3).equals(Buffer.from(alone.mp3))).toBe(true);
      const {durationInSeconds, samples} = await decode(alone.mp3);
      expect(durationInSeconds).toBeGreaterThan(0.3);
      expect(rms(samples)).toBeGreaterThan(0.02);
    }
  });

  it('synthesizes inside the caller\'s `schedule`, so prepare\'s --concurrency holds', async () => {
    let scheduled = 0;
    let inside = 0;
    let mostInside = 0;
    // One at a time, as prepare's limiter with --concurrency 1.
    let queue: Promise<unknown> = Promise.resolve();
    const schedule = <T,>(work: () => Promise<T>): Promise<T> => {
      scheduled++;
      const run = queue.then(async () => {
        inside++;
        mostInside = Math.max(mostInside, inside);
        try {
          return await work();
        } finally {
          inside--;
        }
      });
      queue = run.catch(() => undefined);
      return run;
    };
    const texts = ['One at a time.', 'Two at a time.', 'Three at a time.'];
    const clips = await Promise.all(texts.map((text) => provider.synthesize(request({text}), {schedule})));
    expect(scheduled).toBe(texts.length);
    expect(mostInside).toBe(1);
    expect(clips.every((clip) => clip.mp3.byteLength > 1000)).toBe(true);
  });

  it('lets timers run between clips, so a long run never stalls the lock\'s renewals or Ctrl-C', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const ticksAtEachClip: number[] = [];
      await Promise.all(
        ['First clip.', 'Second clip.', 'Third clip.', 'Fourth clip.'].map(async (text) => {
          await provider.synthesize(request({text}));
          ticksAtEachClip.push(ticks);
        }),
      );
      // Before each clip's work, a turn of the event loop in which the (due) timer ran.
      for (let i = 1; i < ticksAtEachClip.length; i++) expect(ticksAtEachClip[i]).toBeGreaterThan(ticksAtEachClip[i - 1]!);
    } finally {
      clearInterval(timer);
    }
  });

  it('fails with InvalidInputError for an unknown voice, and keeps working', async () => {
    const exitCodeBefore = process.exitCode;
    const error: unknown = await createDraftVoiceProvider({voice: 'xx-nonexistent'})
      .synthesize(request())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(isNarrationError(error) && error.message).toContain('"xx-nonexistent" is not an eSpeak NG voice');
    // Emscripten's exit(1) sets process.exitCode; the provider puts it back.
    expect(process.exitCode).toBe(exitCodeBefore);
    expect((await decode(await speak())).durationInSeconds).toBeGreaterThan(2);
  });

  it('prints nothing, also when eSpeak fails', async () => {
    // In a child process: vitest's console does not reach process.stdout/stderr of the worker.
    const script = `
      import {createDraftVoiceProvider} from ${JSON.stringify(providerPath)};
      const request = {speakerId: 'uk_man2', text: 'Quietly.', speed: 1, emotion: null};
      const {mp3} = await createDraftVoiceProvider().synthesize(request);
      const error = await createDraftVoiceProvider({voice: 'xx-nonexistent'}).synthesize(request).catch((e) => e);
      if (mp3.byteLength < 1000 || error?.name !== 'InvalidInputError') process.exitCode = 3;
    `;
    const result = await new Promise<{code: number | null; output: string}>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({code, output}));
    });
    expect(result).toEqual({code: 0, output: ''});
  });

  it('rejects a malformed voice when the provider is made', () => {
    expect(() => createDraftVoiceProvider({voice: 'en us; rm'})).toThrow(InvalidInputError);
  });

  it('stops when the signal is aborted', async () => {
    const before = new AbortController();
    before.abort(new Error('cancelled before'));
    await expect(provider.synthesize(request(), {signal: before.signal})).rejects.toThrow('cancelled before');

    const during = new AbortController();
    const pending = provider.synthesize(request(), {signal: during.signal});
    during.abort(new Error('cancelled during'));
    await expect(pending).rejects.toThrow('cancelled during');
  });
});

describe('draft voice cache identity', () => {
  it('gives each eSpeak voice its own provider id, so en-gb never reuses en-us clips', () => {
    expect(createDraftVoiceProvider().id).toBe('espeak-ng');
    expect(createDraftVoiceProvider({voice: 'en-gb'}).id).toBe('espeak-ng/en-gb');
    expect(createDraftVoiceProvider({voice: 'en-us+f2'}).id).toBe('espeak-ng/en-us+f2');
  });
});
