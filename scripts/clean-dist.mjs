// Empties dist/ before a build, so that a module removed from src/ is never packed from an old build.
import {rmSync} from 'node:fs';

rmSync(new URL('../dist', import.meta.url), {recursive: true, force: true});
