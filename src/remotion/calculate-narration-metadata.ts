import {getRemotionEnvironment, type CalculateMetadataFunction} from 'remotion';
import {compactNarrationTimeline, type CompactNarrationTimeline} from '../core/compact-timeline.ts';
import {emptyManifest} from '../core/manifest-schema.ts';
import type {Narration, NarrationInput} from '../core/narration-schema.ts';
import {parseNarration} from '../core/parse-narration.ts';
import {PLANNING_ENV_VARIABLE} from '../core/planning.ts';
import {resolveNarrationTimeline} from '../core/resolve-narration-timeline.ts';
import {fetchManifest} from './fetch-manifest.ts';

/** Props of a narrated composition, as its component receives them after `calculateMetadata`. */
export type NarratedProps = {
  /** As written (`z.input` of `narrationSchema`) or as parsed (`z.infer`): both are accepted. */
  narration: NarrationInput;
  /** Filled in by `calculateNarrationMetadata`, for `<Narration timeline={...}>`. */
  narrationTimeline?: CompactNarrationTimeline;
};

const isPlanning = (): boolean =>
  typeof process !== 'undefined' && process.env?.[PLANNING_ENV_VARIABLE] === '1';

/**
 * A `calculateMetadata` for a composition with a `narration` prop: reads what prepare stored,
 * sets `fps` and `durationInFrames` from the measured audio and passes the timeline to the
 * component as `narrationTimeline`, in its compact form (props travel to the Studio and to every
 * render tab; `<Narration>` expands it). A pure read: it never calls a speech service.
 *
 * In a render, a cue without audio fails with a message that says to run prepare; in Studio it
 * gets an estimated length and plays silence, flagged in the preview.
 *
 * @param fps Frames per second of the composition; the timeline is computed in these frames.
 */
export const calculateNarrationMetadata =
  <Props extends NarratedProps>({fps}: {fps: number}): CalculateMetadataFunction<Props> =>
  async ({props, compositionId, abortSignal}) => {
    const planning = isPlanning();
    let narration: Narration;
    try {
      narration = parseNarration({value: props.narration, compositionId});
    } catch (error) {
      if (planning) {
        // Prepare validates the props itself and reports them as a sentence, not as a browser error.
        return {fps, durationInFrames: 1, props};
      }
      throw error;
    }
    // While prepare reads the compositions it needs only the props: the timeline is estimated,
    // and no manifest is fetched (on a first run that fetch is a 404 the browser would print).
    const manifest = planning ? emptyManifest() : await fetchManifest({signal: abortSignal});
    const timeline = await resolveNarrationTimeline({
      narration,
      manifest,
      fps,
      compositionId,
      allowMissing: planning || getRemotionEnvironment().isStudio,
    });
    return {fps, durationInFrames: timeline.durationInFrames, props: {...props, narrationTimeline: compactNarrationTimeline(timeline)}};
  };
