import {describe, expect, it} from 'vitest';
import {powerMeanLufs} from '../../../src/core/loudness/narration-gain.ts';

describe('powerMeanLufs', () => {
  it('is the power mean of parts heard one after another, weighted by their length', () => {
    // Equal lengths at -10 and -20 LUFS: 10 log10((0.1 + 0.01) / 2).
    expect(powerMeanLufs([{lufs: -10, seconds: 2}, {lufs: -20, seconds: 2}])).toBeCloseTo(-12.596, 3);
    // Three times as long at -20: 10 log10((0.1 + 3 * 0.01) / 4).
    expect(powerMeanLufs([{lufs: -10, seconds: 1}, {lufs: -20, seconds: 3}])).toBeCloseTo(-14.881, 3);
    expect(powerMeanLufs([{lufs: -16, seconds: 5}])).toBeCloseTo(-16, 9);
    expect(powerMeanLufs([])).toBeNull();
  });
});
