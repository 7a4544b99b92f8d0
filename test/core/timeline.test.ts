import {describe, expect, it} from 'vitest';
import {cacheKeyForClip} from '../../src/core/cache-key.ts';
import {clipRequestsForCue} from '../../src/core/clip-request.ts';
import {compactNarrationTimeline, expandNarrationTimeline} from '../../src/core/compact-timeline.ts';
import {emptyManifest} from '../../src/core/manifest-schema.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import {buildTimeline, secondsToFramesRoundingUp, type ClipPlacement, type NarrationTimeline} from '../../src/core/timeline.ts';
import type {Narration} from '../../src/core/narration-schema.ts';

const stored = (durationInSeconds: number, key = 'k'): ClipPlacement => ({
  key,
  text: 'text',
  speed: 1,
  stored: {
    file: `narration/${key}.mp3`,
    audio: {sampleRate: 44100, durationInSeconds, leadingSilenceInSeconds: 0.1, trailingSilenceInSeconds: 0.2},
  },
});

const narration = (overrides: Partial<Narration> = {}): Narration => ({
  voice: {speakerId: 'v'},
  leadInInSeconds: 0.5,
  gapInSeconds: 0.4,
  tailInSeconds: 1,
  cues: [
    {id: 'a', text: 'A'},
    {id: 'b', text: 'B', pauseAfterInSeconds: 1},
    {id: 'c', text: 'C'},
  ],
  ...overrides,
});

describe('secondsToFramesRoundingUp', () => {
  it('rounds any part of a frame up, so audio is never cut', () => {
    expect(secondsToFramesRoundingUp(1, 30)).toBe(30);
    expect(secondsToFramesRoundingUp(1.001, 30)).toBe(31);
    expect(secondsToFramesRoundingUp(2.3456, 30)).toBe(71);
  });
  it('ignores float noise (0.1 s at 30 fps is 3 frames, not 4)', () => {
    expect(secondsToFramesRoundingUp(0.1, 30)).toBe(3);
    expect(secondsToFramesRoundingUp(0.7, 30)).toBe(21);
  });
});

/** Every speech-to-speech pause of a timeline, in order: lead-in, then between clips, then the tail. */
const pausesOf = (timeline: NarrationTimeline) => {
  const clips = timeline.cues.flatMap((cue) => cue.clips);
  const pauses = [clips[0]!.speechStartInSeconds];
  for (let i = 1; i < clips.length; i++) pauses.push(clips[i]!.speechStartInSeconds - clips[i - 1]!.speechEndInSeconds);
  pauses.push(timeline.durationInFrames / timeline.fps - clips.at(-1)!.speechEndInSeconds);
  return pauses;
};

/** A clip with its own leading and trailing silence. */
const withSilences = (durationInSeconds: number, leading: number, trailing: number, key = 'k'): ClipPlacement => ({
  key,
  text: 'text',
  speed: 1,
  stored: {file: `narration/${key}.mp3`, audio: {sampleRate: 44100, durationInSeconds, leadingSilenceInSeconds: leading, trailingSilenceInSeconds: trailing}},
});

