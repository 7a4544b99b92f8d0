import {describe, expect, it} from 'vitest';
import {explainerDefaultProps} from '../../../compositions/explainer-default-props.ts';
import {normalizeText} from '../../../src/core/normalize-text.ts';
import {applyPronunciations} from '../../../src/core/text/apply-pronunciations.ts';
import {estimateSpeechInSeconds} from '../../../src/core/text/estimate-speech.ts';
import {findBreaks} from '../../../src/core/text/find-breaks.ts';
import {extractMarks} from '../../../src/core/text/marks.ts';
import {splitInTwo} from '../../../src/core/text/split-in-two.ts';
import {splitTextIntoClips} from '../../../src/core/text/split-text.ts';
import {fnv1a, isCjk} from '../../../src/core/text/unicode.ts';
import {PARAGRAPHS} from './fixtures/paragraphs.ts';
import {PIECES, randomTexts} from './fixtures/random-texts.ts';
import {HELD_OUT_CASES, SENTENCE_CASES} from './fixtures/sentence-cases.ts';

/**
 * Clip texts are cache keys, and users have paid for the clips of their English narrations: the
 * Chinese rules must leave every text without Chinese or Japanese characters split, estimated and
 * pronounced exactly as before. The snapshot was written by the rules before Chinese support
 * (main at f7c476f); a change to it re-generates paid audio.
 */

const hasCjk = (text: string) => [...text].some(isCjk);

/** Every output the cache keys depend on, for one text: clips at several limits and speeds, the retry halves, the breaks, the estimate. */
const everything = (text: string) => ({
  clips: [
    [150, 15, 1],
    [150, 15, 0.8],
    [60, 15, 2],
    [25, 15, 1],
    [150, 4, 1],
  ].map(([maxCharacters, maxSpeechInSeconds, speed]) =>
    splitTextIntoClips({text, maxCharacters: maxCharacters!, maxSpeechInSeconds: maxSpeechInSeconds!, speed}).map((span) => [span.start, span.end]),
  ),
  halves: splitInTwo({text}),
  breaks: findBreaks({text: normalizeText(text)}).map((each) => [each.end, each.start, each.cost, each.kind]),
  estimateInSeconds: estimateSpeechInSeconds({text, speed: 1}),
});

const PRONUNCIATIONS = {
  SQL: 'sequel',
  'SQL Server': 'sequel server',
  Remotion: 'Ree-motion',
  'Dr.': 'Doctor',
  'U.S.': 'United States',
  'C++': 'see plus plus',
  Nimbus: 'Nim-bus',
  Mara: 'Mah-rah',
  sun: 'sonne',
};

const pronounced = (text: string, ignoreCase: boolean) => {
  const {spoken, toWrittenOffset} = applyPronunciations({text, pronunciations: PRONUNCIATIONS, ignoreCase});
  return {spoken, offsets: Array.from({length: spoken.length + 1}, (_, i) => toWrittenOffset(i))};
};

const digest = (texts: string[], of: (text: string) => unknown) => ({
  texts: texts.length,
  fnv1a: fnv1a(JSON.stringify(texts.map(of))).toString(16),
});

const latinParagraphs = PARAGRAPHS.filter((paragraph) => !hasCjk(paragraph.text)).map((paragraph) => paragraph.text);
const sentenceCases = [...SENTENCE_CASES, ...HELD_OUT_CASES].map((each) => each.text).filter((text) => !hasCjk(text));
const randomLatin = randomTexts({count: 300, seed: 7, pieces: PIECES.filter((piece) => !hasCjk(piece))}).map((each) => each.text);

describe('English and other texts without CJK are split as before Chinese support', () => {
  it('splits the example composition\'s narration into the same clips', () => {
    const {narration} = explainerDefaultProps;
    const clips = narration.cues.map((cue) => {
      const {text} = extractMarks(normalizeText(cue.text));
      const {spoken} = applyPronunciations({text, pronunciations: narration.pronunciations});
      return [150, 60].map((maxCharacters) => splitTextIntoClips({text: spoken, maxCharacters, maxSpeechInSeconds: 15}).map((span) => span.text));
    });
    expect(clips).toMatchSnapshot();
  });

  it('gives the same clips, halves, breaks and estimates for the paragraphs, sentence cases and 300 random Latin texts', () => {
    expect(latinParagraphs.length).toBeGreaterThan(5);
    expect({
      paragraphs: digest(latinParagraphs, everything),
      sentenceCases: digest(sentenceCases, everything),
      random: digest(randomLatin, everything),
    }).toMatchSnapshot();
  });

  it('pronounces them the same, offsets back to the written text included', () => {
    const texts = [...latinParagraphs, ...sentenceCases, ...randomLatin, 'Write SQL in Remotion, not NoSQL or SQLite. Use SQL Server, C++ and C++11.'];
    expect({
      caseSensitive: digest(texts, (text) => pronounced(text, false)),
      ignoreCase: digest(texts, (text) => pronounced(text, true)),
    }).toMatchSnapshot();
  });
});
