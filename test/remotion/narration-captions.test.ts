import {createTikTokStyleCaptions} from '@remotion/captions';
import {createElement, type ReactNode} from 'react';
import {renderToStaticMarkup} from 'react-dom/server';
import {Internals} from 'remotion';
import {describe, expect, it} from 'vitest';
import {emptyManifest} from '../../src/core/manifest-schema.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import type {NarrationTimeline} from '../../src/core/timeline.ts';
import {NarrationCaptions, type NarrationCaptionsProps} from '../../src/remotion/NarrationCaptions.tsx';
import {NarrationContext} from '../../src/remotion/narration-context.ts';
import {useNarrationCaptions} from '../../src/remotion/use-narration-captions.ts';

// The first words are spoken at frame 0 (no lead-in): what a server render of frame 0 shows.
const narration = (text: string): Narration => ({voice: {speakerId: 'v'}, leadInInSeconds: 0, cues: [{id: 'a', text}]});

const timelineOf = (text: string) => resolveNarrationTimeline({narration: narration(text), manifest: emptyManifest(), fps: 30, compositionId: 'Demo', allowMissing: true});

/** `children` rendered at frame 0 inside a composition's hooks and the narration's timeline. */
const renderAtFrameZero = (timeline: NarrationTimeline, children: ReactNode): string =>
  renderToStaticMarkup(
    createElement(
      Internals.CanUseRemotionHooksProvider,
      null,
      createElement(
        Internals.TimelineContext.Provider,
        {value: {frame: {}, playing: false, rootId: '', playbackRate: 1, imperativePlaying: {current: false}, setPlaybackRate: () => {}, audioAndVideoTags: {current: []}} as never},
        createElement(NarrationContext.Provider, {value: {timeline, originFrame: 0, speechLufs: null}}, children),
      ),
    ),
  );

/** The text of each line `<NarrationCaptions>` shows at frame 0. */
const shownLines = async (text: string, props: NarrationCaptionsProps = {}): Promise<string[]> => {
  const html = renderAtFrameZero(await timelineOf(text), createElement(NarrationCaptions, props));
  return [...html.matchAll(/<div>(.*?)<\/div>/g)].map((match) => match[1]!.replace(/<[^>]+>/g, ''));
};

describe('<NarrationCaptions>', () => {
  it('shows Chinese as written: no space between characters, spaces around Latin words kept, lines of 16 characters', async () => {
    expect(await shownLines('欢迎来到我们的中文课程。今天我们学习如何用 React 和TypeScript构建应用。')).toEqual([
      '欢迎来到我们的中文课程。',
      '今天我们学习如何用 React 和',
    ]);
  });

  it('shows English as it always has', async () => {
    expect(await shownLines('This video narrates itself. Every line you hear is a cue in a Remotion composition.')).toEqual([
      'This video narrates itself. Every line you',
      'hear is a cue in a Remotion composition.',
    ]);
    expect(await shownLines('This video narrates itself. Every line you hear is a cue.', {maxCharactersPerLine: 20})).toEqual([
      'This video narrates',
      'itself. Every line',
    ]);
  });
});

describe('useNarrationCaptions', () => {
  it('gives Caption[] that createTikTokStyleCaptions pages as Chinese', async () => {
    const timeline = await timelineOf('欢迎来到我们的课程，今天我们学习 React。');
    let captions: ReturnType<typeof useNarrationCaptions> = [];
    const Reader = () => {
      captions = useNarrationCaptions();
      return null;
    };
    renderAtFrameZero(timeline, createElement(Reader));
    expect(captions.map((caption) => caption.text)).toEqual(['欢', '迎', '来', '到', '我', '们', '的', '课', '程，', '今', '天', '我', '们', '学', '习', ' React。']);
    const {pages} = createTikTokStyleCaptions({captions, combineTokensWithinMilliseconds: 3000});
    expect(pages.map((page) => page.text)).toEqual(['欢迎来到我们的课程，', '今天我们学习 React。']);
  });
});
