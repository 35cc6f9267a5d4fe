// Shared data for the logistic op tests: seeded logits and codes, and plain-JS references
// written independently of the twins (log-sum-exp by reduce, log1p(exp) by the max form).
import { rng } from '../../helpers/parity.js';

/** n × r logits in [-scale, scale), seeded, with a few exact ties and zeros. */
export function logits(n: number, r: number, seed: number, scale = 8): Float64Array {
  const g = rng(seed);
  const z = Float64Array.from({ length: n * r }, () => (g() * 2 - 1) * scale);
  for (let i = 0; i < n; i += 7) z[i * r] = r > 1 ? z[i * r + 1]! : 0;
  return z;
}

export function codes(n: number, K: number, seed: number): Int32Array {
  const g = rng(seed);
  return Int32Array.from({ length: n }, () => Math.floor(g() * K));
}

/** Row i's softmax probabilities and log-sum-exp. */
export function softmax(z: ArrayLike<number>): { p: number[]; lse: number } {
  const m = Math.max(...Array.from(z));
  const e = Array.from(z, (v) => Math.exp(v - m));
  const s = e.reduce((a, v) => a + v, 0);
  return { p: e.map((v) => v / s), lse: m + Math.log(s) };
}

/** softplus(t) = log(1 + exp(t)), without overflow. */
const softplus = (t: number): number => (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)));

/** log(1 + exp(z)) − y·z (= softplus(−z) for y = 1, softplus(z) for y = 0) and σ(z) − y. */
export function binary(z: number, y: number): { loss: number; g: number } {
  return { loss: y === 1 ? softplus(-z) : softplus(z), g: 1 / (1 + Math.exp(-z)) - y };
}

export const TOL = { kind: 'float' as const, rel: 1e-12, abs: 1e-15, note: 'exp/log' };
