// `remotion-narration/config`: for remotion.config.ts, which the Remotion CLI runs synchronously.
export {narrationBrowserExecutable, BROWSER_EXECUTABLE_ENV_VARIABLE} from './node/project/browser-executable.ts';
