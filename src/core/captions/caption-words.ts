import type {NarrationLanguage} from '../text/language.ts';
import {normalizeText} from '../normalize-text.ts';
import type {TimelineCue, TimelineWord} from '../timeline.ts';
import {joinsWithoutSpace} from '../text/cjk-punctuation.ts';
import {extractMarks} from '../text/marks.ts';
import {isCjk} from '../text/unicode.ts';

/** The languages captions are laid out for: Chinese (no spaces, wide characters, kinsoku) or any other. */
export type CaptionLanguage = NarrationLanguage;

/** A word of a caption, and whether the written text puts a space before it. */
export type CaptionWord = TimelineWord & {
  /**
   * Whether the written text separates it from the word before by a space: true between English
   * words and around a Latin word written with spaces in Chinese text, false between Chinese
   * characters. False for a cue's first word (see `joinsWithoutSpace` for what comes between cues).
   */
  spaceBefore: boolean;
  /** Its clip is not generated yet: its times are estimated from the text. */
  estimated: boolean;
  /** Its times were measured on the audio (not estimated, not spread by length). */
  measured: boolean;
};

const SPACE = /\s/u;

/**
 * A cue's words in order as captions show them: each clip's timed words, each with whether the
 * written text has a space before it. Clips are slices of the cue's written text (normalized,
 * marks taken out), so the space between two clips is found there too.
 */
export const captionWordsOfCue = (cue: TimelineCue): CaptionWord[] => {
  const written = extractMarks(normalizeText(cue.text)).text;
  const words: CaptionWord[] = [];
  let cueCursor = 0;
  for (const clip of cue.clips) {
    const clipAt = written.indexOf(clip.text, cueCursor);
    if (clipAt !== -1) cueCursor = clipAt + clip.text.length;
    const estimated = clip.file === null;
    const measured = !estimated && clip.wordTimingBy !== 'estimate';
    let cursor = 0;
    for (const word of clip.words) {
      const at = clip.text.indexOf(word.text, cursor);
      let spaceBefore: boolean;
      if (words.length === 0) {
        spaceBefore = false;
      } else if (at > 0) {
        spaceBefore = SPACE.test(clip.text[at - 1]!);
      } else if (at === 0 && clipAt > 0) {
        spaceBefore = SPACE.test(written[clipAt - 1]!);
      } else {
        // Words the written text does not hold as found (a timeline made by hand): spaced unless set tight.
        spaceBefore = !joinsWithoutSpace(lastCharacter(words.at(-1)!.text), firstCharacter(word.text));
      }
      if (at !== -1) cursor = at + word.text.length;
      words.push({...word, spaceBefore, estimated, measured});
    }
  }
  return words;
};

/**
 * Whether a cue's captions are laid out as Chinese: when it has Chinese (or Japanese) characters
 * and at least as many of them as words of other scripts, so that a Chinese lesson with English
 * terms is Chinese, and an English line quoting one Chinese word is not. `language` decides instead.
 */
export const captionLanguageOf = (words: readonly {text: string}[], language?: CaptionLanguage): CaptionLanguage => {
  if (language) return language;
  let cjk = 0;
  let other = 0;
  for (const word of words) {
    const characters = [...word.text].filter((c) => isCjk(c)).length;
    if (characters > 0) cjk += characters;
    else if (/[\p{L}\p{N}]/u.test(word.text)) other += 1;
  }
  return cjk > 0 && cjk >= other ? 'zh' : 'en';
};

export const firstCharacter = (text: string): string => [...text][0] ?? '';
export const lastCharacter = (text: string): string => [...text].at(-1) ?? '';
