import {describe, expect, it} from 'vitest';
import {integratedLoudnessInLufs, truePeakInDbtp} from '../../src/core/loudness/measure-loudness.ts';
import {cueLoudness, DEFAULT_TARGET_LUFS} from '../../src/core/loudness/narration-gain.ts';
import type {Narration} from '../../src/core/narration-schema.ts';
import {resolveNarrationTimeline} from '../../src/core/resolve-narration-timeline.ts';
import {ANALYSIS_SAMPLE_RATE, decodeStereoAudioTrack} from '../helpers/rendered-audio.ts';
import {useRenderedProject} from '../helpers/rendered-project.ts';

const FPS = 30;
/** The test compositions' narration with nothing to see (see TestRoot.tsx). */
const COMPOSITION = 'Paragraphs';
const HOST = 'oversea_male1';
const GUEST = 'commercial_lady_en_f-v1';

// The guest's voice comes out of the service 10 dB under the host's (real Kling voices: up to 11 LU apart).
const project = useRenderedProject({name: 'loudness', fake: {levelsDb: {[HOST]: 0, [GUEST]: -10}}});

const dialogue: Narration = {
  voice: {speakerId: HOST},
  cues: [
    {id: 'host-1', text: 'Welcome back. Today we look at the numbers together, one team at a time.'},
    {id: 'guest-1', speakerId: GUEST, text: 'Thank you. The numbers look better than last quarter, for every team.'},
    {id: 'host-2', text: 'What changed the most since the last time we spoke about them?'},
    {id: 'guest-2', speakerId: GUEST, text: 'Every team now sees its own report, every morning, before the standup.'},
  ],
};

describe('a dialogue of voices 10 dB apart, leveled and rendered', () => {
  it('plays every cue within 1 LU of every other, at the target loudness, with no true peak above -1 dBTP', async () => {
    const inputProps = {narration: dialogue};
    const manifest = await project.prepare(await project.remotion.narratedComposition({id: COMPOSITION, inputProps}));
    const timeline = await resolveNarrationTimeline({narration: dialogue, manifest, fps: FPS, compositionId: COMPOSITION, allowMissing: false});
    // As the service made them: 10 LU apart.
    const stored = timeline.cues.map((cue) => cueLoudness(cue).loudnessLufs!);
    expect(Math.max(...stored) - Math.min(...stored)).toBeGreaterThan(8);

    const {file} = await project.remotion.renderAudio({id: COMPOSITION, inputProps, name: 'dialogue'});
    const channels = await decodeStereoAudioTrack(file);
    const heard = timeline.cues.map((cue) => {
      const from = Math.floor(cue.speechStartInSeconds * ANALYSIS_SAMPLE_RATE);
      const to = Math.ceil(cue.speechEndInSeconds * ANALYSIS_SAMPLE_RATE);
      return integratedLoudnessInLufs({channels: channels.map((samples) => samples.subarray(from, to)), sampleRate: ANALYSIS_SAMPLE_RATE});
    });
    const peak = truePeakInDbtp({channels});
    const mean = 10 * Math.log10(heard.reduce((sum, lufs) => sum + 10 ** (lufs / 10), 0) / heard.length);
    console.log(
      `Loudness per cue, stored (LUFS): ${stored.map((lufs) => lufs.toFixed(1)).join(', ')}; in the render: ${heard.map((lufs) => lufs.toFixed(2)).join(', ')}; mean ${mean.toFixed(2)}; true peak ${peak.toFixed(2)} dBTP`,
    );
    expect(Math.max(...heard) - Math.min(...heard)).toBeLessThanOrEqual(1);
    expect(Math.abs(mean - DEFAULT_TARGET_LUFS)).toBeLessThanOrEqual(1);
    expect(peak).toBeLessThanOrEqual(-1);
  }, 300_000);
});
