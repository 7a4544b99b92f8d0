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

  it('inside Chinese text, become the frame where the next character starts', async () => {
    const narration = {
      voice: {speakerId: 'v'},
      cues: [{id: 'a', text: '欢迎<mark name="next"/>大家，<mark name="quote"/>「你好」<mark name="after"/>。然后我们用<mark name="api"/>API接口。'}],
    };
    const timeline = await resolveNarrationTimeline({narration, manifest: emptyManifest(), fps: 30, compositionId: 'Demo', allowMissing: true});
    const cue = timeline.cues[0]!;
    const words = cue.clips.flatMap((clip) => clip.words);
    const frameOf = (text: string) => words.find((word) => word.text === text)!.startFrame;
    expect(words.map((word) => word.text)).toEqual(['欢', '迎', '大', '家，', '「你', '好」。', '然', '后', '我', '们', '用', 'API', '接', '口。']);
    expect(cue.marks).toEqual({next: frameOf('大'), quote: frameOf('「你'), after: frameOf('然'), api: frameOf('API')});
    // Each character has its own frame: the marks are not all on one word.
    expect(new Set(Object.values(cue.marks)).size).toBe(4);
  });

  it('written with spaces around them inside Chinese text, leave no space in what is spoken', () => {
    expect(extractMarks('欢迎 <mark name="x"/> 大家')).toEqual({text: '欢迎大家', marks: [{name: 'x', offset: 2}], problem: null});
    expect(extractMarks('欢迎 <mark name="a"/> <mark name="b"/> 大家。').text).toBe('欢迎大家。');
    expect(extractMarks('你好。 <mark name="x"/> 大家').text).toBe('你好。大家');
    // A space written beside a Latin word is the text's own, and stays, as it does in English.
    expect(extractMarks('我们用 <mark name="x"/> API 接口')).toEqual({text: '我们用 API 接口', marks: [{name: 'x', offset: 4}], problem: null});
    expect(extractMarks('One two <mark name="three"/> three four.').text).toBe('One two three four.');
    const {clips} = splitCue({narration: {voice: {speakerId: 'v'}, cues: []}, cue: {id: 'a', text: '欢迎 <mark name="x"/> 大家。'}, provider: 'kling'});
    expect(clips[0]!.request.text).toBe('欢迎大家。');
  });
});
