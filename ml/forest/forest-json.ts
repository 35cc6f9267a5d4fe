/**
 * A compiled forest (kernels/forest/forest.ts) as plain data for an estimator's `toJSON`, and
 * back: the arrays as they are (typed, so `encodeJSON` keeps every bit), rebuilt through
 * `buildForest`, so a saved forest is checked like an imported one (children in range, no cycle).
 */
import { ValueError } from '../../src/errors.js';
import { buildForest, forestSpecs, type Forest, type ForestTransform, type SplitRule } from '../../kernels/forest/forest.js';

const FLOATS = { 'f32-lt': Float32Array, 'f64-le': Float64Array } as const;
const ARRAYS = { feature: Int32Array, left: Int32Array, right: Int32Array, defaultLeft: Uint8Array, root: Int32Array, group: Int32Array, baseMargin: Float64Array } as const;

/** The forest's defining fields (its derived ones, depths and counts, are recomputed on load). */
export function forestToPlain(forest: Forest): Record<string, unknown> {
  const out: Record<string, unknown> = { nFeatures: forest.nFeatures, nGroups: forest.nGroups, leafWidth: forest.leafWidth, threshold: forest.threshold, value: forest.value };
  for (const k of Object.keys(ARRAYS)) out[k] = forest[k as keyof Forest];
  return out;
}

/**
 * Rebuild a forest saved by `forestToPlain` under the given rule and transform. ValueError (from
 * `fail`, naming what is wrong) for a field of the wrong type or offsets that do not cover the
 * nodes; buildForest's ParseError for a tree that is not one.
 */
export function forestFromPlain(op: string, saved: unknown, rule: SplitRule, transform: ForestTransform, fail: (what: string) => ValueError): Forest {
  if (!saved || typeof saved !== 'object') throw fail('no forest');
  const f = saved as Record<string, unknown>;
  const Float = FLOATS[rule];
  for (const [k, ctor] of Object.entries({ ...ARRAYS, threshold: Float, value: Float })) if (!(f[k] instanceof ctor)) throw fail(`forest.${k} that is not a ${ctor.name}`);
  const root = f.root as Int32Array;
  const nNodes = (f.feature as Int32Array).length;
  if (root.length < 1 || root[0] !== 0 || root[root.length - 1] !== nNodes || root.some((r, i) => i > 0 && r < root[i - 1]!)) throw fail('tree offsets that do not cover the nodes');
  const nGroups = f.nGroups as number;
  const nFeatures = f.nFeatures as number;
  const leafWidth = f.leafWidth === undefined ? 1 : (f.leafWidth as number);
  if (![nGroups, nFeatures, leafWidth].every((x) => Number.isInteger(x) && x >= 1)) throw fail('counts that are not integers >= 1');
  const pseudo = { ...f, nTrees: root.length - 1, leafWidth, rule, transform } as unknown as Forest;
  const { trees } = forestSpecs(pseudo);
  return buildForest(trees, { nFeatures, nGroups, leafWidth, rule, transform, baseMargin: f.baseMargin as Float64Array }, { op, file: '<json>' });
}

/** A fitted state holding a `forest` as plain data: the forest through `forestToPlain`, the rest as it is. */
export function withPlainForest<S extends { forest: Forest }>(state: S): object {
  const { forest, ...rest } = state;
  return { ...rest, forest: forestToPlain(forest) };
}

/** Saved feature names: an array of strings, else null. */
export function savedNames(v: unknown): string[] | null {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
}
