/**
 * |X[k]|², k = 0..size/2, of a real signal of `size` samples (a power of two), computed with one
 * complex FFT of half the size. `compute` writes into `power` (size/2 + 1 values) and allocates
 * nothing; one instance per size is cached.
 */
export type PowerSpectrum = {size: number; compute(input: Float64Array, power: Float64Array): void};

const cache = new Map<number, PowerSpectrum>();

export const getPowerSpectrum = (size: number): PowerSpectrum => {
  const cached = cache.get(size);
  if (cached) return cached;
  if (size < 4 || (size & (size - 1)) !== 0) throw new RangeError(`The spectrum size must be a power of two of at least 4, but got ${size}.`);
  const half = size / 2;
  const fft = complexFft(half);
  const re = new Float64Array(half);
  const im = new Float64Array(half);
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((-2 * Math.PI * k) / size);
    sin[k] = Math.sin((-2 * Math.PI * k) / size);
  }
  const compute = (input: Float64Array, power: Float64Array) => {
    // The even samples as real parts, the odd ones as imaginary parts: Z = FFT(even + i·odd).
    for (let n = 0; n < half; n++) {
      re[n] = input[2 * n]!;
      im[n] = input[2 * n + 1]!;
    }
    fft(re, im);
    power[0] = (re[0]! + im[0]!) ** 2;
    power[half] = (re[0]! - im[0]!) ** 2;
    for (let k = 1; k < half; k++) {
      const ar = re[k]!;
      const ai = im[k]!;
      const br = re[half - k]!;
      const bi = -im[half - k]!;
      // Even part E = (Z[k] + conj Z[N/2-k]) / 2, odd part O = (Z[k] - conj Z[N/2-k]) / 2i; X[k] = E + W^k·O.
      const er = (ar + br) / 2;
      const ei = (ai + bi) / 2;
      const or = (ai - bi) / 2;
      const oi = -(ar - br) / 2;
      const xr = er + cos[k]! * or - sin[k]! * oi;
      const xi = ei + cos[k]! * oi + sin[k]! * or;
      power[k] = xr * xr + xi * xi;
    }
  };
  const spectrum = {size, compute};
  cache.set(size, spectrum);
  return spectrum;
};

/** In-place iterative radix-2 complex FFT of a power-of-two size. */
const complexFft = (size: number): ((re: Float64Array, im: Float64Array) => void) => {
  const bits = Math.log2(size);
  const reverse = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    reverse[i] = r;
  }
  const cos = new Float64Array(size / 2);
  const sin = new Float64Array(size / 2);
  for (let i = 0; i < size / 2; i++) {
    cos[i] = Math.cos((-2 * Math.PI * i) / size);
    sin[i] = Math.sin((-2 * Math.PI * i) / size);
  }
  return (re, im) => {
    for (let i = 0; i < size; i++) {
      const j = reverse[i]!;
      if (j > i) {
        let t = re[i]!;
        re[i] = re[j]!;
        re[j] = t;
        t = im[i]!;
        im[i] = im[j]!;
        im[j] = t;
      }
    }
    for (let half = 1; half < size; half *= 2) {
      const step = size / (2 * half);
      for (let start = 0; start < size; start += 2 * half) {
        for (let k = 0; k < half; k++) {
          const wr = cos[k * step]!;
          const wi = sin[k * step]!;
          const a = start + k;
          const b = a + half;
          const xr = re[b]! * wr - im[b]! * wi;
          const xi = re[b]! * wi + im[b]! * wr;
          re[b] = re[a]! - xr;
          im[b] = im[a]! - xi;
          re[a] = re[a]! + xr;
          im[a] = im[a]! + xi;
        }
      }
    }
  };
};