describe('buildTimeline', () => {
  it('makes every pause the one asked for, measured on the speech: never shorter, less than a frame longer', () => {
    const fps = 30;
    const timeline = buildTimeline({narration: narration(), clips: [[stored(2.01)], [stored(1)], [stored(0.5)]], fps});
    // Asked: lead-in 0.5, gap 0.4 after a, cue b's own pause 1, tail 1.
    const asked = [0.5, 0.4, 1, 1];
    pausesOf(timeline).forEach((pause, index) => {
      expect(pause, `pause ${index}`).toBeGreaterThanOrEqual(asked[index]! - 1e-9);
      expect(pause - asked[index]!, `pause ${index}`).toBeLessThan(1 / fps);
    });
    expect(timeline.cues.every((cue) => cue.status === 'ready')).toBe(true);
    // The files' own silences (0.1 s before, 0.2 s after) are not added on top.
    expect(timeline.cues[1]!.clips[0]!.startFrame).toBe(Math.ceil((2.21 + 0.4 - 0.1) * fps));
  });

  it('covers every clip fully, and starts no file before the previous speech ended', () => {
    const fps = 30;
    const durations = [1.234, 0.987, 3.3333];
    const timeline = buildTimeline({
      narration: narration({cues: durations.map((_, i) => ({id: `c${i}`, text: 'x'}))}),
      clips: durations.map((d) => [stored(d)]),
      fps,
    });
    const clips = timeline.cues.flatMap((cue) => cue.clips);
    clips.forEach((clip, i) => {
      expect(Number.isInteger(clip.startFrame)).toBe(true);
      expect((clip.durationInFrames + clip.trimBeforeInFrames) / fps).toBeGreaterThanOrEqual(durations[i]!);
      expect(clip.startFrame + clip.durationInFrames).toBeLessThanOrEqual(timeline.durationInFrames);
      const previous = clips[i - 1];
      if (previous) expect(clip.startFrame / fps).toBeGreaterThanOrEqual(previous.speechEndInSeconds - 1e-9);
    });
  });

  it('skips whole frames of a file\'s own leading silence when it is longer than the pause, and never any speech', () => {
    const fps = 30;
    const timeline = buildTimeline({
      narration: narration({leadInInSeconds: 0.1, gapInSeconds: 0.05, cues: [{id: 'a', text: 'A'}, {id: 'b', text: 'B'}]}),
      clips: [[withSilences(2, 0.4, 0.3, 'k1')], [withSilences(2, 0.5, 0.3, 'k2')]],
      fps,
    });
    const [first, second] = timeline.cues.map((cue) => cue.clips[0]!);
    expect(first!.startFrame).toBe(0);
    expect(first!.trimBeforeInFrames).toBe(9); // 0.3 s of the 0.4 s silence skipped: speech at 0.1 s
    expect(first!.speechStartInSeconds).toBeCloseTo(0.1, 9);
    expect(second!.trimBeforeInFrames).toBeGreaterThan(0);
    expect(second!.trimBeforeInFrames / fps).toBeLessThanOrEqual(0.5);
    const pause = second!.speechStartInSeconds - first!.speechEndInSeconds;
    expect(pause).toBeGreaterThanOrEqual(0.05 - 1e-9);
    expect(pause - 0.05).toBeLessThan(1 / fps);
  });

  it('joins the clips of one cue with the sentence pause, and the cue spans them all', () => {
    const fps = 30;
    const timeline = buildTimeline({
      narration: narration({sentencePauseInSeconds: 0.3, cues: [{id: 'long', text: 'x'}]}),
      clips: [[stored(1, 'k1'), stored(0.5, 'k2')]],
      fps,
    });
    const [cue] = timeline.cues;
    const [one, two] = cue!.clips;
    const pause = two!.speechStartInSeconds - one!.speechEndInSeconds;
    expect(pause).toBeGreaterThanOrEqual(0.3 - 1e-9);
    expect(pause - 0.3).toBeLessThan(1 / fps);
    expect(cue!.startFrame).toBe(one!.speechStartFrame);
    expect(cue!.speechEndFrame).toBe(two!.speechEndFrame);
    expect(cue!.durationInFrames).toBe(two!.speechEndFrame - one!.speechStartFrame);
  });

  it('keeps a cue up for its minDurationInSeconds: the pause after it grows', () => {
    const fps = 30;
    const timeline = buildTimeline({
      narration: narration({cues: [{id: 'title', text: 'T', minDurationInSeconds: 3, pauseAfterInSeconds: 0.5}, {id: 'next', text: 'N'}]}),
      clips: [[stored(1)], [stored(1)]],
      fps,
    });
    const [title, next] = timeline.cues;
    expect(title!.durationInFrames).toBe(secondsToFramesRoundingUp(title!.speechStartInSeconds + 3, fps) - title!.startFrame);
    const silence = next!.speechStartInSeconds - title!.speechEndInSeconds;
    expect(silence).toBeGreaterThanOrEqual(3 - (title!.speechEndInSeconds - title!.speechStartInSeconds) + 0.5 - 1e-9);
  });

  it('estimates missing clips from their text and marks the cue missing', () => {
    const timeline = buildTimeline({
      narration: narration({cues: [{id: 'x', text: 'x'.repeat(100)}]}),
      clips: [[{key: 'k', text: 'x'.repeat(100), speed: 2, stored: null}]],
      fps: 30,
    });
    expect(timeline.cues[0]!.status).toBe('missing');
    expect(timeline.cues[0]!.clips[0]!.file).toBeNull();
    expect(timeline.cues[0]!.durationInFrames).toBe(Math.ceil((100 * 0.065 * 30) / 2));
  });

  it('uses the documented defaults when pauses are not set', () => {
    const fps = 30;
    const timeline = buildTimeline({
      narration: {voice: {speakerId: 'v'}, cues: [{id: 'a', text: 'A'}, {id: 'b', text: 'B'}]},
      clips: [[stored(1, 'k1'), stored(1, 'k2')], [stored(1, 'k3')]],
      fps,
    });
    // Lead-in 0.5 s, sentence pause 0.45 s, gap 0.75 s, tail 1 s.
    const asked = [0.5, 0.45, 0.75, 1];
    pausesOf(timeline).forEach((pause, index) => {
      expect(pause).toBeGreaterThanOrEqual(asked[index]! - 1e-9);
      expect(pause - asked[index]!).toBeLessThan(1 / fps);
    });
  });

  it('rejects a bad fps with a sentence', () => {
    expect(() => buildTimeline({narration: narration(), clips: [], fps: 0})).toThrow(/fps must be a positive number, but got 0/);
  });
});

