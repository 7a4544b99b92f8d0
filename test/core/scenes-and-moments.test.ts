import {describe, expect, it} from 'vitest';
import {compactNarrationTimeline, expandNarrationTimeline} from '../../src/core/compact-timeline.ts';
import type {Narration, NarrationCueInput} from '../../src/core/narration-schema.ts';
import {parseNarration} from '../../src/core/parse-narration.ts';
import {shiftTimeline} from '../../src/core/shift-timeline.ts';
import {buildTimeline, type ClipPlacement, type NarrationTimeline, type TimelineClip} from '../../src/core/timeline.ts';

const FPS = 30;

/** A stored clip with its own silences: `speech` seconds of speech between them. */
const clip = (speech: number, {leading = 0.12, trailing = 0.2, key = 'k'}: {leading?: number; trailing?: number; key?: string} = {}): ClipPlacement => ({
  key,
  text: 'one two three four',
  speed: 1,
  stored: {
    file: `narration/${key}.mp3`,
    audio: {sampleRate: 24000, durationInSeconds: leading + speech + trailing, leadingSilenceInSeconds: leading, trailingSilenceInSeconds: trailing},
    wordTiming: {by: 'test', words: [0, 1, 2, 3].map((index) => [leading + (speech * index) / 4, leading + (speech * (index + 1)) / 4])},
  },
});

const parse = (narration: Omit<Narration, 'cues'> & {cues: NarrationCueInput[]}) => parseNarration({value: narration, compositionId: 'Tour'});

/** The timeline of a narration whose spoken cues each have one clip of `speech[id]` seconds (2 s by default). */
const timelineOf = (narration: Narration, speech: Record<string, number> = {}): NarrationTimeline =>
  buildTimeline({
    narration,
    clips: narration.cues.map((cue) => (cue.silenceInSeconds !== undefined ? [] : [clip(speech[cue.id] ?? 2, {key: cue.id})])),
    fps: FPS,
  });

const cue = (timeline: NarrationTimeline, id: string) => timeline.cues.find((each) => each.id === id)!;
const speechOf = (clips: TimelineClip[]) => [clips[0]!.speechStartInSeconds, clips.at(-1)!.speechEndInSeconds] as const;

