import {createContext} from 'react';
import type {NarrationTimeline} from '../core/timeline.ts';

/**
 * What `<Narration>` gives its children: the full timeline, the composition frame its frame 0 is
 * at, and the speech's loudness as it plays (its leveling target; measured when leveling is off;
 * null when not known).
 */
export type NarrationContextValue = {timeline: NarrationTimeline; originFrame: number; speechLufs: number | null};

export const NarrationContext = createContext<NarrationContextValue | null>(null);