describe('resolveNarrationTimeline', () => {
  it('marks a cue the service refused, with the reason, and a render names it', async () => {
    const input: Narration = {voice: {speakerId: 'v'}, cues: [{id: 'bad', text: 'Refused line.'}]};
    const [request] = clipRequestsForCue({narration: input, cue: input.cues[0]!, provider: 'kling'});
    const manifest = {...emptyManifest(), compositions: {Demo: {provider: 'kling', limits: {maxCharacters: 150, maxSpeechInSeconds: 15}}}, moderated: {[await cacheKeyForClip(request!)]: {reason: 'violates the guidelines', at: 'now'}}};
    const timeline = await resolveNarrationTimeline({narration: input, manifest, fps: 30, compositionId: 'Demo', allowMissing: true});
    expect(timeline.cues[0]!.status).toBe('moderated');
    expect(timeline.cues[0]!.clips[0]!.moderationReason).toBe('violates the guidelines');
    await expect(resolveNarrationTimeline({narration: input, manifest, fps: 30, compositionId: 'Demo', allowMissing: false})).rejects.toThrow(
      'Composition "Demo": narration cue "bad" ("Refused line.") [refused by moderation: reword it] has no audio yet.',
    );
  });
});

describe('word times of Chinese text', () => {
  const timelineOf = (input: Narration) => resolveNarrationTimeline({narration: input, manifest: emptyManifest(), fps: 30, compositionId: 'Demo', allowMissing: true});

  it('gives the characters a pronunciation says as one word parts of its time, in order', async () => {
    const input: Narration = {voice: {speakerId: 'v'}, pronunciations: {重庆市: 'Chongqing'}, cues: [{id: 'a', text: '我在重庆市工作很开心。'}]};
    const words = (await timelineOf(input)).cues[0]!.clips.flatMap((clip) => clip.words);
    expect(words.map((word) => word.text)).toEqual(['我', '在', '重', '庆', '市', '工', '作', '很', '开', '心。']);
    words.slice(1).forEach((word, index) => {
      const before = words[index]!;
      expect(word.startInSeconds, `${before.text} then ${word.text}`).toBeGreaterThanOrEqual(before.endInSeconds - 1e-9);
      expect(word.endInSeconds).toBeGreaterThan(word.startInSeconds);
    });
  });

  it('puts a bookmark right after an opening quote on the character after it', async () => {
    const input: Narration = {voice: {speakerId: 'v'}, cues: [{id: 'a', text: '他说：「<mark name="quote"/>你好」，然后走了。'}]};
    const cue = (await timelineOf(input)).cues[0]!;
    const words = cue.clips.flatMap((clip) => clip.words);
    const opened = words.find((word) => word.text === '「你')!;
    expect(opened, words.map((word) => word.text).join('|')).toBeDefined();
    expect(cue.marks.quote).toBe(opened.startFrame);
  });
});

describe('a dialogue', () => {
  it('gives each timeline cue its speaker, voice settings and language, also through the compact form of the props', async () => {
    const input: Narration = {
      voice: {speakerId: 'host', speed: 1.1},
      cues: [
        {id: 'q', text: 'What does it cost?'},
        {id: 'a', text: 'Nothing twice.', speakerId: 'guest', emotion: 'happy'},
        {id: 'zh', text: '再说一遍。', speakerId: 'guest', speed: 0.9},
      ],
    };
    const timeline = await resolveNarrationTimeline({narration: input, manifest: emptyManifest(), fps: 30, compositionId: 'Demo', allowMissing: true});
    const expected = [
      {id: 'q', voice: {speakerId: 'host', speed: 1.1, emotion: null}, language: 'en'},
      {id: 'a', voice: {speakerId: 'guest', speed: 1.1, emotion: 'happy'}, language: 'en'},
      {id: 'zh', voice: {speakerId: 'guest', speed: 0.9, emotion: null}, language: 'zh'},
    ];
    expect(timeline.cues.map(({id, voice, language}) => ({id, voice, language}))).toEqual(expected);
    const expanded = expandNarrationTimeline(compactNarrationTimeline(timeline));
    expect(expanded.cues.map(({id, voice, language}) => ({id, voice, language}))).toEqual(expected);
  });
});
