import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {narrationBrowserExecutable} from '../../src/config.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import {readProjectManifest} from '../../src/node/store/read-manifest-file.ts';
import {packPackage} from '../helpers/pack-package.ts';
import {readmeFileBlocks} from '../helpers/readme-file-blocks.ts';
import {readPcmWav} from '../helpers/read-pcm-wav.ts';
import {rms} from '../helpers/rendered-audio.ts';
import {envFor, runCommand, type CommandResult} from '../helpers/run-command.ts';
import {REPO_ROOT} from '../helpers/temp-project.ts';

const FPS = 30;
const COMPOSITION = 'Narrated';
const NARRATION = {
  voice: {speakerId: 'oversea_male1'},
  cues: [
    {id: 'hello', text: 'Hello there.'},
    {id: 'outro', text: 'Thanks for watching.'},
    // Chinese, as users narrate it too: the draft voice speaks it in Mandarin.
    {id: 'zh', text: '谢谢观看。'},
  ],
};

/** Node 20.0-20.18 and 22.0-22.11 cannot require() an ES module; this flag makes newer Node behave the same. */
const OLD_NODE_REQUIRE = '--no-experimental-require-module';

/** Remotion's blank template (remotion-dev/remotion, packages/template-blank): CommonJS, strict, ES2015 lib. */
const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    target: 'ES2018',
    module: 'commonjs',
    jsx: 'react-jsx',
    outDir: './dist',
    strict: true,
    noEmit: true,
    lib: ['es2015'],
    esModuleInterop: true,
    skipLibCheck: true,
    forceConsistentCasingInFileNames: true,
    noUnusedLocals: true,
  },
};

const TEMPLATE_INDEX = `// This is your entry file! Refer to it when you render:
// npx remotion render <entry-file> ${COMPOSITION} out/video.mp4

import {registerRoot} from 'remotion';
import {RemotionRoot} from './Root';

registerRoot(RemotionRoot);
`;

const TEMPLATE_ROOT = `import {AbsoluteFill, Composition, useCurrentFrame} from 'remotion';
import {z} from 'zod';
import {calculateNarrationMetadata, Narration, narrationSchema, useNarrationCue, type NarratedProps} from 'remotion-narration';

const narratedSchema = z.object({narration: narrationSchema});
type NarratedVideoProps = z.infer<typeof narratedSchema> & NarratedProps;

const Title = () => {
  const frame = useCurrentFrame();
  const hello = useNarrationCue('hello');
  const outro = useNarrationCue('outro');
  return <AbsoluteFill style={{justifyContent: 'center', alignItems: 'center', fontSize: 40}}>{frame < outro.startFrame ? \`Hello (\${hello.durationInFrames} frames)\` : 'Thanks'}</AbsoluteFill>;
};

const NarratedVideo = ({narrationTimeline}: NarratedVideoProps) => (
  <Narration timeline={narrationTimeline}>
    <Title />
  </Narration>
);

export const RemotionRoot: React.FC = () => (
  <Composition
    id="${COMPOSITION}"
    component={NarratedVideo}
    schema={narratedSchema}
    calculateMetadata={calculateNarrationMetadata<NarratedVideoProps>({fps: ${FPS}})}
    width={320}
    height={180}
    defaultProps={{narration: ${JSON.stringify(NARRATION)}}}
  />
);
`;

/** Run in the project as CommonJS: the package's main entry loads with require() and validates the props. */
const REQUIRE_SCRIPT = `const {narrationSchema} = require('remotion-narration');
process.stdout.write(JSON.stringify(narrationSchema.parse(${JSON.stringify(NARRATION)}).cues.map((cue) => cue.id)));
`;

