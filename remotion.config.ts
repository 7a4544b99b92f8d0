// Read by `npx remotion render|studio` and by `npx remotion-narration prepare`.
import {Config} from '@remotion/cli/config';
// In your own project: import {narrationBrowserExecutable} from 'remotion-narration/config';
import {narrationBrowserExecutable} from './src/config.ts';

Config.setEntryPoint('compositions/index.ts');
Config.setVideoImageFormat('jpeg');

// A headless Chromium that works offline: REMOTION_BROWSER_EXECUTABLE if set, otherwise the one
// shipped in @sparticuz/chromium (Linux x64). Null elsewhere: Remotion's own download then.
const browserExecutable = narrationBrowserExecutable();
if (browserExecutable) {
  Config.setBrowserExecutable(browserExecutable);
}
