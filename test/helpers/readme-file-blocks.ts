import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {REPO_ROOT} from './temp-project.ts';

/**
 * The README's TypeScript code blocks that name their file on their first line
 * (`// src/Root.tsx`), by that file name: what a user copies into a project.
 */
export const readmeFileBlocks = async (): Promise<Map<string, string>> => {
  const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const blocks = new Map<string, string>();
  for (const match of readme.matchAll(/```tsx?\n(\/\/ (\S+)\n[\s\S]*?)```/g)) {
    blocks.set(match[2]!, match[1]!);
  }
  return blocks;
};
