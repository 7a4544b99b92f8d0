// Remotion entry of `npm run bench` (row 5): the example Explainer beside a hand-placed copy.
import {registerRoot} from 'remotion';
import {BenchRoot} from './BenchRoot.tsx';

registerRoot(BenchRoot);
