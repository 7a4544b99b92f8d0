import {describe, expect, it} from 'vitest';
import {displayWidth} from '../../src/core/text/display-width.ts';
import {startFakeUseapi} from '../fake-useapi/fake-useapi-server.ts';
import {envFor, runNarrationCli} from '../helpers/run-command.ts';
import {REPO_ROOT} from '../helpers/temp-project.ts';

const run = (args: string[]) => runNarrationCli(args, {cwd: REPO_ROOT, env: envFor({})});

describe('remotion-narration CLI errors', () => {
  it('names an unknown command and points to help', async () => {
    const result = await run(['prepair']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error: Unknown command "prepair". The commands are: prepare, plan, captions, prune, voices, duration, loudness. Run "npx remotion-narration help".\n',
    );
  });

  it('names an unknown flag', async () => {
    const result = await run(['prepare', '--composition-id', 'X']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Unknown option '--composition-id'");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says what is wrong with malformed --props before reading any composition', async () => {
    const result = await run(['prepare', '--props', '{"narration": {']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: --props is not valid JSON: /);
    expect(result.stdout).toBe('');
  });

  it('refuses a --props file that does not exist', async () => {
    const result = await run(['prepare', '--props', 'no-such-file.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--props must be a JSON object or the path of a JSON file, but "no-such-file.json" is neither');
  });

  it('refuses a bad --concurrency', async () => {
    const result = await run(['prepare', '--concurrency', '0']);
    expect(result.stderr).toBe('Error: --concurrency must be a whole number of 1 or more, but got "0".\n');
  });

  it('prints usage with examples, for every command', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('npx remotion-narration help prepare');
    for (const command of ['prepare', 'plan', 'captions', 'prune', 'voices', 'duration']) {
      const help = await run([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`npx remotion-narration ${command}`);
      expect(help.stdout).toContain('Examples:');
    }
  });

  it('refuses --frozen with --force', async () => {
    const result = await run(['prepare', '--frozen', '--force', 'intro']);
    expect(result.stderr).toBe('Error: --frozen makes no request, so it cannot be combined with --watch or --force.\n');
  });

  it('says the draft voice has no voices to list', async () => {
    const result = await run(['voices']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Set USEAPI_TOKEN to list your Kling voices.');
  });

  it('lists the Kling voices and their enabled emotions', async () => {
    const fake = await startFakeUseapi();
    try {
      const env = envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl});
      const json = await runNarrationCli(['voices', '--json'], {cwd: REPO_ROOT, env});
      expect(json.code).toBe(0);
      const voices = JSON.parse(json.stdout) as {speakerId: string; emotions: {key: string; enabled: boolean}[]}[];
      expect(voices.map((voice) => voice.speakerId)).toEqual(fake.voices.map((voice) => voice.speakerId));
      const text = await runNarrationCli(['voices'], {cwd: REPO_ROOT, env});
      expect(text.stdout).toMatch(/uk_boy1\s+Sunny Boy\s+\?\s+emotions: neutral, happy\n/);
      expect(text.stdout).toMatch(/oversea_male1\s+Deep Voice\s+\?\s+no emotions/);
    } finally {
      await fake.close();
    }
  });
});

describe('remotion-narration voices', () => {
  it('shows each voice\'s language where its name or id shows it, in columns that stay aligned with Chinese names', async () => {
    const voice = (speakerId: string, name: string, emotions: string[] = []) => ({
      name,
      speakerId,
      exampleUrl: `https://example.com/voices/${speakerId}.mp3`,
      new: false,
      emotions: emotions.map((key) => ({name: key, key, enable: true})),
    });
    // Kling's documented voices: the same id names a Chinese voice (文艺小哥) and an English one (Lyric).
    const fake = await startFakeUseapi({
      voices: [
        voice('ai_chenjiahao_712', '文艺小哥', ['neutral']),
        voice('ai_chenjiahao_712', 'Lyric'),
        voice('diyinnansang_DB_CN_M_04-v2', '新闻播报男', ['neutral', 'happy']),
        voice('reader_en_m-v1', 'The Reader'),
        voice('genshin_vindi2', '阳光少年'),
      ],
    });
    try {
      const env = envFor({USEAPI_TOKEN: fake.token, USEAPI_BASE_URL: fake.baseUrl});
      const text = await runNarrationCli(['voices'], {cwd: REPO_ROOT, env});
      expect(text.code).toBe(0);
      const lines = text.stdout.trimEnd().split('\n');
      expect(lines.map((line) => line.split(/\s{2,}/))).toEqual([
        ['ai_chenjiahao_712', '文艺小哥', 'zh', 'emotions: neutral'],
        ['ai_chenjiahao_712', 'Lyric', '?', 'no emotions'],
        ['diyinnansang_DB_CN_M_04-v2', '新闻播报男', 'zh', 'emotions: neutral, happy'],
        ['reader_en_m-v1', 'The Reader', 'en', 'no emotions'],
        ['genshin_vindi2', '阳光少年', 'zh', 'no emotions'],
      ]);
      // Every column starts at the same display column on every line (a Chinese character takes two).
      const fieldColumns = (line: string) => [...line.matchAll(/\S+(?: \S+)*/g)].map((field) => displayWidth(line.slice(0, field.index)));
      expect(new Set(lines.map((line) => fieldColumns(line).join(','))).size).toBe(1);
      expect(text.stderr).toContain('"?": neither the voice\'s name nor its id says which language it speaks');
      const json = await runNarrationCli(['voices', '--json'], {cwd: REPO_ROOT, env});
      expect((JSON.parse(json.stdout) as {language: string | null}[]).map((each) => each.language)).toEqual(['zh', null, 'zh', 'en', 'zh']);
    } finally {
      await fake.close();
    }
  });
});

describe('remotion-narration CLI: failures stay sentences', () => {
  it('refuses a --props that names a folder with a sentence, not a stack trace', async () => {
    const result = await run(['prepare', '--props', 'test']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Error: --props must be a JSON object or the path of a JSON file, but "test" is a folder.\n');
  });

  it('prints a JSON object on stdout for a fatal error with --json', async () => {
    const result = await run(['prepare', '--json', '--props', '{bad']);
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as {ok: boolean; error: string; code: string};
    expect(summary).toMatchObject({ok: false, code: 'INVALID_INPUT'});
    expect(summary.error).toMatch(/^--props is not valid JSON/);
  });

  it('refuses a token with a control character before any request, without printing it', async () => {
    const result = await runNarrationCli(['voices'], {cwd: REPO_ROOT, env: envFor({USEAPI_TOKEN: 'user:123-secretsecret\nX-Injected: 1'})});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('USEAPI_TOKEN: must be one line with no spaces or control characters');
    expect(result.stderr).not.toContain('secretsecret');
  });
});
