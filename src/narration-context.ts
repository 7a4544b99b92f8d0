import {createContext} from 'react';
import type {NarrationTimeline} from './timeline.ts';

export const NarrationContext = createContext<NarrationTimeline | null>(null);