describe('cues at fixed moments', () => {
  it('start their speech at the moment, to within a frame, with no drift over many cues', () => {
    const cues = Array.from({length: 40}, (_, index) => ({id: `line-${index}`, text: 'A line.', atInSeconds: 1.234 + index * 3.1}));
    const timeline = timelineOf(parse({voice: {speakerId: 'v'}, cues}));
    for (const [index, each] of timeline.cues.entries()) {
      const moment = 1.234 + index * 3.1;
      const start = each.clips[0]!.speechStartInSeconds;
      expect(start - moment, each.id).toBeGreaterThanOrEqual(-1e-9);
      expect(start - moment, each.id).toBeLessThan(1 / FPS);
      expect(each.slot?.playbackRate ?? 1).toBe(1);
    }
  });

  it('take frames too (atFrame), counted in the composition\'s fps', () => {
    const timeline = timelineOf(parse({voice: {speakerId: 'v'}, cues: [{id: 'a', text: 'A.', atFrame: 45}, {id: 'b', text: 'B.', atFrame: 200}]}));
    const start = cue(timeline, 'a').clips[0]!.speechStartInSeconds;
    expect(start).toBeGreaterThanOrEqual(1.5);
    expect(start).toBeLessThan(1.5 + 1 / FPS);
    expect(cue(timeline, 'b').startFrame).toBe(200);
  });

  it('play a line too long for its slot faster, by the least rate that fits, pitch kept', () => {
    // 4.6 s of speech, then the gap (0.75 s), before the next moment 5 s later: 0.35 s too long.
    const narration = parse({voice: {speakerId: 'v'}, cues: [{id: 'a', text: 'A.', atInSeconds: 1}, {id: 'b', text: 'B.', atInSeconds: 6}]});
    const timeline = timelineOf(narration, {a: 4.6});
    const a = cue(timeline, 'a');
    expect(a.playbackRate).toBeGreaterThan(1);
    expect(a.playbackRate).toBeLessThanOrEqual(1.15);
    expect(a.clips[0]!.playbackRate).toBe(a.playbackRate);
    expect(a.slot).toMatchObject({startInSeconds: 1, endInSeconds: 6, overflowInSeconds: 0, playbackRate: a.playbackRate});
    // Speech and pause, and less than a frame of placement.
    expect(a.slot!.naturalLengthInSeconds - (4.6 + 0.75)).toBeGreaterThanOrEqual(-1e-9);
    expect(a.slot!.naturalLengthInSeconds - (4.6 + 0.75)).toBeLessThan(1 / FPS);
    // Its speech ends, with the pause asked for, by the next moment...
    const [start, end] = speechOf(a.clips);
    expect(start).toBeGreaterThanOrEqual(1);
    expect(end + 0.75).toBeLessThanOrEqual(6 + 1e-9);
    // ...and is the file's speech, played faster: every word time follows it.
    expect(end - start).toBeCloseTo(4.6 / a.playbackRate, 6);
    expect(a.clips[0]!.words.at(-1)!.endInSeconds).toBeCloseTo(end, 6);
    expect(a.clips[0]!.durationInFrames).toBe(Math.ceil(((0.12 + 4.6 + 0.2) / a.playbackRate) * FPS - 1e-6));
    // The least rate: a little slower would not fit.
    const slower = timelineOf(parse({...narration, maxPlaybackRate: 1}), {a: 4.6 / (a.playbackRate - 0.005)});
    expect(cue(slower, 'a').slot!.overflowInSeconds).toBeGreaterThan(0);
    expect(cue(timeline, 'b').clips[0]!.speechStartInSeconds - 6).toBeLessThan(1 / FPS);
  });

  it('fit the cues between two moments together, each at the same rate', () => {
    const narration = parse({
      voice: {speakerId: 'v'},
      cues: [{id: 'a', text: 'A.', atInSeconds: 0.5}, {id: 'b', text: 'B.'}, {id: 'c', text: 'C.', atInSeconds: 8}],
    });
    // 6.4 s of speech and two pauses of 0.75 s from 0.5 s: 0.4 s past the moment at 8 s.
    const timeline = timelineOf(narration, {a: 3.2, b: 3.2});
    expect(cue(timeline, 'a').playbackRate).toBe(cue(timeline, 'b').playbackRate);
    expect(cue(timeline, 'a').playbackRate).toBeGreaterThan(1);
    expect(cue(timeline, 'b').slot).toBeNull();
    expect(speechOf(cue(timeline, 'b').clips)[1] + 0.75).toBeLessThanOrEqual(8 + 1e-9);
    // The pause between them is the one asked for, not squeezed.
    expect(speechOf(cue(timeline, 'b').clips)[0] - speechOf(cue(timeline, 'a').clips)[1]).toBeGreaterThanOrEqual(0.75 - 1e-9);
  });

  it('never overlap or cut a line that cannot fit: the next moment is late by the overflow, which the slot reports', () => {
    const narration = parse({voice: {speakerId: 'v'}, cues: [{id: 'a', text: 'A.', atInSeconds: 0.5}, {id: 'b', text: 'B.', atInSeconds: 3.5}]});
    const timeline = timelineOf(narration, {a: 4});
    const a = cue(timeline, 'a');
    expect(a.playbackRate).toBe(1);
    expect(a.slot!.overflowInSeconds).toBeGreaterThan(1.5);
    const [, end] = speechOf(a.clips);
    expect(cue(timeline, 'b').clips[0]!.speechStartInSeconds).toBeGreaterThanOrEqual(end + 0.75 - 1e-9);
    expect(a.clips[0]!.durationInFrames).toBe(Math.ceil((0.12 + 4 + 0.2) * FPS - 1e-6));
  });

  it('blame only the slot that runs over: the one it pushes later is judged from its own moment', () => {
    const narration = parse({
      voice: {speakerId: 'v'},
      cues: [{id: 'a', text: 'A.', atInSeconds: 1}, {id: 'b', text: 'B.', atInSeconds: 5}, {id: 'c', text: 'C.', atInSeconds: 8.5}],
    });
    const timeline = timelineOf(narration, {a: 5, b: 2});
    expect(cue(timeline, 'a').slot!.overflowInSeconds).toBeGreaterThan(0);
    // b starts late, after a and its pause, but would fit from its own moment: not fitted, not blamed.
    expect(cue(timeline, 'b').slot).toMatchObject({startInSeconds: 5, overflowInSeconds: 0, playbackRate: 1});
    expect(cue(timeline, 'b').clips[0]!.speechStartInSeconds).toBeGreaterThanOrEqual(cue(timeline, 'a').speechEndInSeconds + 0.75 - 1e-9);
  });

  it('do not fit at all with maxPlaybackRate 1', () => {
    const narration = parse({voice: {speakerId: 'v'}, maxPlaybackRate: 1, cues: [{id: 'a', text: 'A.', atInSeconds: 1}, {id: 'b', text: 'B.', atInSeconds: 6}]});
    expect(cue(timelineOf(narration, {a: 4.6}), 'a').slot!.overflowInSeconds).toBeGreaterThan(0.3);
  });
});

