import type {Voice} from '../providers/speech-provider.ts';
import {openClipStore, type ClipStore} from '../store/clip-store.ts';

/** How long a session keeps a provider's list of voices (an account's voices seldom change). */
const VOICES_KEPT_MS = 10 * 60_000;

type OpenOptions = Parameters<typeof openClipStore>[0];

/**
 * What consecutive prepares of one project in one process share (`prepare --watch`): the open
 * cache, and the clips being made. A prepare replaced by a newer one (see
 * `PrepareNarrationOptions.superseded`) returns without waiting for its requests in flight; they
 * finish in the background and store their audio (it is paid for), and a later prepare that needs
 * one of those clips waits for it instead of asking again.
 *
 * The cache (and with it the project's prepare lock) stays open while any prepare or background
 * clip uses it, and is closed when the last one is done: between runs, another prepare of the
 * project (in another terminal) is not kept waiting.
 */
export type PrepareSession = {
  /** Opens the cache, or shares the one open. Each call is matched by one `releaseStore()`. */
  acquireStore: (options: OpenOptions) => Promise<ClipStore>;
  /** Closes the cache (writes the manifest, releases the lock) when no one uses it any more. */
  releaseStore: () => Promise<void>;
  /** Clips being made, by cache key: settles once the clip is stored, or has failed. */
  inFlight: Map<string, Promise<void>>;
  /**
   * The voices a provider offers, as listed earlier in the session (for up to `VOICES_KEPT_MS`):
   * a save during `--watch` does not wait for the list again before its one request.
   */
  voices: (providerId: string, list: () => Promise<Voice[]>) => Promise<Voice[]>;
  /** Keeps `work` (a superseded prepare's jobs, then its release of the cache) as the session's until it settles. */
  inBackground: (work: Promise<unknown>) => void;
  /** Resolves when no clip is being made and the cache is closed (the end of a watch: nothing is written after it). */
  settled: () => Promise<void>;
};

export const createPrepareSession = (): PrepareSession => {
  let store: Promise<ClipStore> | null = null;
  let users = 0;
  const inFlight = new Map<string, Promise<void>>();
  const background = new Set<Promise<unknown>>();
  const voices = new Map<string, {at: number; list: Promise<Voice[]>}>();
  return {
    acquireStore: async (options) => {
      users++;
      store ??= openClipStore(options);
      try {
        return await store;
      } catch (error) {
        users--;
        store = null;
        throw error;
      }
    },
    releaseStore: async () => {
      if (--users > 0 || !store) return;
      const closing = store;
      store = null;
      await (await closing).close();
    },
    inFlight,
    voices: (providerId, list) => {
      const known = voices.get(providerId);
      if (known && Date.now() - known.at < VOICES_KEPT_MS) return known.list;
      const listed = list();
      voices.set(providerId, {at: Date.now(), list: listed});
      // A failed listing is not kept: the next prepare asks again.
      listed.catch(() => voices.delete(providerId));
      return listed;
    },
    inBackground: (work) => {
      const tracked = work.catch(() => undefined).finally(() => background.delete(tracked));
      background.add(tracked);
    },
    settled: async () => {
      while (inFlight.size > 0 || background.size > 0) await Promise.allSettled([...inFlight.values(), ...background]);
    },
  };
};
