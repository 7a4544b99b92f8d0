import {watch, type FSWatcher} from 'node:fs';
import path from 'node:path';

/**
 * Folders never worth a re-run: generated audio, dependencies, renders. Matched against the path
 * relative to the watched folder, so that a project that itself lives under a `build/` or `out/`
 * folder is still watched.
 */
const IGNORED = /(^|[/\\])(node_modules|public|out|dist|build|\.git)([/\\]|$)/;

/**
 * Calls `onChange` (debounced) when a file under `folders` or one of `files` changes. Runs never
 * overlap: changes during a run lead to one more run after it.
 *
 * `files` are watched through their folder, by name: editors that save by writing a new file and
 * renaming it over the old one (VS Code, vim) replace the file, and a watcher on the file itself
 * would keep following the old one after the first save.
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
    changed.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), debounceMs);
  };

  const filesByFolder = new Map<string, Set<string>>();
  for (const file of files) {
    const folder = path.dirname(file);
    filesByFolder.set(folder, (filesByFolder.get(folder) ?? new Set()).add(path.basename(file)));
  }
  const watchers: FSWatcher[] = [
    ...folders.map((folder) =>
      watch(folder, {recursive: true}, (_event, name) => {
        if (name && !IGNORED.test(name.toString())) note(path.join(folder, name.toString()));
      }),
    ),
    ...[...filesByFolder].map(([folder, names]) =>
      watch(folder, (_event, name) => {
        if (name && names.has(name.toString())) note(path.join(folder, name.toString()));
      }),
    ),
  ];
  return {
    close: () => {
      for (const watcher of watchers) watcher.close();
      if (timer) clearTimeout(timer);
    },
  };
};
