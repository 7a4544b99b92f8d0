import {describe, expect, it} from 'vitest';
import {splitCue} from '../../src/core/clip-request.ts';
import {compositionClips} from '../../src/core/composition-clips.ts';
import {emptyManifest, type Manifest} from '../../src/core/manifest-schema.ts';

/** The clips of one cue, keyed as compositionClips keys a composition prepared with Kling and `limits`. */
const cueClips = async ({narration, cue, limits}: {narration: Parameters<typeof compositionClips>[0]['narration']; cue: {id: string; text: string}; provider: string; limits: {maxCharacters: number; maxSpeechInSeconds: number}}) => {
  const manifest: Manifest = {...emptyManifest(), compositions: {C: {provider: 'kling', limits}}};
  const [keyed] = await compositionClips({manifest, compositionId: 'C', narration: {...narration, cues: [cue]}});
  return keyed!;
};
import type {Narration} from '../../src/core/narration-schema.ts';
import {applyPronunciations} from '../../src/core/text/apply-pronunciations.ts';

const paragraph =
  'Remotion renders videos from React code. Every frame is a function of time, so a change to one line re-renders the whole video. ' +
  'Narration used to be the exception: you recorded it by hand, measured it, and moved every scene when a sentence changed. ' +
  'With prepare, each cue is spoken, cached under a hash of its text, and measured. The measured lengths then set the timing. ' +
  'Editing one sentence regenerates only the clip that holds it. Nothing else is paid for twice. ' +
  'SQL queries, Dr. Smith and the U.S. stay in one piece, as do decimals such as 3.5 %.';

const narration = (overrides: Partial<Narration> = {}): Narration => ({voice: {speakerId: 'uk_man2'}, cues: [], ...overrides});
const limits = {maxCharacters: 150, maxSpeechInSeconds: 15};

describe('a cue of any length', () => {
  it('is split into clips within the limits that, together, say the whole text', () => {
    const {clips} = splitCue({narration: narration(), cue: {id: 'p', text: paragraph}, provider: 'kling', limits});
    expect(clips.length).toBeGreaterThanOrEqual(4);
    for (const {request} of clips) expect([...request.text].length).toBeLessThanOrEqual(150);
    expect(clips.map(({request}) => request.text).join(' ')).toBe(paragraph);
    expect(clips.map(({writtenText}) => writtenText).join(' ')).toBe(paragraph);
  });

  it('regenerates at most two clips when one sentence is edited', async () => {
    const keysOf = async (text: string) =>
      new Set((await cueClips({narration: narration(), cue: {id: 'p', text}, provider: 'kling', limits})).clips.map((clip) => clip.key));
    const before = await keysOf(paragraph);
    const edits = [
      paragraph.replace('Nothing else is paid for twice.', 'Nothing is ever paid for twice.'),
      paragraph.replace('The measured lengths then set the timing.', 'The measured lengths then set the timing of every scene.'),
      paragraph.replace('Remotion renders videos from React code.', 'Remotion makes videos with React.'),
    ];
    for (const edited of edits) {
      const after = await keysOf(edited);
      const added = [...after].filter((key) => !before.has(key));
      expect(added.length, edited).toBeLessThanOrEqual(2);
    }
  });
});

describe('pronunciations', () => {
  it('change what is said, and so the key, never what is written', async () => {
    const cue = {id: 'q', text: 'Write SQL in Remotion, not NoSQL or SQLite.'};
    const plain = (await cueClips({narration: narration(), cue, provider: 'kling', limits})).clips;
    const spoken = (await cueClips({narration: narration({pronunciations: {SQL: 'sequel', Remotion: 'Ree-motion'}}), cue, provider: 'kling', limits})).clips;
    expect(spoken[0]!.request.text).toBe('Write sequel in Ree-motion, not NoSQL or SQLite.');
    expect(spoken[0]!.writtenText).toBe('Write SQL in Remotion, not NoSQL or SQLite.');
    expect(spoken[0]!.key).not.toBe(plain[0]!.key);
  });

  it('match whole words, case-sensitive unless asked, longer entries first', () => {
    const pronunciations = {SQL: 'sequel', 'SQL Server': 'sequel server'};
    expect(applyPronunciations({text: 'sql and SQL Server and SQL.', pronunciations}).spoken).toBe('sql and sequel server and sequel.');
    expect(applyPronunciations({text: 'sql and Sql.', pronunciations, ignoreCase: true}).spoken).toBe('sequel and sequel.');
  });

  it('map every spoken offset back to the written text, so split clips keep their written words', () => {
    const text = 'The SQL engine. The UI is fast.';
    const {spoken, toWrittenOffset} = applyPronunciations({text, pronunciations: {SQL: 'ess cue ell', UI: 'you eye'}});
    expect(spoken).toBe('The ess cue ell engine. The you eye is fast.');
    const cut = spoken.indexOf(' The you');
    expect(text.slice(0, toWrittenOffset(cut))).toBe('The SQL engine.');
    expect(text.slice(toWrittenOffset(cut + 1))).toBe('The UI is fast.');
  });
});
