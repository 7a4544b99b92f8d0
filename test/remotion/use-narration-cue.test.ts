import {createElement} from 'react';
import {renderToString} from 'react-dom/server';
import {describe, expect, it} from 'vitest';
import {emptyManifest} from '../../src/core/manifest-schema.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import {NarrationContext} from '../../src/remotion/narration-context.ts';
import {useNarrationCue} from '../../src/remotion/use-narration-cue.ts';

const narration = {voice: {speakerId: 'v'}, cues: [{id: 'intro', text: 'Look at <mark name="chart"/> the chart. Then <mark name="table"/> the table.'}]};

/** Renders a component that reads `read(cue)` inside a timeline, and returns what it rendered. */
const readCue = async (read: (cue: ReturnType<typeof useNarrationCue>) => unknown): Promise<string> => {
  const timeline = await resolveNarrationTimeline({narration, manifest: emptyManifest(), fps: 30, compositionId: 'Demo', allowMissing: true});
  const Reader = () => String(read(useNarrationCue('intro')));
  return renderToString(createElement(NarrationContext.Provider, {value: {timeline, originFrame: 0, speechLufs: null}}, createElement(Reader)));
};

describe('useNarrationCue', () => {
  it('gives the frame of each bookmark', async () => {
    const chart = Number(await readCue((cue) => cue.marks.chart));
    const table = Number(await readCue((cue) => cue.marks.table));
    expect(table).toBeGreaterThan(chart);
  });

  it('throws, naming the cue and its marks, for a mark it does not have', async () => {
    await expect(readCue((cue) => cue.marks.graph)).rejects.toThrow(
      'useNarrationCue("intro").marks.graph: the cue has no <mark name="graph"/>. Its marks are: "chart", "table".',
    );
  });

  it('gives each clip\'s written text and speech frames', async () => {
    const text = await readCue((cue) => cue.clips.map((clip) => `${clip.text}@${clip.speechStartFrame}-${clip.speechEndFrame}`).join('|'));
    expect(text).toMatch(/^Look at the chart\. Then the table\.@\d+-\d+$/);
  });
});
