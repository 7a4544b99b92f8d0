import type {Caption} from '@remotion/captions';
import type {NarrationTimeline} from '../timeline.ts';
import {endsClause, joinsWithoutSpace} from '../text/cjk-punctuation.ts';
import {captionLines, DEFAULT_MAX_COLUMNS_PER_LINE_CHINESE} from './caption-pages.ts';
import {captionLanguageOf, captionWordsOfCue, firstCharacter, lastCharacter, type CaptionLanguage} from './caption-words.ts';

/**
 * The narration's words as `Caption`s of `@remotion/captions` (absolute times, written words —
 * not pronunciations, not marks), one per word. A caption's text starts with a space where the
 * written text separates it from the word before by one, as `createTikTokStyleCaptions` expects:
 * every English word but the first, no Chinese character (Chinese is written without spaces), a
 * Latin word in Chinese text as it was written. Between cues, a space unless the two are set
 * tight (see `joinsWithoutSpace`). The last word of every cue carries `pageBreakAfter`, so that
 * `createTikTokStyleCaptions` never puts two cues on one page; and since it starts a page only
 * before a space, so do the words of a Chinese cue that end a clause or a caption line (16
 * characters). `confidence` is 1 where word times were measured on the audio, null
 * where they are estimated (a clip not generated yet, or not measured).
 */
export const narrationCaptions = (timeline: NarrationTimeline, {language}: {language?: CaptionLanguage} = {}): Caption[] => {
  const captions: Caption[] = [];
  let previousText: string | null = null;
  for (const cue of timeline.cues) {
    const words = captionWordsOfCue(cue);
    const chinese = captionLanguageOf(words, language) === 'zh';
    const lineEnds = new Set(
      chinese ? captionLines({words, maxColumns: DEFAULT_MAX_COLUMNS_PER_LINE_CHINESE, language: 'zh'}).map((line) => line.at(-1)) : [],
    );
    words.forEach((word, index) => {
      const spaced =
        previousText === null ? false : index === 0 ? !joinsWithoutSpace(lastCharacter(previousText), firstCharacter(word.text)) : word.spaceBefore;
      const startMs = Math.round(word.startInSeconds * 1000);
      // A page never spans two cues (a pause, a new scene or another speaker lies between them).
      const pageBreakAfter = index === words.length - 1 || (chinese && (lineEnds.has(word) || endsClause(word.text)));
      captions.push({
        text: spaced ? ` ${word.text}` : word.text,
        startMs,
        endMs: Math.max(startMs, Math.round(word.endInSeconds * 1000)),
        timestampMs: startMs,
        confidence: word.measured ? 1 : null,
        ...(pageBreakAfter ? {pageBreakAfter: true} : {}),
      });
      previousText = word.text;
    });
  }
  return captions;
};
