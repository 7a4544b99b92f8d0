import {mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {BundlerInternals, type WebpackConfiguration} from '@remotion/bundler';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadRemotionConfig} from '../../src/node/project/load-remotion-config.ts';
import {REPO_ROOT} from '../helpers/temp-project.ts';

const ALIASING_CONFIG = `import {Config} from '@remotion/cli/config';
Config.setEntryPoint('src/index.ts');
Config.overrideWebpackConfig((config) => ({
  ...config,
  resolve: {...config.resolve, alias: {...config.resolve?.alias, '@brand': '/somewhere/brand'}},
}));
`;

/** The webpack configuration `bundle()` makes for `entryPoint` with these options, and the hash its cache is named by. */
const bundlerConfig = async (root: string, bundling: Awaited<ReturnType<typeof loadRemotionConfig>>['bundling']) => {
  const [hash, config] = (await BundlerInternals.getConfig({
    outDir: '',
    entryPoint: path.join(root, 'src/index.ts'),
    resolvedRemotionRoot: root,
    onProgress: () => undefined,
    options: {...bundling, webpackOverride: bundling.webpackOverride ?? ((c) => c), enableCaching: bundling.enableCaching ?? true, rspack: false} as Parameters<typeof BundlerInternals.getConfig>[0]['options'],
  })) as [string, WebpackConfiguration];
  return {hash, alias: (config.resolve?.alias ?? {}) as Record<string, string>};
};

describe('loadRemotionConfig', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'remotion-config-'));
    await writeFile(path.join(root, 'package.json'), '{"name": "a-user-project"}');
    await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  });

  afterEach(async () => {
    await rm(root, {recursive: true, force: true});
  });

  it("bundles with the project's Config.overrideWebpackConfig(), as npx remotion render does", async () => {
    await writeFile(path.join(root, 'remotion.config.ts'), ALIASING_CONFIG);
    const config = await loadRemotionConfig({projectRoot: root});
    expect(config.entryPoint).toBe('src/index.ts');
    const {alias} = await bundlerConfig(root, config.bundling);
    expect(alias['@brand']).toBe('/somewhere/brand');
  });

  it('reads the file afresh each time: an override removed from it is gone, and one read twice is applied once', async () => {
    await writeFile(path.join(root, 'remotion.config.ts'), ALIASING_CONFIG);
    const first = await bundlerConfig(root, (await loadRemotionConfig({projectRoot: root})).bundling);
    // Read again unchanged (prepare --watch after a save): the same configuration, so the same webpack cache.
    const again = await bundlerConfig(root, (await loadRemotionConfig({projectRoot: root})).bundling);
    expect(again.hash).toBe(first.hash);

    await writeFile(path.join(root, 'remotion.config.ts'), `import {Config} from '@remotion/cli/config';\n`);
    const withoutOverride = await loadRemotionConfig({projectRoot: root});
    expect(withoutOverride.entryPoint).toBeNull();
    expect((await bundlerConfig(root, withoutOverride.bundling)).alias['@brand']).toBeUndefined();
  });
});
