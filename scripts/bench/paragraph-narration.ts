import type {Narration} from '../../src/core/narration-schema.ts';
import {estimateSpeechInSeconds} from '../../src/core/text/estimate-speech.ts';
import {FAKE_DEFAULT_SPEAKER_ID} from '../../test/fake-useapi/fake-useapi-server.ts';

/**
 * Row 6's narration: a 10-minute documentary script, 30 paragraph cues of several sentences each,
 * made deterministically (a fixed seed) from the fixed sentences below. Kept as sentences so that
 * row 6b can edit one of them. Row 8's long course continues it to hundreds of paragraphs.
 */
export type Paragraph = {id: string; sentences: string[]};

/**
 * Sentences are drawn until a paragraph has this many words (~51 on average): ~1,500 words in
 * all, 10 minutes at ~150 words a minute.
 */
const WORDS_PER_PARAGRAPH = 44;
const SEED = 0x6a_0a_2024;

/** What each of the 30 paragraphs is about; `{topic}` in a sentence is replaced by it. */
const TOPICS = [
  'the old harbour',
  'the northern reservoir',
  'the river delta',
  'the canal district',
  'the storm drains',
  'the pumping station',
  'the eastern aqueduct',
  'the salt marsh',
  'the flood barrier',
  'the water tower',
  'the lower lock',
  'the spring at Millbrook',
  'the treatment works',
  'the sea wall',
  'the mill race',
  'the western weir',
  'the city fountains',
  'the underground cistern',
  'the tidal basin',
  'the ferry crossing',
  'the brick sewers',
  'the upland lakes',
  'the dry dock',
  'the irrigation ditches',
  'the public baths',
  'the harbour lighthouse',
  'the quarry ponds',
  'the overflow channel',
  'the desalination plant',
  'the valley dam',
] as const;

/**
 * Where the topics are after the first 30 paragraphs (row 8's long course): paragraph 31 is about
 * "the old harbour at Ashford", and so on, so that every paragraph's topic is its own.
 */
const TOWNS = [
  'Ashford',
  'Bramley',
  'Carrow',
  'Dunmore',
  'Elswick',
  'Fernhill',
  'Greyhaven',
  'Holloway',
  'Ingleby',
  'Kirkwall',
  'Lydney',
  'Marston',
  'Northam',
  'Oakridge',
  'Penrith',
  'Redmire',
] as const;

/**
 * Sentences as a narration script has them: mostly 5 to 15 words (two often fit one clip of 150
 * characters, so the packing rule decides where clips end), some longer, a few too long for one
 * clip (cut at clauses), a few shorter than 30 characters (never cut off alone by the packing
 * rule). `{Topic}` is `{topic}` capitalized, `{year}` a year drawn per use.
 */
const SENTENCES = [
  '{Topic} was first mapped by surveyors with chains and notebooks.',
  'For most of its history, {topic} was known only to the people who lived beside it.',
  'Engineers later realised that {topic} carried far more water than expected.',
  'The earliest records describe {topic} as quiet and shallow.',
  'You could cross it on foot in summer.',
  'Today {topic} serves nearly two hundred thousand homes.',
  'Most of them never notice.',
  'It did not last.',
  'In {year}, a winter flood tore through {topic}.',
  'The lower streets were left under a metre of mud.',
  'The council argued for years about who should pay for the repairs.',
  'In the end, nobody did.',
  'Local newspapers printed angry letters every week.',
  'What makes {topic} interesting is not its size.',
  'It is the way it quietly shaped the city around it.',
  'When the first pumps arrived, they were driven by steam, fed by coal carried up from the docks in open carts, and tended day and night by crews who slept in a shed beside the boiler house.',
  'Children were warned to keep away from {topic}.',
  'Of course, that made it the most popular place to play.',
  'The water was tested every morning.',
  'The results went into a ledger that still survives.',
  'By the end of the century, {topic} had become a symbol of the city.',
  'Not everyone agreed.',
  'Some residents said {topic} had ruined the view and the fishing.',
  'Others pointed out that cholera had ruined rather more than that.',
  'Photographs from {year} show a crowd of several hundred people at {topic}.',
  'The mayor spoke for almost an hour, and the band played until it rained.',
  'Maintenance has always been the hard part.',
  'Every few decades, {topic} needs new gates, new pipes or new foundations.',
  'And every few decades, the money is difficult to find.',
  'Divers who inspected {topic} in {year} found coins, bicycles and a piano.',
  'They also found a surprisingly healthy population of eels.',
  'The workers who built {topic} are mostly forgotten.',
  'A few of their names are carved into a stone near the entrance.',
  "According to an engineer's report from {year}, the foundations rest on timber piles that were expected to last for decades but which, kept permanently wet, have lasted for well over a century instead.",
  'It is easy to forget how recent all of this is.',
  'Ask anyone who grew up nearby about {topic}.',
  'They will tell you a story, and it will mention the noise.',
  'On a still night, you can hear {topic} from a mile away.',
  'That sound has become part of the city, like church bells.',
  'Plans to modernise {topic} were drawn up in {year}.',
  'They were shelved, revived and shelved again.',
  'The current design is a compromise that nobody loves.',
  'In dry summers, the level at {topic} drops far enough to show older walls.',
  'Historians still disagree about who built them.',
  'There is a small museum beside {topic}, open on Saturdays.',
  'It is staffed entirely by volunteers.',
  'Its most popular exhibit is a matchstick model made by a retired lock keeper.',
  'Visitors often ask whether the water is safe to drink.',
  'It is, although it tastes faintly of iron.',
  'Climate scientists expect {topic} to face heavier rain within a generation.',
  'The next big decision about {topic} will be made by people who are children today.',
  'So it goes.',
  'The original drawings were found in a solicitor\'s attic in the nineteen-seventies, rolled up in a cardboard tube, only weeks before the building was demolished.',
] as const;

