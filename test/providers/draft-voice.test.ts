import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {MPEGDecoder} from 'mpg123-decoder';
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {InvalidInputError, isNarrationError} from '../../src/core/errors.ts';
import {createDraftVoiceProvider} from '../../src/node/providers/draft-voice/create-draft-voice-provider.ts';
import type {SpeechRequest} from '../../src/node/providers/speech-provider.ts';
import {wordsOf} from '../../src/core/text/words.ts';

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

/** Explainer prose in Mandarin, 158 Han characters: what the draft voice's rate was calibrated on. */
const chineseParagraphs = [
  '欢迎来到我们的课程。今天我们要学习如何用代码制作视频，这听起来可能有点复杂，但其实一点也不难。',
  '首先，我们需要准备一台电脑和一个文本编辑器。然后，我们会一步一步地写出第一个动画，并把它导出成视频文件。',
  '很多人问我，为什么不用传统的剪辑软件？答案很简单：代码可以重复使用，修改起来也更快，团队合作的时候尤其方便。',
];
const hanCount = (text: string) => [...text].filter((character) => /\p{Script=Han}/u.test(character)).length;

/** From the first to the last sample above -60 dBFS: the speech, without the clip's edges. */
const soundSpanInSeconds = ({samples, sampleRate}: {samples: Float32Array; sampleRate: number}) => {
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]!) < 0.001) first++;
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]!) < 0.001) last--;
  return (last - first) / sampleRate;
};

describe('the draft voice in Chinese', () => {
  const chinese = (overrides: Partial<SpeechRequest>) => provider.synthesize(request({language: 'zh', ...overrides}));

  it('speaks Mandarin at the pace of Kling-like narration, 0.2-0.25 s a character', async () => {
    const secondsPerCharacter = async ({texts, language}: {texts: string[]; language: SpeechRequest['language']}) => {
      let seconds = 0;
      for (const text of texts) seconds += soundSpanInSeconds(await decode((await provider.synthesize(request({text, language}))).mp3));
      return seconds / texts.reduce((sum, text) => sum + hanCount(text), 0);
    };
    // Calibrated to 0.223-0.229 s over five paragraphs with every variant; generous bounds.
    const mandarin = await secondsPerCharacter({texts: chineseParagraphs, language: 'zh'});
    expect(mandarin).toBeGreaterThan(0.19);
    expect(mandarin).toBeLessThan(0.26);
    // Without a language the characters decide: Mandarin too (eSpeak's English voice said
    // "Chinese letter" for each character, 0.67 s a character).
    const undeclared = await secondsPerCharacter({texts: chineseParagraphs.slice(0, 1), language: undefined});
    expect(undeclared).toBeGreaterThan(0.19);
    expect(undeclared).toBeLessThan(0.26);
  });

  it('speaks a line said to be English in Mandarin when it has Chinese characters, which its English voice would spell out', async () => {
    const text = 'In Chinese you say 你好 to greet someone.';
    const said = await provider.synthesize(request({text, language: 'en'}));
    expect(said.mp3).toEqual((await provider.synthesize(request({text, language: 'zh'}))).mp3);
  });

  it('gives every word of wordsOf(text), each Han character, a time in order within the clip', async () => {
    for (const text of chineseParagraphs) {
      const {mp3, wordTiming} = await chinese({text});
      const {durationInSeconds} = await decode(mp3);
      const words = wordsOf(text);
      expect(wordTiming?.words).toHaveLength(words.length);
      let previousEnd = 0;
      wordTiming!.words.forEach(([start, end], index) => {
        expect(start).toBeGreaterThanOrEqual(previousEnd - 1e-9);
        expect(end).toBeGreaterThanOrEqual(start);
        expect(end).toBeLessThanOrEqual(durationInSeconds + 1e-9);
        // A spoken character lasts (punctuation, unspoken, may not).
        if (hanCount(words[index]!.text) > 0) expect(end - start).toBeGreaterThan(0.05);
        previousEnd = end;
      });
    }
  });

  it('reads English words inside Chinese as words, not letter by letter, with no more than the words\' time', async () => {
    const text = '我们今天介绍 API 和 iPhone 16 的新功能，用 Remotion 做视频。';
    const {mp3, wordTiming} = await chinese({text});
    const {durationInSeconds} = await decode(mp3);
    // Measured 5.2 s; read as English before, 11 s.
    expect(durationInSeconds).toBeGreaterThan(3);
    expect(durationInSeconds).toBeLessThan(7.5);
    const words = wordsOf(text);
    const timeOf = (word: string) => {
      const [start, end] = wordTiming!.words[words.findIndex((each) => each.text === word)]!;
      return end - start;
    };
    // "Remotion" takes 0.40 s, "iPhone" 0.31 s: as words (spelled, each would be over 1.5 s).
    for (const word of ['Remotion', 'iPhone', 'API']) {
      expect(timeOf(word)).toBeGreaterThan(0.1);
      expect(timeOf(word)).toBeLessThan(1);
    }
  });

  it('keeps each speaker\'s variation in Chinese, and the same request gives the same bytes', async () => {
    const text = '欢迎来到我们的课程。';
    const man = (await chinese({text, speakerId: 'uk_man2'})).mp3;
    const boy = (await chinese({text, speakerId: 'uk_boy1'})).mp3;
    expect(Buffer.from(boy).equals(Buffer.from(man))).toBe(false);
    expect(Buffer.from((await chinese({text, speakerId: 'uk_man2'})).mp3).equals(Buffer.from(man))).toBe(true);
  });

  it('reads any other language as English, as before (Kling speaks only English and Chinese)', async () => {
    const text = '¿Dónde está la biblioteca?';
    const unsaid = await speak({text});
    expect(Buffer.from(await speak({text, language: 'en'})).equals(Buffer.from(unsaid))).toBe(true);
  });
});
