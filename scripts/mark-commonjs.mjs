// Marks a build folder as CommonJS: Node and TypeScript (node16/nodenext) read its .js and .d.ts
// files as CommonJS, whatever the package's own "type" says. Usage: node scripts/mark-commonjs.mjs dist/cjs
import {writeFileSync} from 'node:fs';
import path from 'node:path';

const folder = process.argv[2];
if (!folder) {
  console.error('Usage: node scripts/mark-commonjs.mjs <folder>');
  process.exit(1);
}
writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify({type: 'commonjs'}, null, 2)}\n`);
