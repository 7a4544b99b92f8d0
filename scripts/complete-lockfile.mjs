// The npm registry these machines reach lacks some of Remotion's per-platform compositor
// packages (darwin-x64, linux-arm64, linux-x64-musl, win32). `npm install` then leaves them out
// of package-lock.json and `npm ci` refuses the lockfile. This adds their entries with the
// platform fields Remotion publishes, so npm skips them on other platforms as it does elsewhere.
// Run after changing dependencies: node scripts/complete-lockfile.mjs
import {readFileSync, writeFileSync} from 'node:fs';

const platforms = {
  'darwin-arm64': {cpu: ['arm64'], os: ['darwin']},
  'darwin-x64': {cpu: ['x64'], os: ['darwin']},
  'linux-arm64-gnu': {cpu: ['arm64'], libc: ['glibc'], os: ['linux']},
  'linux-arm64-musl': {cpu: ['arm64'], libc: ['musl'], os: ['linux']},
  'linux-x64-gnu': {cpu: ['x64'], libc: ['glibc'], os: ['linux']},
  'linux-x64-musl': {cpu: ['x64'], libc: ['musl'], os: ['linux']},
  'win32-x64-msvc': {cpu: ['x64'], os: ['win32']},
};

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const added = [];
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const match = /^@remotion\/compositor-(.+)$/.exec(name);
    const target = `node_modules/${name}`;
    if (!match || lock.packages[target] || !platforms[match[1]]) continue;
    lock.packages[target] = {version, ...platforms[match[1]], dev: entry.dev, optional: true};
    added.push(`${name}@${version} (needed by ${location || 'the root'})`);
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `Added ${added.join(', ')}` : 'Nothing to add.');