describe('silent cues', () => {
  it('last their length from where the cue before ends, and the next speech starts at their end', () => {
    const narration = parse({voice: {speakerId: 'v'}, cues: [{id: 'title', silenceInSeconds: 2}, {id: 'a', text: 'A.'}, {id: 'chart', silenceInSeconds: 3}, {id: 'b', text: 'B.'}]});
    const timeline = timelineOf(narration);
    const title = cue(timeline, 'title');
    expect(title).toMatchObject({silent: true, startFrame: 0, durationInFrames: 60, clips: [], text: '', status: 'ready'});
    expect(cue(timeline, 'a').clips[0]!.speechStartInSeconds - 2).toBeLessThan(1 / FPS);
    const aEnd = cue(timeline, 'a').speechEndInSeconds;
    expect(cue(timeline, 'chart').startFrame).toBe(Math.floor(aEnd * FPS + 1e-6));
    expect(cue(timeline, 'b').clips[0]!.speechStartInSeconds - (aEnd + 3)).toBeLessThan(1 / FPS);
    expect(cue(timeline, 'b').clips[0]!.speechStartInSeconds).toBeGreaterThanOrEqual(aEnd + 3 - 1e-9);
  });
});

describe('scenes', () => {
  const tour = parse({
    voice: {speakerId: 'narrator'},
    scenes: [
      {id: 'title', durationInSeconds: 2},
      {id: 'recording', durationInSeconds: 20, transitionInSeconds: 0.5},
      {id: 'dialogue', transitionInSeconds: 0.5, paddingAfterInSeconds: 1},
    ],
    cues: [
      {id: 'open', scene: 'recording', text: 'Open the dashboard.', atInSeconds: 2},
      {id: 'filter', scene: 'recording', text: 'Filter by team.', atInSeconds: 8},
      {id: 'export', scene: 'recording', text: 'Export the report.', atInSeconds: 15},
      {id: 'ask', scene: 'dialogue', text: 'Does it scale?', speakerId: 'guest'},
      {id: 'answer', scene: 'dialogue', text: 'To every team.'},
    ],
  });

  it('lay out as Series/TransitionSeries play them: each scene starts where the one before ends, less the transition', () => {
    const timeline = timelineOf(tour, {filter: 7});
    expect(timeline.scenes.map(({id, startFrame, durationInFrames, transitionInFrames}) => [id, startFrame, durationInFrames, transitionInFrames])).toEqual([
      ['title', 0, 60, 0],
      ['recording', 45, 600, 15],
      ['dialogue', 630, expect.any(Number), 15],
    ]);
    const [, , dialogue] = timeline.scenes;
    expect(timeline.durationInFrames).toBe(dialogue!.startFrame + dialogue!.durationInFrames);
    // Cues at moments count from their scene's start.
    expect(cue(timeline, 'open').clips[0]!.speechStartInSeconds - (45 / FPS + 2)).toBeLessThan(1 / FPS);
    expect(cue(timeline, 'open').clips[0]!.speechStartInSeconds).toBeGreaterThanOrEqual(45 / FPS + 2 - 1e-9);
    expect(cue(timeline, 'export').clips[0]!.speechStartInSeconds - (45 / FPS + 15)).toBeLessThan(1 / FPS);
    // The too-long line was fitted to end before the next moment.
    expect(cue(timeline, 'filter').playbackRate).toBeGreaterThan(1);
    expect(cue(timeline, 'filter').speechEndInSeconds + 0.75).toBeLessThanOrEqual(45 / FPS + 15 + 1e-9);
    expect(timeline.scenes[1]!.cueIds).toEqual(['open', 'filter', 'export']);
    expect(cue(timeline, 'ask')).toMatchObject({scene: 'dialogue', voice: {speakerId: 'guest'}});
    expect(cue(timeline, 'answer').voice.speakerId).toBe('narrator');
  });

  it('play no speech under a transition', () => {
    const timeline = timelineOf(tour);
    for (const [index, scene] of timeline.scenes.entries()) {
      const next = timeline.scenes[index + 1];
      const blocked = [
        [scene.startFrame, scene.startFrame + scene.transitionInFrames],
        ...(next ? [[next.startFrame, next.startFrame + next.transitionInFrames]] : []),
      ];
      for (const each of timeline.cues.flatMap((c) => c.clips)) {
        for (const [from, to] of blocked) {
          const overlaps = each.speechStartInSeconds * FPS < to! && each.speechEndInSeconds * FPS > from!;
          expect(overlaps, `${each.key} under the transition at frames ${from}-${to}`).toBe(false);
        }
      }
    }
  });

  it('give a scene with speech its padding, and a long line a longer scene', () => {
    const timeline = timelineOf(tour, {answer: 9});
    const dialogue = timeline.scenes[2]!;
    const lastEnd = cue(timeline, 'answer').speechEndInSeconds;
    expect((dialogue.startFrame + dialogue.durationInFrames) / FPS - lastEnd).toBeGreaterThanOrEqual(1 - 1e-9);
    expect((dialogue.startFrame + dialogue.durationInFrames) / FPS - lastEnd).toBeLessThan(1 + 1 / FPS);
    const firstStart = cue(timeline, 'ask').clips[0]!.speechStartInSeconds;
    expect(firstStart - dialogue.startFrame / FPS).toBeGreaterThanOrEqual(0.5 - 1e-9);
  });

  it('keep speech out of a transition even after a silent cue shorter than it, and end on a trailing silence', () => {
    const narration = parse({
      voice: {speakerId: 'v'},
      scenes: [{id: 'one'}, {id: 'two', transitionInSeconds: 1}],
      cues: [
        {id: 'a', scene: 'one', text: 'A.'},
        {id: 'outro', scene: 'one', silenceInSeconds: 2.5},
        {id: 'beat', scene: 'two', silenceInSeconds: 0.2},
        {id: 'b', scene: 'two', text: 'B.'},
      ],
    });
    const timeline = timelineOf(narration);
    const [one, two] = timeline.scenes;
    // The trailing silence takes the padding's place: scene one ends with it (2.5 s is more than its 1 s padding).
    expect((one!.startFrame + one!.durationInFrames) / FPS).toBeCloseTo(cue(timeline, 'a').speechEndInSeconds + 2.5, 1);
    expect(cue(timeline, 'b').clips[0]!.speechStartInSeconds).toBeGreaterThanOrEqual((two!.startFrame + two!.transitionInFrames) / FPS - 1e-9);
  });

  it('never start a scene before the one before it, and keep a fixed last scene at its length', () => {
    const silentShort = timelineOf(
      parse({
        voice: {speakerId: 'v'},
        scenes: [{id: 'one'}, {id: 'two', transitionInSeconds: 1}, {id: 'three', transitionInSeconds: 1}],
        cues: [{id: 'a', scene: 'one', text: 'A.'}, {id: 'beat', scene: 'two', silenceInSeconds: 0.2}, {id: 'b', scene: 'three', text: 'B.'}],
      }),
    );
    const starts = silentShort.scenes.map((scene) => scene.startFrame);
    expect(starts).toEqual([...starts].sort((x, y) => x - y));
    expect(silentShort.scenes[1]!.durationInFrames).toBeGreaterThanOrEqual(2 * FPS);
    // A clip's trailing silence may outlast a fixed last scene: the composition covers it, the scene stays 5 s.
    const fixed = buildTimeline({
      narration: parse({voice: {speakerId: 'v'}, scenes: [{id: 'only', durationInSeconds: 5, paddingAfterInSeconds: 0}], cues: [{id: 'a', scene: 'only', text: 'A.', atInSeconds: 0.5}]}),
      clips: [[clip(4.2, {trailing: 0.6})]],
      fps: FPS,
    });
    expect(fixed.scenes[0]!.durationInFrames).toBe(5 * FPS);
    expect(fixed.durationInFrames).toBeGreaterThan(5 * FPS);
  });

  it('survive the compact form the props carry, and are seen from inside a scene in its own frames', () => {
    const timeline = timelineOf(tour, {filter: 7});
    const expanded = expandNarrationTimeline(compactNarrationTimeline(timeline));
    expect(expanded.scenes).toEqual(timeline.scenes);
    for (const [index, each] of timeline.cues.entries()) {
      const other = expanded.cues[index]!;
      expect({...other, clips: []}).toEqual({...each, clips: [], speechStartInSeconds: expect.any(Number), speechEndInSeconds: expect.any(Number), slot: each.slot && expect.any(Object)});
      expect(other.speechStartInSeconds).toBeCloseTo(each.speechStartInSeconds, 3);
      for (const [clipIndex, eachClip] of each.clips.entries()) {
        const otherClip = other.clips[clipIndex]!;
        expect(otherClip.playbackRate).toBe(eachClip.playbackRate);
        expect([otherClip.startFrame, otherClip.durationInFrames, otherClip.speechStartFrame, otherClip.speechEndFrame]).toEqual([
          eachClip.startFrame,
          eachClip.durationInFrames,
          eachClip.speechStartFrame,
          eachClip.speechEndFrame,
        ]);
        expect(otherClip.words.map((word) => word.startFrame)).toEqual(eachClip.words.map((word) => word.startFrame));
      }
    }
    const recording = timeline.scenes[1]!;
    const inside = shiftTimeline(timeline, {frames: recording.startFrame});
    expect(cue(inside, 'open').startFrame).toBe(cue(timeline, 'open').startFrame - recording.startFrame);
    expect(cue(inside, 'open').clips[0]!.speechStartInSeconds).toBeCloseTo(cue(timeline, 'open').clips[0]!.speechStartInSeconds - recording.startFrame / FPS, 9);
    expect(inside.scenes[1]!.startFrame).toBe(0);
  });
});

