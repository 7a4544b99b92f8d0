import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {
  AccountError,
  AuthenticationError,
  InvalidAudioError,
  InvalidInputError,
  ModerationError,
  SpeechServiceError,
} from '../../src/core/errors.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {estimateSpeechInSeconds} from '../../src/core/text/estimate-speech.ts';
import {prepareNarration, type PrepareEvent} from '../../src/node/prepare/prepare-narration.ts';
import {createKlingProvider} from '../../src/node/providers/kling/create-kling-provider.ts';
import {startFakeUseapi, type Fault, type FaultRoute, type FakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {expectConsistentCache} from '../helpers/expect-consistent-cache.ts';

const CREATE = '/v1/kling/tts/create';
const RESOURCE = '/resource/';
const VOICES = '/v1/kling/tts/voices';
const MAX_RETRIES = 3;

type Outcome = 'recovered' | {name: string};
type Row = {
  fault: string;
  inject: [FaultRoute, Fault, number?][];
  outcome: Outcome;
  /** Requests made: create and resource download. */
  create: number;
  resource: number;
};

const retried = (route: FaultRoute, fault: Fault): Pick<Row, 'inject' | 'outcome'> => ({inject: [[route, fault]], outcome: 'recovered'});
const htmlPage = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>';

/** One row per fault: what the fake does, what prepare must end with, how many requests it may make. */
const rows: Row[] = [
  {fault: 'connection reset on create', ...retried('create', {kind: 'reset-connection'}), create: 2, resource: 1},
  {fault: 'create times out', ...retried('create', {kind: 'hang'}), create: 2, resource: 1},
  {fault: '429, no Retry-After', ...retried('create', {status: 429, body: {error: 'All accounts are busy'}}), create: 2, resource: 1},
  {fault: '429 with Retry-After: 1', ...retried('create', {status: 429, body: {error: 'busy'}, headers: {'Retry-After': '1'}}), create: 2, resource: 1},
  {fault: '500 that is not moderation', ...retried('create', {status: 500, body: {error: 'Internal error', message: 'Service busy (CM_EXT.POther)'}}), create: 2, resource: 1},
  {fault: '502 with an HTML body', ...retried('create', {status: 502, body: htmlPage}), create: 2, resource: 1},
  {fault: '503 with an HTML body', ...retried('create', {status: 503, body: htmlPage}), create: 2, resource: 1},
  {fault: '504 with an HTML body', ...retried('create', {status: 504, body: htmlPage}), create: 2, resource: 1},
  {fault: '200 with malformed JSON', ...retried('create', {status: 200, body: '{"resource": "http://'}), create: 2, resource: 1},
  {fault: '200, status "processing", not final', ...retried('create', {status: 200, body: {status: 10, status_name: 'processing', status_final: false}}), create: 2, resource: 1},
  {fault: '200, status "failed"', ...retried('create', {status: 200, body: {status: 50, status_name: 'failed', status_final: true}}), create: 2, resource: 1},
  {fault: 'download 404', ...retried('resource', {status: 404, body: 'Not Found'}), create: 1, resource: 2},
  {fault: 'download 403', ...retried('resource', {status: 403, body: htmlPage}), create: 1, resource: 2},
  {fault: 'download is an HTML page (200)', ...retried('resource', {status: 200, body: htmlPage}), create: 1, resource: 2},
  {fault: 'download shorter than Content-Length', ...retried('resource', {kind: 'truncated-body'}), create: 1, resource: 2},
  {fault: 'download connection reset', ...retried('resource', {kind: 'reset-connection'}), create: 1, resource: 2},
  {fault: 'download is not MP3 (200 audio/mpeg)', ...retried('resource', {status: 200, body: 'ID3 not really audio', headers: {'Content-Type': 'audio/mpeg'}}), create: 1, resource: 2},
  {fault: '200 with a resource URL and no status at all', ...retried('create', {kind: 'success-body', body: (resource) => ({resource})}), create: 1, resource: 1},
  {fault: '200 with status "99" and status_final "true" as strings', ...retried('create', {kind: 'success-body', body: (resource) => ({resource, status: '99', status_name: 'succeed', status_final: 'true'})}), create: 1, resource: 1},
  {fault: 'download fails twice: the same URL once more, then a new create', inject: [['resource', {status: 404, body: 'Not Found'}, 2]], outcome: 'recovered', create: 2, resource: 3},
  {fault: 'download gzip-encoded (Content-Length of the compressed bytes)', inject: [['resource', {kind: 'gzip'}]], outcome: 'recovered', create: 1, resource: 1},
  {
    fault: '500 whose error describes the input, every time',
    inject: [['create', {status: 500, body: {error: 'Text contains unsupported characters', message: 'Service busy (CM_EXT.POther)'}}, 10]],
    outcome: {name: SpeechServiceError.name},
    create: 2,
    resource: 0,
  },
  {
    fault: 'moderation worded "content violation" (500)',
    inject: [['create', {status: 500, body: {error: 'Content violation detected, please modify and retry', message: 'Service busy'}}]],
    outcome: {name: ModerationError.name},
    create: 1,
    resource: 0,
  },
  {
    fault: 'moderation in a 200 with status "failed"',
    inject: [['create', {status: 200, body: {status: 50, status_name: 'failed', status_final: true, error: 'Sensitive words in the text'}}]],
    outcome: {name: ModerationError.name},
    create: 1,
    resource: 0,
  },
  {
    fault: '503 every time',
    inject: [['create', {status: 503, body: htmlPage}, 10]],
    outcome: {name: SpeechServiceError.name},
    create: MAX_RETRIES + 1,
    resource: 0,
  },
  {
    fault: 'moderation (500, guidelines text)',
    inject: [['create', {status: 500, body: {error: 'The content you uploaded appears to violate the community guidelines. (CM_EXT.POther)', message: 'Service busy (CM_EXT.POther)'}}]],
    outcome: {name: ModerationError.name},
    create: 1,
    resource: 0,
  },
  {fault: '400 invalid parameter', inject: [['create', {status: 400, body: {error: 'Unable to locate speakerId'}}]], outcome: {name: InvalidInputError.name}, create: 1, resource: 0},
  {fault: '401 Unauthorized', inject: [['create', {status: 401, body: {error: 'Unauthorized', code: 401}}]], outcome: {name: AuthenticationError.name}, create: 1, resource: 0},
  {fault: '402 subscription expired', inject: [['create', {status: 402, body: {error: 'Subscription expired', code: 402}}]], outcome: {name: AccountError.name}, create: 1, resource: 0},
  {
    fault: '596 account in error state',
    inject: [['create', {status: 596, body: {error: 'Account x@example.com in error state: refresh token rejected', code: 596}}]],
    outcome: {name: AccountError.name},
    create: 1,
    resource: 0,
  },
];

const narration = (cues: Narration['cues'], voice: Narration['voice'] = {speakerId: 'uk_man2'}): Narration => ({voice, cues});

describe('fault matrix: prepare against a failing useapi.net', () => {
  let fake: FakeUseapi;
  let publicDir: string;
  const table: string[] = [];

  beforeAll(async () => {
    fake = await startFakeUseapi();
  });
  afterAll(async () => {
    await fake.close();
    console.log(['| fault | outcome | create | download |', '|---|---|---|---|', ...table].join('\n'));
  });
  beforeEach(async () => {
    fake.reset();
    publicDir = await mkdtemp(path.join(tmpdir(), 'narration-faults-'));
    return () => rm(publicDir, {recursive: true, force: true});
  });

  const prepare = (cues: Narration['cues'], options: {voice?: Narration['voice']; events?: PrepareEvent[]} = {}) =>
    prepareNarration({
      compositions: [{id: 'Faults', narration: narration(cues, options.voice)}],
      provider: createKlingProvider({token: fake.token, baseUrl: fake.baseUrl, timeoutMs: 4000, downloadRetryDelayMs: 5}),
      publicDir,
      concurrency: 1,
      maxRetries: MAX_RETRIES,
      retryDelayMs: 5,
      onEvent: (event) => options.events?.push(event),
    });

  it.each(rows)('$fault', async (row) => {
    for (const [route, fault, times] of row.inject) fake.failNext(route, fault, times);
    const events: PrepareEvent[] = [];
    const result = await prepare([{id: 'line', text: 'A line to speak.'}], {events});
    const [outcome] = result.outcomes;
    if (row.outcome === 'recovered') {
      expect(outcome!.status).toBe('generated');
    } else {
      expect(outcome!.status).toBe('failed');
      expect(outcome!.error!.name).toBe(row.outcome.name);
      expect(outcome!.message).toMatch(/^Composition "Faults", cue "line" \("A line to speak\."\)/);
    }
    expect(fake.count(CREATE)).toBe(row.create);
    expect(fake.count(RESOURCE)).toBe(row.resource);
    const manifest = await expectConsistentCache(publicDir);
    expect(Object.keys(manifest.clips)).toHaveLength(row.outcome === 'recovered' ? 1 : 0);
    if (row.fault === '429 with Retry-After: 1') {
      const retry = events.find((event) => event.type === 'retry');
      expect(retry && retry.type === 'retry' && retry.delayMs).toBe(1000);
    }
    table.push(`| ${row.fault} | ${row.outcome === 'recovered' ? 'recovered' : `failed: ${row.outcome.name}`} | ${fake.count(CREATE)} | ${fake.count(RESOURCE)} |`);
  });

  it('stops at the first account-wide failure instead of failing every cue one by one', async () => {
    fake.failNext('create', {status: 401, body: {error: 'Unauthorized', code: 401}});
    const cues = Array.from({length: 5}, (_, i) => ({id: `c${i}`, text: `Line ${i}.`}));
    const result = await prepare(cues);
    expect(fake.count(CREATE)).toBe(1);
    expect(result.failedCues.map((failure) => failure.error!.name)).toEqual(Array(5).fill(AuthenticationError.name));
    table.push('| 401 with 5 cues to make | run stopped: AuthenticationError | 1 | 0 |');
  });

  it('a failure of one cue leaves the others generated and cached', async () => {
    const cues = [
      {id: 'a', text: 'A forbidden first line.'},
      {id: 'b', text: 'Second.'},
    ];
    const result = await prepare(cues);
    expect(result.outcomes.map((o) => o.status)).toEqual(['failed', 'generated']);
    const manifest = await expectConsistentCache(publicDir);
    expect(Object.keys(manifest.clips)).toHaveLength(1);
    const again = await prepare(cues);
    expect(again.outcomes.map((o) => o.status)).toEqual(['failed', 'cached']);
    // The refused line is asked once and remembered: the second run fails it without a request.
    expect(fake.count(CREATE)).toBe(2);
    expect(again.failedCues[0]!.message).toContain("was refused by Kling's moderation on an earlier run");
    expect(again.failedCues[0]!.message).toContain('pass --force a to ask again');
    const forced = await prepareNarration({
      compositions: [{id: 'Faults', narration: narration(cues)}],
      provider: createKlingProvider({token: fake.token, baseUrl: fake.baseUrl}),
      publicDir,
      force: ['a'],
    });
    expect(forced.outcomes[0]!.status).toBe('failed');
    expect(fake.count(CREATE)).toBe(3); // --force asks again
  });

  describe('bad input is caught before any request', () => {
    const expectNoCall = () => {
      expect(fake.count(CREATE)).toBe(0);
      expect(fake.count(VOICES)).toBeLessThanOrEqual(1);
    };

    it('unknown speakerId, with the closest ones', async () => {
      const result = await prepare([{id: 'a', text: 'Hi.', speakerId: 'uk_man'}]);
      expectNoCall();
      expect(result.failedCues[0]!.message).toBe(
        'Composition "Faults", cue "a" ("Hi."): speakerId "uk_man" is not one of the account\'s voices. Closest: "uk_man2", "uk_boy1", "oversea_male1". Run `npx remotion-narration voices` for the list.',
      );
      table.push('| unknown speakerId | failed before any call: InvalidInputError | 0 | 0 |');
    });

    it('an emotion the voice does not enable, with the ones it does', async () => {
      const result = await prepare([
        {id: 'a', text: 'Hi.', speakerId: 'uk_boy1', emotion: 'sad'},
        {id: 'b', text: 'Hi.', speakerId: 'oversea_male1', emotion: 'happy'},
      ]);
      expectNoCall();
      expect(result.failedCues.map((failure) => failure.message)).toEqual([
        'Composition "Faults", cue "a" ("Hi."): voice "uk_boy1" does not enable the emotion "sad". It enables "neutral", "happy".',
        'Composition "Faults", cue "b" ("Hi."): voice "oversea_male1" does not enable the emotion "happy". It has no emotions: remove "emotion".',
      ]);
      table.push('| emotion not enabled | failed before any call: InvalidInputError | 0 | 0 |');
    });

    it('empty text', async () => {
      const result = await prepare([{id: 'empty', text: '  \n '}]);
      expectNoCall();
      expect(result.failedCues.map((failure) => failure.message)).toEqual([
        // Quoted as messages quote every cue (see quoteCueText): whitespace collapsed.
        'Composition "Faults", cue "empty" (""): the text is empty. Write the line, give it silenceInSeconds for a silent segment, or remove the cue.',
      ]);
      table.push('| empty text | failed before any call: InvalidInputError | 0 | 0 |');
    });

    it('a refused token on the voices list stops the run before any create', async () => {
      fake.failNext('voices', {status: 401, body: {error: 'Unauthorized', code: 401}});
      const error = await prepare([{id: 'a', text: 'Hi.'}]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(fake.count(CREATE)).toBe(0);
      table.push('| 401 on the voices list | run stopped: AuthenticationError | 0 | 0 |');
    });

    it.each([
      ['without ttsList', {}],
      ['with an empty ttsList', {ttsList: []}],
      ['that is not JSON', 'upstream error'],
    ])('a voices list %s means "unknown": one warning, nothing refused', async (_name, body) => {
      fake.failNext('voices', {status: 200, body});
      const events: PrepareEvent[] = [];
      const result = await prepare([{id: 'a', text: 'Hi there.'}, {id: 'b', text: 'And again.'}], {events});
      expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['generated', 'generated']);
      expect(events.filter((event) => event.type === 'voices-unavailable')).toHaveLength(1);
      expect(fake.count(CREATE)).toBe(2);
    });

    it('text over the limits is split into clips the service accepts, in characters and in seconds of speech', async () => {
      const result = await prepare([
        {id: 'long', text: Array.from({length: 40}, (_, i) => `word${i}`).join(' ')},
        // 150 emoji pass a character check but are about two minutes of speech if read out.
        {id: 'emoji', text: Array.from({length: 150}, (_, i) => String.fromCodePoint(0x1f600 + (i % 64))).join('')},
      ]);
      expect(result.failedCues).toEqual([]);
      const texts = fake.requests.filter((request) => request.path === CREATE).map((request) => (request.body as {text: string}).text);
      expect(texts.length).toBeGreaterThanOrEqual(3 + 8);
      for (const text of texts) {
        expect([...text].length).toBeLessThanOrEqual(150);
        expect(estimateSpeechInSeconds({text, speed: 1})).toBeLessThanOrEqual(15);
      }
    });

    it('a public/ folder that cannot be written', async () => {
      const {writeFile} = await import('node:fs/promises');
      const notAFolder = path.join(publicDir, 'public');
      await writeFile(notAFolder, 'a file where the folder should be');
      const error = await prepareNarration({
        compositions: [{id: 'Faults', narration: narration([{id: 'a', text: 'Hi.'}])}],
        provider: createKlingProvider({token: fake.token, baseUrl: fake.baseUrl}),
        publicDir: notAFolder,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toContain(`Cannot write the narration cache to ${notAFolder}/narration (ENOTDIR). Make ${notAFolder} a writable folder`);
      expect(fake.requests).toHaveLength(0);
    });
  });

  it('InvalidAudioError is the kind a download that does not decode gets', () => {
    // The matrix rows above recover from it; this pins which class carries it.
    expect(new InvalidAudioError('x').code).toBe('INVALID_AUDIO');
  });
});
