/**
 * The seeded PRNG of the estimators: mulberry32, 32 random bits per draw. The host draws,
 * and the draws go to whichever backend runs, so both backends see the same numbers.
 */

/**
 * A function returning uniforms in [0, 1) from a 32-bit seed; the same sequence on every run
 * (internal: estimators take a `seed` option and draw from it).
 */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
