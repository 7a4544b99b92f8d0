import {DEFAULT_CLIP_LIMITS, type ClipLimits} from './clip-limits.ts';
import {DEFAULT_SPEED, type Narration, type NarrationCue} from './narration-schema.ts';
import {normalizeText} from './normalize-text.ts';
import {applyPronunciations} from './text/apply-pronunciations.ts';
import {languageOfCue, type NarrationLanguage} from './text/language.ts';
import {extractMarks, type TextMark} from './text/marks.ts';
import {splitTextIntoClips} from './text/split-text.ts';
import {wordsOf, type WordSpan} from './text/words.ts';

/** Everything that changes a clip's audio. Its hash is the clip's cache key. */
export type ClipRequest = {
  provider: string;
  speakerId: string;
  /** The spoken text: normalized (see `normalizeText`), marks removed, pronunciations applied. */
  text: string;
  speed: number;
  emotion: string | null;
  /**
   * The language the text is spoken in (see `languageOfCue`); absent means English. Part of the
   * cache key only where it changes the audio (see `cacheKeyForClip`).
   */
  language?: NarrationLanguage;
};

/** A written word of a clip and the spoken words (indexes into `wordsOf(request.text)`) that say it. */
export type WrittenWord = WordSpan & {spokenWords: number[]};

/** A clip of a cue: what is asked of the provider, and the written text it stands for. */
export type CueClipRequest = {
  request: ClipRequest;
  /** The clip's text as written in the cue (no pronunciations, no marks): what captions and slides show. */
  writtenText: string;
  /** Where `writtenText` is in the cue's written text. */
  writtenStart: number;
  /** The written words, each with the spoken words that say it (offsets within `writtenText`). */
  writtenWords: WrittenWord[];
};

/** A cue split into clips, with its bookmarks. */
export type CueSplit = {
  clips: CueClipRequest[];
  /** The language the cue is spoken in (see `languageOfCue`); every clip's request carries it. */
  language: NarrationLanguage;
  /** The cue's written text: normalized, marks removed. */
  writtenText: string;
  /** Its `<mark name="..."/>` bookmarks, at offsets of `writtenText`. */
  marks: TextMark[];
  /** Something in the text no request should carry (a tag other than a mark), as a sentence with the fix. */
  problem: string | null;
};

/**
 * How a cue is spoken: its text normalized and its bookmarks taken out, pronunciations applied,
 * then split within `limits` at sentence ends (then clauses, then words; see
 * `splitTextIntoClips`), each clip with the cue's own settings over the narration's voice and
 * the cue's language (see `languageOfCue`). An empty text gives one empty clip, for prepare to
 * refuse with a sentence; a silent cue (`silenceInSeconds`) gives none.
 */
export const splitCue = ({
  narration,
  cue,
  provider,
  limits = DEFAULT_CLIP_LIMITS,
}: {
  narration: Narration;
  cue: NarrationCue;
  provider: string;
  limits?: ClipLimits;
}): CueSplit => {
  const speed = cue.speed ?? narration.voice.speed ?? DEFAULT_SPEED;
  const language = languageOfCue({narration, cue});
  const settings = {
    provider,
    speakerId: cue.speakerId ?? narration.voice.speakerId,
    speed,
    emotion: cue.emotion ?? narration.voice.emotion ?? null,
    language,
  };
  if (cue.silenceInSeconds !== undefined) {
    // A silent segment: nothing to say, no clip.
    return {clips: [], language, writtenText: '', marks: [], problem: null};
  }
  const {text: written, marks, problem} = extractMarks(normalizeText(cue.text));
  const {spoken, toWrittenOffset} = applyPronunciations({
    text: written,
    pronunciations: narration.pronunciations,
    ignoreCase: narration.pronunciationsIgnoreCase,
  });
  const spans = splitTextIntoClips({text: spoken, maxCharacters: limits.maxCharacters, maxSpeechInSeconds: limits.maxSpeechInSeconds, speed});
  if (spans.length === 0) {
    return {clips: [{request: {...settings, text: ''}, writtenText: written, writtenStart: 0, writtenWords: []}], language, writtenText: written, marks, problem};
  }
  const clips = spans.map((span): CueClipRequest => {
    const writtenStart = toWrittenOffset(span.start);
    const writtenText = written.slice(writtenStart, toWrittenOffset(span.end));
    const writtenWords: WrittenWord[] = wordsOf(writtenText).map((word) => ({...word, spokenWords: []}));
    wordsOf(span.text).forEach((spokenWord, index) => {
      const at = toWrittenOffset(span.start + spokenWord.start) - writtenStart;
      // The written word that holds this spoken word's start (or the last one before it).
      const owner = writtenWords.findLast((word) => word.start <= at) ?? writtenWords[0];
      owner?.spokenWords.push(index);
    });
    return {request: {...settings, text: span.text}, writtenText, writtenStart, writtenWords};
  });
  return {clips, language, writtenText: written, marks, problem};
};

/** The clip requests of one cue (see `splitCue`), without their written texts. */
export const clipRequestsForCue = (input: Parameters<typeof splitCue>[0]): ClipRequest[] =>
  splitCue(input).clips.map(({request}) => request);
