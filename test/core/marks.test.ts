import {describe, expect, it} from 'vitest';
import {emptyManifest} from '../../src/core/manifest-schema.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import {splitCue} from '../../src/core/clip-request.ts';
import {extractMarks} from '../../src/core/text/marks.ts';

describe('bookmarks in a cue\'s text', () => {
  it('are taken out of what is spoken (and hashed), with where the next word starts', () => {
    const {text, marks, problem} = extractMarks('Revenue grew <mark name="chart"/> twelve percent, <mark name=\'end\' /> then fell.');
    expect(text).toBe('Revenue grew twelve percent, then fell.');
    expect(problem).toBeNull();
    expect(marks).toEqual([
      {name: 'chart', offset: text.indexOf('twelve')},
      {name: 'end', offset: text.indexOf('then')},
    ]);
    const {clips} = splitCue({narration: {voice: {speakerId: 'v'}, cues: []}, cue: {id: 'a', text: 'Revenue grew <mark name="chart"/> twelve percent.'}, provider: 'kling'});
    expect(clips[0]!.request.text).toBe('Revenue grew twelve percent.');
  });

  it('refuse any other tag, which the service would read aloud, and bad or repeated names', () => {
    expect(extractMarks('Wait <break time="1s"/> for it.').problem).toContain('"<break time="1s"/>", which the speech service would read aloud');
    expect(extractMarks('A <b>bold</b> claim.').problem).toContain('"<b>"');
    expect(extractMarks('<mark name="a"/>One <mark name="a"/>two.').problem).toContain('appears twice');
    expect(extractMarks('<mark name="9 lives"/>One.').problem).toContain('is not usable');
    expect(extractMarks('Plain text, 3 < 4 and 5 > 2.').problem).toBeNull();
  });

  it('become the frame where the next word starts, in the timeline', async () => {
    const narration = {voice: {speakerId: 'v'}, cues: [{id: 'a', text: 'One two <mark name="three"/> three four.'}]};
    const timeline = await resolveNarrationTimeline({narration, manifest: emptyManifest(), fps: 30, compositionId: 'Demo', allowMissing: true});
    const cue = timeline.cues[0]!;
    const three = cue.clips[0]!.words.find((word) => word.text === 'three')!;
    expect(cue.marks).toEqual({three: three.startFrame});
    expect(cue.marks.three).toBeGreaterThan(cue.startFrame);
  });
});
