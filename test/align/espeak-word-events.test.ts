import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, it} from 'vitest';
import {loadEspeakEngine, type EspeakEngine} from '../../src/node/providers/draft-voice/espeak-engine.ts';
import {parseWav} from '../../src/node/providers/draft-voice/parse-wav.ts';

const enginePath = fileURLToPath(new URL('../../src/node/providers/draft-voice/espeak-engine.ts', import.meta.url));

let engine: EspeakEngine;
beforeAll(async () => {
  engine = await loadEspeakEngine();
});

const speak = (text: string, voice = 'en-us', rate = 175) => {
  const {wav, wordEvents} = engine.speak({args: ['-v', voice, '-s', String(rate)], text, voice});
  return {wordEvents, sampleCount: parseWav(wav).channels[0]!.length};
};
/** The text each event points at, by its code-point index and length. */
const eventTexts = (text: string, events: {characterIndex: number; characterCount: number}[]) =>
  events.map((event) => [...text].slice(event.characterIndex, event.characterIndex + event.characterCount).join(''));

describe("eSpeak's word events, read from the draft voice's engine", () => {
  it('gives each word its event, in order, at a sample inside the audio', () => {
    const text = 'Hello world, this is a test of many words.';
    const {wordEvents, sampleCount} = speak(text);
    expect(eventTexts(text, wordEvents!)).toEqual(['Hello', 'world', 'this', 'is', 'a', 'test', 'of', 'many', 'words']);
    const samples = wordEvents!.map((event) => event.sample);
    expect(samples).toEqual([...samples].sort((a, b) => a - b));
    expect(samples[0]).toBe(0);
    expect(samples.at(-1)!).toBeLessThan(sampleCount);
  });

  it('counts characters in code points, and gives a number one event per spoken word inside it', () => {
    const text = '😀 Buy 42 apples.';
    const {wordEvents} = speak(text);
    // "Buy" starts at code point 2 (the emoji is two UTF-16 units); "forty" and "two" both inside "42".
    expect(wordEvents!.map((event) => event.characterIndex).filter((index) => index >= 2)).toEqual([2, 6, 7, 9]);
  });

  it('gives Mandarin about one event per character', () => {
    const text = '今天天气很好。';
    const {wordEvents} = speak(text, 'cmn');
    expect(wordEvents!.length).toBeGreaterThanOrEqual(4);
    for (const event of wordEvents!) expect(event.characterIndex).toBeLessThan(6);
  });

  it('gives the same events and audio on every call, whatever ran in between (memory is restored)', () => {
    const text = 'One two three, four.';
    const first = engine.speak({args: ['-v', 'en-us', '-s', '175'], text, voice: 'en-us'});
    speak('Something else entirely, with a comma and 1,500 numbers.', 'en-us+f2', 300);
    speak('今天天气很好。', 'cmn');
    const again = engine.speak({args: ['-v', 'en-us', '-s', '175'], text, voice: 'en-us'});
    expect(again.wordEvents).toEqual(first.wordEvents);
    expect(Buffer.from(again.wav).equals(Buffer.from(first.wav))).toBe(true);
  });

  it('speaks, after many calls, exactly as a fresh process does (restoring memory skips the data files, which nothing writes)', async () => {
    // Word events included: a process whose first calls fail still finds them.
    const text = 'Restored memory, as good as new: 1,500 times.';
    const args = ['-v', 'en-us+m3', '-s', '175', '-p', '50'];
    const digest = ({wav, wordEvents}: {wav: Uint8Array; wordEvents: unknown}) =>
      createHash('sha256').update(wav).update(JSON.stringify(wordEvents)).digest('hex');
    for (const voice of ['en-gb', 'cmn', 'en-us+f2']) speak('Other voices and texts first.', voice);
    const here = digest(engine.speak({args, text, voice: 'en-us'}));
    const script = `
      import {createHash} from 'node:crypto';
      import {loadEspeakEngine} from ${JSON.stringify(enginePath)};
      const engine = await loadEspeakEngine();
      // Calls that only print an error must not use up the search for the event list.
      for (let i = 0; i < 10; i++) try { engine.speak({args: ['-v', 'xx-nonexistent'], text: 'x', voice: 'xx-nonexistent'}); } catch {}
      const {wav, wordEvents} = engine.speak({args: ${JSON.stringify(args)}, text: ${JSON.stringify(text)}, voice: 'en-us'});
      process.stdout.write(createHash('sha256').update(wav).update(JSON.stringify(wordEvents)).digest('hex'));
    `;
    const fresh = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {stdio: ['ignore', 'pipe', 'inherit']});
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.on('error', reject);
      child.on('close', () => resolve(output));
    });
    expect(fresh).toBe(here);
  });
});
