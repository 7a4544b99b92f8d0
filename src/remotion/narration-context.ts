import {createContext} from 'react';
import type {NarrationTimeline} from '../core/timeline.ts';

export const NarrationContext = createContext<NarrationTimeline | null>(null);