describe('word frames', () => {
  it('are the first frame at or after the word starts: nothing keyed to a word shows before it is heard', () => {
    const timeline = timelineOf(parse({voice: {speakerId: 'v'}, cues: [{id: 'a', text: 'A.', atInSeconds: 0.517}, {id: 'b', text: 'B.', atInSeconds: 4.001}]}), {a: 1.37, b: 2.9});
    const words = timeline.cues.flatMap((each) => each.clips.flatMap((one) => one.words));
    expect(words.length).toBe(8);
    for (const word of words) {
      expect(word.startFrame / FPS).toBeGreaterThanOrEqual(word.startInSeconds - 1e-9);
      expect((word.startFrame - 1) / FPS).toBeLessThan(word.startInSeconds);
    }
  });
});

describe('parseNarration of scenes and moments', () => {
  const fails = (narration: unknown) => expect(() => parseNarration({value: narration, compositionId: 'Tour'}));
  const voice = {speakerId: 'v'};
  it('names the composition, the cue or scene, and the fix, for what the schema cannot say', () => {
    fails({voice, cues: [{id: 'a', text: 'A.', silenceInSeconds: 1}]}).toThrow('Composition "Tour": cue "a" (narration.cues[0]) has both text and silenceInSeconds. A cue is either spoken or silent: drop one.');
    fails({voice, cues: [{id: 'a', silenceInSeconds: 1, speakerId: 'x'}]}).toThrow('cue "a" (narration.cues[0]) is silent (silenceInSeconds) but sets speakerId');
    fails({voice, cues: [{id: 'a', text: 'A.', atInSeconds: 1, atFrame: 30}]}).toThrow('has both atInSeconds and atFrame. Keep one.');
    fails({voice, cues: [{id: 'a', text: 'A.', atInSeconds: 5}, {id: 'b', text: 'B.', atInSeconds: 2}]}).toThrow(
      'cue "b" (narration.cues[1]) is set to start before narration.cues[0], which comes before it.',
    );
    fails({voice, cues: [{id: 'a', text: 'A.', scene: 'intro'}]}).toThrow('names the scene "intro", but the narration has no scenes. Add `scenes: [{id: "intro"}]`');
    const scenes = [{id: 'one'}, {id: 'two', transitionInSeconds: 0.5}];
    fails({voice, scenes, cues: [{id: 'a', text: 'A.'}]}).toThrow('cue "a" (narration.cues[0]) names no scene, but the narration has scenes. Give it `scene`: one of "one", "two".');
    fails({voice, scenes, cues: [{id: 'a', text: 'A.', scene: 'three'}]}).toThrow('names the scene "three", which the narration does not have. Its scenes are: "one", "two".');
    fails({voice, scenes, cues: [{id: 'a', text: 'A.', scene: 'two'}, {id: 'b', text: 'B.', scene: 'one'}]}).toThrow(
      'cue "b" (narration.cues[1]) is in scene "one", after cues of scene "two", which comes later.',
    );
    fails({voice, scenes, cues: [{id: 'a', text: 'A.', scene: 'one'}]}).toThrow('scene "two" (narration.scenes[1]) has no cues and no length. Give a scene without speech its durationInSeconds.');
    fails({voice, scenes: [{id: 'one', transitionInSeconds: 1, durationInSeconds: 2}], cues: []}).toThrow('is the first scene, so there is no scene before it to overlap');
    fails({voice, scenes: [{id: 'one', durationInSeconds: 2, minDurationInSeconds: 1}], cues: []}).toThrow('has both durationInSeconds (its exact length) and minDurationInSeconds');
    fails({voice, scenes: [{id: 'one', durationInSeconds: 2}, {id: 'one', durationInSeconds: 2}], cues: []}).toThrow('narration.scenes[1] has the id "one", which narration.scenes[0] already uses.');
    fails({voice, scenes: [{id: 'one', durationInSeconds: 1}, {id: 'two', durationInSeconds: 3, transitionInSeconds: 2}], cues: []}).toThrow(
      'scene "one" (narration.scenes[0]) lasts 1 s, but the transitions into and out of it take 2 s of it. Make it longer, or the transitions shorter.',
    );
    fails({voice, scenes: [{id: 'one', durationInSeconds: 5}], cues: [{id: 'a', scene: 'one', text: 'A.', atInSeconds: 6}]}).toThrow(
      'cue "a" (narration.cues[0]) is set to start at 6 s of scene "one", which lasts 5 s. Move it inside the scene, or make the scene longer.',
    );
  });
});
