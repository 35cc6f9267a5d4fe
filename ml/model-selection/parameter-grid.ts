/**
 * scikit-learn's ParameterGrid: the candidates of a grid search, in scikit-learn's order. A
 * grid is an object mapping option names to arrays of values, or an array of such objects
 * (searched one after the other). Within one object the keys are taken in sorted order and
 * the values of the last key vary fastest (itertools.product over the sorted items), so
 * candidate i is the same combination scikit-learn's `list(ParameterGrid(grid))[i]` holds.
 */
import { ValueError } from '../../src/errors.js';
import { show } from '../estimator.js';

/** One candidate: option name → value. */
export type Candidate = Readonly<Record<string, unknown>>;

/** A grid: option name → the values to try (a non-empty array each). */
export type ParamGridSpec = Readonly<Record<string, readonly unknown[]>>;

/** What GridSearchCV and ParameterGrid take: one grid, or several searched in turn. */
export type ParamGridInput = ParamGridSpec | readonly ParamGridSpec[];

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A candidate as messages show it: `{ alpha: 0.1, fitIntercept: false }`. */
export function showCandidate(c: Candidate): string {
  const keys = Object.keys(c);
  return keys.length === 0 ? '{}' : `{ ${keys.map((k) => `${k}: ${show(c[k])}`).join(', ')} }`;
}

/**
 * The candidates of a grid, in scikit-learn's order (see the module comment). Iterable, with
 * `length` and `at(i)`; validated on construction (ValueError naming the grid and option).
 *
 * @example
 * ```ts
 * const g = new gf.ParameterGrid({ alpha: [0.1, 1], fitIntercept: [true, false] });
 * g.length; // 4
 * [...g]; // [{ alpha: 0.1, fitIntercept: true }, { alpha: 0.1, fitIntercept: false }, { alpha: 1, fitIntercept: true }, { alpha: 1, fitIntercept: false }]
 * ```
 */
export class ParameterGrid implements Iterable<Candidate> {
  private readonly grids: ReadonlyArray<{ keys: string[]; values: unknown[][]; size: number }>;
  /** The number of candidates. */
  readonly length: number;

  /**
   * @example
   * ```ts
   * new gf.ParameterGrid([{ kernel: ['a'] }, { alpha: [1, 2] }]).length; // 3
   * ```
   */
  constructor(grid: ParamGridInput) {
    const op = 'ParameterGrid';
    const list = Array.isArray(grid) ? (grid as readonly ParamGridSpec[]) : [grid as ParamGridSpec];
    this.grids = list.map((g, gi) => {
      const where = Array.isArray(grid) ? `grid ${gi}` : 'the grid';
      if (!g || typeof g !== 'object' || Array.isArray(g)) throw new ValueError(`${op}: expected ${where} an object of option → array of values, got ${show(g)}`);
      const keys = Object.keys(g).sort(byCodePoint);
      const values = keys.map((k) => {
        const v = g[k] as unknown;
        if (!Array.isArray(v)) {
          throw new ValueError(`${op}: expected option '${k}' of ${where} an array of values (wrap a single value in an array), got ${show(v)}`);
        }
        if (v.length === 0) throw new ValueError(`${op}: expected option '${k}' of ${where} a non-empty array of values, got []`);
        return [...(v as unknown[])];
      });
      return { keys, values, size: values.reduce((s, v) => s * v.length, 1) };
    });
    this.length = this.grids.reduce((s, g) => s + g.size, 0);
  }

  /**
   * Candidate i (0 ≤ i < length), as scikit-learn's `ParameterGrid(grid)[i]`.
   *
   * @example
   * ```ts
   * new gf.ParameterGrid({ b: [1, 2], a: [3, 4] }).at(1); // { a: 3, b: 2 }
   * ```
   */
  at(i: number): Candidate {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new ValueError(`ParameterGrid.at: expected an index in [0, ${this.length}), got ${String(i)}`);
    for (const g of this.grids) {
      if (i >= g.size) {
        i -= g.size;
        continue;
      }
      const out: Record<string, unknown> = {};
      for (let k = g.keys.length - 1; k >= 0; k--) {
        const vs = g.values[k]!;
        out[g.keys[k]!] = vs[i % vs.length];
        i = Math.floor(i / vs.length);
      }
      return Object.fromEntries(g.keys.map((k) => [k, out[k]]));
    }
    throw new ValueError('ParameterGrid.at: unreachable');
  }

  /** The option names of every grid, sorted, each once. */
  get keys(): string[] {
    return [...new Set(this.grids.flatMap((g) => g.keys))].sort(byCodePoint);
  }

  *[Symbol.iterator](): Iterator<Candidate> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }
}
