import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {BundlerInternals, type BundleOptions} from '@remotion/bundler';
import {InvalidInputError} from '../../core/errors.ts';

export type RemotionConfigValues = {
  /** The config file that was read, or null when the project has none. */
  configFile: string | null;
  entryPoint: string | null;
  browserExecutable: string | null;
  chromeMode: 'headless-shell' | 'chrome-for-testing' | null;
  publicDir: string | null;
  /**
   * What remotion.config.ts sets about bundling (`Config.overrideWebpackConfig()`, rspack, the
   * bundle cache), passed to `bundle()` as `npx remotion render` passes them: the project bundles
   * with its own aliases and loaders, and into the same webpack cache as the Remotion CLI (which
   * clears a cache made with another configuration).
   */
  bundling: BundlingOptions;
};

export type BundlingOptions = Pick<BundleOptions, 'webpackOverride' | 'bundlerOverride' | 'rspackOverride' | 'rspack' | 'enableCaching'>;

type ConfigInternalsLike = {
  getEntryPoint: () => string | null;
  resetConfigOptions?: () => void;
  getWebpackOverrideFn?: () => BundleOptions['webpackOverride'] | null;
  getBundlerOverrideFn?: () => BundleOptions['bundlerOverride'] | null;
  getRspackOverrideFn?: () => BundleOptions['rspackOverride'] | null;
};

const CONFIG_FILE_NAMES = ['remotion.config.ts', 'remotion.config.js', 'remotion.config.mjs'];

type OptionWithValue = {getValue: (input: {commandLine: Record<string, unknown>}) => {value: unknown}};

/**
 * Reads the project's remotion.config.ts the way the Remotion CLI does (esbuild, then run it),
 * so that prepare uses the same entry point, browser and public folder as `npx remotion render`.
 */
export const loadRemotionConfig = async ({projectRoot}: {projectRoot: string}): Promise<RemotionConfigValues> => {
  const configFile = CONFIG_FILE_NAMES.map((name) => path.join(projectRoot, name)).find((file) => existsSync(file)) ?? null;
  const projectRequire = createRequire(path.join(projectRoot, 'package.json'));
  const {ConfigInternals} = projectRequire('@remotion/cli/config') as {ConfigInternals: ConfigInternalsLike};
  // Config's setters keep their values in the module, and overrideWebpackConfig() stacks: a second
  // read in one process (prepare --watch after an edit of remotion.config.ts, or another project)
  // starts from the defaults, as the Studio does when the file changes.
  ConfigInternals.resetConfigOptions?.();
  if (configFile) {
    const result = await BundlerInternals.esbuild.build({
      platform: 'node',
      target: 'node18',
      bundle: true,
      entryPoints: [configFile],
      absWorkingDir: projectRoot,
      write: false,
      packages: 'external',
      format: 'cjs',
      logLevel: 'silent',
    });
    const code = new TextDecoder().decode(result.outputFiles[0]!.contents);
    const module = {exports: {}};
    const previousCwd = process.cwd();
    process.chdir(projectRoot);
    try {
      // Same as the Remotion CLI: run the compiled config with the project's require.
      new Function('require', 'module', 'exports', '__filename', '__dirname', code)(
        projectRequire,
        module,
        module.exports,
        configFile,
        projectRoot,
      );
    } catch (error) {
      throw new InvalidInputError(
        `${path.basename(configFile)} failed to run: ${error instanceof Error ? error.message : String(error)}`,
        {cause: error},
      );
    } finally {
      process.chdir(previousCwd);
    }
  }
  const {BrowserSafeApis} = projectRequire('@remotion/renderer/client') as {
    BrowserSafeApis: {options: Record<string, OptionWithValue>};
  };
  const valueOf = (option: string) => BrowserSafeApis.options[option]?.getValue({commandLine: {}}).value ?? null;
  return {
    configFile,
    entryPoint: ConfigInternals.getEntryPoint(),
    browserExecutable: valueOf('browserExecutableOption') as string | null,
    chromeMode: valueOf('chromeModeOption') as RemotionConfigValues['chromeMode'],
    publicDir: valueOf('publicDirOption') as string | null,
    bundling: {
      webpackOverride: ConfigInternals.getWebpackOverrideFn?.() ?? ((config) => config),
      bundlerOverride: ConfigInternals.getBundlerOverrideFn?.() ?? undefined,
      rspackOverride: ConfigInternals.getRspackOverrideFn?.() ?? undefined,
      rspack: valueOf('rspackOption') === true,
      enableCaching: valueOf('bundleCacheOption') !== false,
    },
  };
};

/** Entry points the Remotion CLI looks for when none is configured. */
const DEFAULT_ENTRY_POINTS = ['src/index.ts', 'src/index.tsx', 'src/index.js', 'remotion/index.ts', 'remotion/index.tsx', 'src/remotion/index.ts'];

export const findEntryPoint = ({projectRoot, configured}: {projectRoot: string; configured: string | null}): string => {
  if (configured) {
    return path.resolve(projectRoot, configured);
  }
  const found = DEFAULT_ENTRY_POINTS.map((file) => path.join(projectRoot, file)).find((file) => existsSync(file));
  if (!found) {
    throw new InvalidInputError(
      `Could not find the Remotion entry point in ${projectRoot}. Pass it as an argument (npx remotion-narration prepare src/index.ts) or set Config.setEntryPoint() in remotion.config.ts.`,
    );
  }
  return found;
};
