import {describe, expect, it} from 'vitest';
import {InvalidInputError} from '../../src/core/errors.ts';
import {parseNarration} from '../../src/core/parse-narration.ts';

const valid = {voice: {speakerId: 'uk_man2'}, cues: [{id: 'intro', text: 'Hello.'}]};

describe('parseNarration', () => {
  it('accepts a valid narration', () => {
    expect(parseNarration({value: valid, compositionId: 'Demo'}).cues).toHaveLength(1);
  });

  it('names the composition, the path and the value of a bad speed', () => {
    const value = {...valid, cues: [{id: 'a', text: 'x'}, {id: 'b', text: 'y', speed: 2.5}]};
    const error = (() => {
      try {
        parseNarration({value, compositionId: 'Demo'});
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error!.message).toContain('composition "Demo"');
    expect(error!.message).toContain('narration.cues[1].speed: speed must be between 0.8 and 2 (got 2.5)');
  });

  it('rejects duplicate cue ids, naming both places', () => {
    const value = {...valid, cues: [{id: 'a', text: 'x'}, {id: 'a', text: 'y'}]};
    expect(() => parseNarration({value, compositionId: 'Demo'})).toThrow(
      'Composition "Demo": narration.cues[1] has the id "a", which narration.cues[0] already uses.',
    );
  });

  it('says how to add a missing narration prop', () => {
    expect(() => parseNarration({value: undefined, compositionId: 'Demo'})).toThrow(/has no "narration" prop/);
  });
});