/** mulberry32: a small deterministic generator, so the narration is the same in every run. */
const randomFrom = (seed: number) => {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** The topic of the paragraph at `index`: one of the 30, then the same 30 in each town in turn. */
const topicOf = (index: number): string => {
  const topic = TOPICS[index % TOPICS.length]!;
  if (index < TOPICS.length) return topic;
  const town = TOWNS[Math.floor(index / TOPICS.length) - 1];
  if (town === undefined) throw new Error(`The narration generator has topics for ${TOPICS.length * (TOWNS.length + 1)} paragraphs, not ${index + 1}.`);
  return `${topic} at ${town}`;
};

/**
 * `count` paragraphs (default 30: row 6's narration, whose paragraphs are the first 30 of any
 * count with the default `wordsPerParagraph`), each of sentences drawn without repetition inside
 * the paragraph until it has `wordsPerParagraph` words. A sentence that does not name the topic is
 * used once in the whole narration: a writer does not repeat one, and identical clips in
 * different cues would be generated once. Once those are used up (after ~10 paragraphs),
 * paragraphs are made of sentences that name their topic.
 */
export const paragraphs = ({count = TOPICS.length, wordsPerParagraph = WORDS_PER_PARAGRAPH}: {count?: number; wordsPerParagraph?: number} = {}): Paragraph[] => {
  const random = randomFrom(SEED);
  const usedGeneric = new Set<string>();
  return Array.from({length: count}, (_, index) => topicOf(index)).map((topic, index) => {
    const unused: string[] = SENTENCES.filter((template) => !usedGeneric.has(template));
    const sentences: string[] = [];
    let words = 0;
    while (words < wordsPerParagraph && unused.length > 0) {
      const [template] = unused.splice(Math.floor(random() * unused.length), 1);
      if (!/\{topic\}/i.test(template!)) usedGeneric.add(template!);
      const sentence = template!
        .replaceAll('{Topic}', topic[0]!.toUpperCase() + topic.slice(1))
        .replaceAll('{topic}', topic)
        .replaceAll('{year}', () => String(1850 + Math.floor(random() * 140)));
      sentences.push(sentence);
      words += wordCount(sentence);
    }
    return {id: `paragraph-${index + 1}`, sentences};
  });
};

export const narrationOfParagraphs = (list: Paragraph[]): Narration => ({
  voice: {speakerId: FAKE_DEFAULT_SPEAKER_ID, speed: 1},
  cues: list.map(({id, sentences}) => ({id, text: sentences.join(' ')})),
});

/** Words, characters and estimated minutes of speech of a narration, for the report. */
export const describeNarration = (narration: Narration): string => {
  const texts = narration.cues.map((cue) => cue.text);
  const words = texts.reduce((sum, text) => sum + wordCount(text), 0);
  const characters = texts.reduce((sum, text) => sum + [...text].length, 0);
  const minutes = texts.reduce((sum, text) => sum + estimateSpeechInSeconds({text, speed: 1}), 0) / 60;
  return `${narration.cues.length} cues, ${words} words, ${characters} characters, ~${minutes.toFixed(1)} min of estimated speech`;
};

// Row 6b: one-sentence edits, each in a different cue, as a writer makes them.

export type SentenceEdit = {
  /** What the edit is, for the report. */
  label: string;
  /** Index of the paragraph edited. */
  paragraph: number;
  apply: (sentences: string[]) => string[];
};

/** Words the "replace a word" edits swap, as a writer would (same meaning, another word). */
const SYNONYMS: Record<string, string> = {
  quiet: 'calm',
  angry: 'furious',
  popular: 'famous',
  several: 'many',
  hard: 'difficult',
  surprisingly: 'remarkably',
  forgotten: 'unknown',
  noise: 'sound',
  rain: 'drizzle',
  traffic: 'trams',
  volunteers: 'retirees',
  eels: 'pike',
  entrance: 'gate',
  notebooks: 'ledgers',
  expected: 'imagined',
  iron: 'rust',
  today: 'now',
  generation: 'lifetime',
  whom: 'which builder',
  drink: 'swim in',
  air: 'morning air',
  century: 'decade',
  homes: 'households',
  mud: 'silt',
  names: 'initials',
  keeper: 'worker',
  away: 'off',
  instead: 'so far',
  survives: 'exists',
  played: 'kept playing',
  city: 'town',
  weekly: 'daily',
  week: 'day',
  morning: 'evening',
  model: 'replica',
  story: 'tale',
  decision: 'choice',
  museum: 'gallery',
  small: 'little',
  children: 'teenagers',
  repairs: 'works',
  big: 'major',
  coins: 'buttons',
  piano: 'pram',
  crowd: 'throng',
  speech: 'address',
  heavier: 'stronger',
  gates: 'sluices',
  pipes: 'valves',
  walls: 'remains',
  chains: 'ropes',
  families: 'people',
  shallow: 'narrow',
  coal: 'coke',
  steam: 'gas',
  symbol: 'sign',
  fishing: 'boating',
  residents: 'neighbours',
  workers: 'labourers',
  surveyors: 'engineers',
  engineers: 'surveyors',
  report: 'survey',
  timber: 'oak',
  ledger: 'logbook',
  bells: 'clocks',
  mile: 'kilometre',
  stone: 'plaque',
  summers: 'years',
  matchsticks: 'balsa',
  find: 'raise',
  opening: 'ceremony',
  play: 'swim',
  foot: 'horseback',
  noticing: 'knowing',
  confidence: 'pride',
  tolerates: 'accepts',
  last: 'survive',
  agreed: 'approved',
  house: 'room',
};

/**
 * Replaces one word of one sentence by its synonym: the first word in `where` (the last word, or
 * any word but the first and last) of the first sentence from `from` on that has one (then from
 * the first sentence).
 */
const replaceWord =
  ({where, from}: {where: 'last' | 'middle'; from: number}) =>
  (sentences: string[]): string[] => {
    // From `from` to the end, then the sentences before it.
    const order = sentences.map((_, i) => (from + i) % sentences.length);
    for (const s of order) {
      const words = sentences[s]!.split(' ');
      const positions = where === 'last' ? [words.length - 1] : words.map((_, i) => i).slice(1, -1);
      for (const position of positions) {
        const [, bare, punctuation] = /^(.*?)([.,!?;:]*)$/.exec(words[position]!)!;
        const synonym = SYNONYMS[bare!];
        if (synonym === undefined) continue;
        words[position] = `${synonym}${punctuation}`;
        return sentences.map((sentence, i) => (i === s ? words.join(' ') : sentence));
      }
    }
    throw new Error(`No sentence has a replaceable ${where} word: ${sentences.join(' ')}`);
  };

/** Where a sentence is added or deleted: the middle one (of 3 or more), the first or the end. */
type Place = 'first' | 'middle' | 'end';

const indexOf = (place: Place, sentences: string[]): number => {
  if (place === 'middle' && sentences.length < 3) throw new Error(`A cue of ${sentences.length} sentence(s) has no middle one: ${sentences.join(' ')}`);
  return place === 'first' ? 0 : place === 'middle' ? Math.floor(sentences.length / 2) : sentences.length;
};

const insertSentence = (place: Place, sentence: string) => (sentences: string[]): string[] => {
  const at = indexOf(place, sentences);
  return [...sentences.slice(0, at), sentence, ...sentences.slice(at)];
};

const deleteSentence = (place: Exclude<Place, 'end'>) => (sentences: string[]): string[] => {
  if (sentences.length < 2) throw new Error('Deleting the only sentence of a cue is not a one-sentence edit.');
  const at = indexOf(place, sentences);
  return sentences.filter((_, i) => i !== at);
};

/** Seven edits, one sentence each, in seven different cues. */
export const SENTENCE_EDITS: SentenceEdit[] = [
  {label: 'replace a word inside a sentence', paragraph: 2, apply: replaceWord({where: 'middle', from: 1})},
  {label: 'replace the last word of a sentence', paragraph: 7, apply: replaceWord({where: 'last', from: 1})},
  {label: 'replace a word inside the first sentence', paragraph: 23, apply: replaceWord({where: 'middle', from: 0})},
  {label: 'add a sentence in the middle', paragraph: 11, apply: insertSentence('middle', 'Few people outside the city have ever heard of it, and fewer still have seen it.')},
  {label: 'add a sentence at the end', paragraph: 16, apply: insertSentence('end', 'The rest of the story is told in the next chapter.')},
  {label: 'delete a sentence in the middle', paragraph: 19, apply: deleteSentence('middle')},
  {label: 'delete the first sentence', paragraph: 26, apply: deleteSentence('first')},
];
