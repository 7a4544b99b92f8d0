import {registerRoot} from 'remotion';
import {TestRoot} from './TestRoot.tsx';

registerRoot(TestRoot);
