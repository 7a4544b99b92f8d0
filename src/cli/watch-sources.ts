import {watch, type FSWatcher} from 'node:fs';
import path from 'node:path';

/** Folders never worth a re-run: generated audio, dependencies, renders. */
const IGNORED = /(^|[/\\])(node_modules|public|out|dist|build|\.git)([/\\]|$)/;

/**
 * Calls `onChange` (debounced) when a file under `folders` or one of `files` changes. Runs never
 * overlap: changes during a run lead to one more run after it.
 */
export const watchSources = ({
  folders,
  files,
  onChange,
  debounceMs = 300,
}: {
  folders: string[];
  files: string[];
  onChange: (changed: string[]) => Promise<void>;
  debounceMs?: number;
}): {close: () => void} => {
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  const flush = async () => {
    timer = null;
    if (running) return; // picked up when the current run ends
    const batch = [...changed];
    changed.clear();
    running = onChange(batch).finally(() => {
      running = null;
      if (changed.size > 0) void flush();
    });
  };
  const note = (file: string) => {
    if (IGNORED.test(file)) return;
    changed.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), debounceMs);
  };

  const watchers: FSWatcher[] = [
    ...folders.map((folder) => watch(folder, {recursive: true}, (_event, name) => name && note(path.join(folder, name.toString())))),
    ...files.map((file) => watch(file, () => note(file))),
  ];
  return {
    close: () => {
      for (const watcher of watchers) watcher.close();
      if (timer) clearTimeout(timer);
    },
  };
};