const seconds = (startedAt: number) => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;
const outputOf = (result: CommandResult) => `exit code ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;

/**
 * The package as users get it: `npm pack` of the built package, installed with its peers into a
 * project laid out like Remotion's blank template (CommonJS: no "type": "module", its tsconfig,
 * its `lint` script that runs tsc), then prepared with the offline draft voice and rendered with
 * require(esm) turned off, as on the Node versions before 20.19 and 22.12, where Remotion's
 * CommonJS build of remotion.config.ts cannot require an ESM-only package.
 */
describe('installed from the packed tarball into a blank-template project', () => {
  let folder: string;
  let project: string;
  let env: NodeJS.ProcessEnv;
  const timings: string[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'packed-install-'));
    project = path.join(folder, 'narrated-video');
    let startedAt = performance.now();
    const tarball = await packPackage({destination: folder});
    timings.push(`npm pack ${seconds(startedAt)}`);

    const pins = (JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {devDependencies: Record<string, string>}).devDependencies;
    const pinned = (names: string[]) => Object.fromEntries(names.map((name) => [name, pins[name]!]));
    const readme = await readmeFileBlocks();
    const readmeBlock = (file: string) => {
      const block = readme.get(file);
      if (!block) throw new Error(`The README has no code block that starts with "// ${file}"; this test compiles it.`);
      return block;
    };
    const files: Record<string, string> = {
      'package.json': JSON.stringify(
        {
          name: 'narrated-video',
          version: '1.0.0',
          description: 'My Remotion video',
          private: true,
          license: 'UNLICENSED',
          // The template's lint is `eslint src && tsc`: its tsc is what is checked here.
          scripts: {dev: 'remotion studio', build: 'remotion bundle', lint: 'tsc'},
          dependencies: {
            // The template's dependencies plus the README's install line (the package and its peers), at this repository's pins.
            'remotion-narration': `file:${tarball}`,
            ...pinned(['remotion', '@remotion/cli', 'react', 'react-dom', 'zod', '@remotion/bundler', '@remotion/renderer', '@remotion/studio', '@remotion/captions']),
          },
          // The template's: TypeScript 5, React's types, and the DOM's as @types/web (its lib is es2015 only).
          devDependencies: {...pinned(['typescript', '@types/react']), '@types/web': '0.0.166'},
        },
        null,
        2,
      ),
      'tsconfig.json': JSON.stringify(TEMPLATE_TSCONFIG, null, 2),
      'src/index.ts': TEMPLATE_INDEX,
      'src/Root.tsx': TEMPLATE_ROOT,
      // The README's own files, as a user copies them: compiled by the template's tsc, not rendered.
      'src/readme/Root.tsx': readmeBlock('src/Root.tsx'),
      'src/readme/Explainer.tsx': readmeBlock('src/Explainer.tsx'),
      'src/readme/ProductTour.tsx': readmeBlock('src/ProductTour.tsx'),
      'remotion.config.ts': readmeBlock('remotion.config.ts'),
      'require.js': REQUIRE_SCRIPT,
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(project, file)), {recursive: true});
      await writeFile(path.join(project, file), text);
    }

    startedAt = performance.now();
    const install = await runCommand('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {cwd: project});
    expect(install.code, outputOf(install)).toBe(0);
    timings.push(`npm install ${seconds(startedAt)} (${/added \d+ packages/.exec(install.stdout)?.[0] ?? install.stdout.trim()})`);

    // No browser download on an offline machine: the Chromium this repository has from npm,
    // passed the way the README says (remotion.config.ts reads REMOTION_BROWSER_EXECUTABLE).
    const browser = narrationBrowserExecutable({projectRoot: REPO_ROOT});
    env = envFor({USEAPI_TOKEN: undefined, REMOTION_BROWSER_EXECUTABLE: browser ?? undefined});
    if (process.allowedNodeEnvironmentFlags.has(OLD_NODE_REQUIRE)) {
      env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} ${OLD_NODE_REQUIRE}`.trim();
    }
  }, 600_000);

  afterAll(async () => {
    console.log(`packed install: ${timings.join('; ')}`);
    if (folder) await rm(folder, {recursive: true, force: true});
  });

  it("type-checks with the template's tsc, the README's example included, under node10, node16 and bundler resolution", async () => {
    const startedAt = performance.now();
    const [template, node16, bundler] = await Promise.all([
      // The template's own: "module": "commonjs", so node10 resolution.
      runCommand('npm', ['run', 'lint'], {cwd: project}),
      runCommand('npx', ['tsc', '--module', 'node16', '--moduleResolution', 'node16'], {cwd: project}),
      runCommand('npx', ['tsc', '--module', 'esnext', '--moduleResolution', 'bundler'], {cwd: project}),
    ]);
    timings.push(`tsc ×3 ${seconds(startedAt)}`);
    expect(template.code, outputOf(template)).toBe(0);
    expect(node16.code, outputOf(node16)).toBe(0);
    expect(bundler.code, outputOf(bundler)).toBe(0);
  }, 240_000);

  it('prepares with the offline draft voice where require() cannot load an ES module', async () => {
    const startedAt = performance.now();
    const prepare = await runCommand('npx', ['remotion-narration', 'prepare'], {cwd: project, env});
    timings.push(`prepare ${seconds(startedAt)}`);
    expect(prepare.code, outputOf(prepare)).toBe(0);
    expect(prepare.stdout).toContain(`Narrated: ${COMPOSITION} (3 cues)`);
    expect(prepare.stdout).toContain('offline draft voice');
  }, 240_000);

  it('renders a wav as long as the timeline, with the narration in it', async () => {
    const required = await runCommand(process.execPath, ['require.js'], {cwd: project, env});
    expect(required.code, outputOf(required)).toBe(0);
    expect(JSON.parse(required.stdout)).toEqual(['hello', 'outro', 'zh']);
    // The timeline the stored audio makes, as calculateNarrationMetadata computes it.
    const manifest = await readProjectManifest({publicDir: path.join(project, 'public')});
    const resolved = await resolveNarrationTimeline({narration: NARRATION, manifest, fps: FPS, compositionId: COMPOSITION, allowMissing: false});
    const timeline = {durationInFrames: resolved.durationInFrames, firstSpeechInSeconds: resolved.cues[0]!.speechStartInSeconds};
    // Four characters in Mandarin take about a second (spelled out with English phonetics, ~2.7 s).
    const chinese = resolved.cues[2]!;
    expect(chinese.language).toBe('zh');
    expect(chinese.speechEndInSeconds - chinese.speechStartInSeconds).toBeLessThan(1.6);

    const wav = path.join(project, 'out', 'narrated.wav');
    const startedAt = performance.now();
    const render = await runCommand('npx', ['remotion', 'render', COMPOSITION, wav, '--log=error'], {cwd: project, env});
    timings.push(`render ${seconds(startedAt)}`);
    expect(render.code, outputOf(render)).toBe(0);

    const {sampleRate, durationInSeconds, samples} = await readPcmWav(wav);
    expect(Math.abs(durationInSeconds - timeline.durationInFrames / FPS)).toBeLessThan(0.5 / FPS);
    // Silence before the first speech, the voice after it.
    const speechStart = Math.round(timeline.firstSpeechInSeconds * sampleRate);
    expect(rms(samples.subarray(0, Math.max(0, speechStart - sampleRate / 20)))).toBeLessThan(0.001);
    expect(rms(samples.subarray(speechStart, speechStart + sampleRate / 2))).toBeGreaterThan(0.01);
  }, 240_000);
});
