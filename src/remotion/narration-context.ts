import {createContext} from 'react';
import type {NarrationTimeline} from '../core/timeline.ts';

/** What `<Narration>` gives its children: the full timeline, and the composition frame its frame 0 is at. */
export type NarrationContextValue = {timeline: NarrationTimeline; originFrame: number};

export const NarrationContext = createContext<NarrationContextValue | null>(null);
