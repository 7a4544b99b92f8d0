import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import type {Page} from 'playwright-core';
import {clipFileForKey, MANIFEST_PATH} from '../../src/core/narration-paths.ts';

export type StoredClip = {key: string; speechInSeconds: number};

/**
 * The stored clip whose text starts with `text`, from the manifest as written now (a cue of a few
 * sentences can be one clip); null if there is none yet.
 */
export const storedClip = async ({publicDir, text}: {publicDir: string; text: string}): Promise<StoredClip | null> => {
  const manifest = JSON.parse(await readFile(path.join(publicDir, MANIFEST_PATH), 'utf8').catch(() => '{"clips": {}}')) as {
    clips: Record<string, {text: string; audio: {durationInSeconds: number; leadingSilenceInSeconds: number; trailingSilenceInSeconds: number}}>;
  };
  const found = Object.entries(manifest.clips).find(([, clip]) => clip.text.startsWith(text));
  if (!found) return null;
  const [key, {audio}] = found;
  return {key, speechInSeconds: audio.durationInSeconds - audio.leadingSilenceInSeconds - audio.trailingSilenceInSeconds};
};

/**
 * Polls the manifest (every 20 ms) until it records a clip starting with `text` whose file is
 * there: resolves with the clip and when it was first seen (`performance.now()`).
 */
export const waitForStoredClip = async ({publicDir, text, timeoutMs = 90_000}: {publicDir: string; text: string; timeoutMs?: number}): Promise<StoredClip & {at: number}> => {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const clip = await storedClip({publicDir, text});
    if (clip && existsSync(path.join(publicDir, clipFileForKey(clip.key)))) return {...clip, at: performance.now()};
    if (performance.now() > deadline) throw new Error(`No clip for "${text}" in the manifest after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** Polls a Studio page (every 20 ms) until one of its <audio> elements has the clip `key`: when that was first seen. */
export const waitForStudioClip = async (page: Page, key: string): Promise<number> => {
  await page.waitForFunction((wanted) => [...document.querySelectorAll('audio')].some((audio) => audio.src.includes(wanted)), key, {timeout: 30_000, polling: 20});
  return performance.now();
};
