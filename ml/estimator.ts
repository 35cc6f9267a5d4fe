/**
 * The estimator contract every ml/ class follows (scikit-learn's BaseEstimator):
 * - options go in the constructor and are validated there: an unknown key is a ValueError that
 *   lists the valid ones (a snake_case spelling such as `n_clusters` gets a hint), a bad value
 *   a ValueError naming the option;
 * - `getParams` / `setParams` (validated the same way) / `clone` (same options, unfitted);
 * - `toJSON` / `fromJSON` persist the options and the fitted model (its host-side parameters:
 *   coefficients, centers, statistics; not training labels or other per-row outputs);
 * - a method that needs a fitted model throws NotFittedError before `fit`.
 *
 * fit / predict / transform / score are async (they may wait for the device) and take the
 * inputs ml/input.ts resolves; outputs mirror the input's kind (ml/output.ts).
 */
import { NotFittedError, ValueError } from '../src/errors.js';
import { checkOptions as checkStrict } from '../src/options.js';
import { decodeJSON, encodeJSON, type Persisted } from './persist.js';

/** One option: its default and a check that returns what was expected when a value is refused. */
export interface ParamSpec<T> {
  readonly default: T;
  /** Returns undefined for an accepted value, else the "expected …" phrase of the error. */
  readonly check?: (value: T) => string | undefined;
}

/** The specs of every option of an options interface P (whose keys are all optional). */
export type ParamSpecs<P> = { readonly [K in keyof P]-?: ParamSpec<Exclude<P[K], undefined>> };

/** The options with every default filled in. */
export type Params<P> = { readonly [K in keyof P]-?: Exclude<P[K], undefined> };

/** What `toJSON` returns and `fromJSON` takes. */
export interface EstimatorJSON {
  readonly format: 'gpuframe.estimator';
  readonly version: 1;
  readonly estimator: string;
  readonly params: Persisted;
  readonly state: Persisted | null;
}

/** A constructor registered for `fromJSON`. */
type EstimatorClass = (new (options?: object) => Estimator<object, object>) & { readonly estimatorName: string };

const registry = new Map<string, EstimatorClass>();

/**
 * Make a class known to `estimatorFromJSON` under its `estimatorName`.
 */
export function registerEstimator(cls: EstimatorClass): void {
  registry.set(cls.estimatorName, cls);
}

/**
 * Rebuild any registered estimator from `toJSON()`'s output (or its JSON text).
 *
 * @example
 * ```ts
 * const scaler = await new gf.StandardScaler().fit([[1], [3]]);
 * const again = gf.estimatorFromJSON(JSON.stringify(scaler)); // a fitted StandardScaler
 * again instanceof gf.StandardScaler; // true
 * ```
 */
export function estimatorFromJSON(json: EstimatorJSON | string): Estimator<object, object> {
  const j = parseJSON('estimatorFromJSON', json);
  const cls = registry.get(j.estimator);
  if (!cls) throw new ValueError(`estimatorFromJSON: expected an estimator among ${[...registry.keys()].sort().join(', ')}, got '${j.estimator}'`);
  return restore(cls, j);
}

function parseJSON(op: string, json: EstimatorJSON | string): EstimatorJSON {
  let j: unknown = json;
  if (typeof json === 'string') {
    try {
      j = JSON.parse(json);
    } catch (e) {
      throw new ValueError(`${op}: expected JSON text, got text that does not parse (${(e as Error).message})`);
    }
  }
  const o = j as Partial<EstimatorJSON> | null;
  if (!o || typeof o !== 'object' || o.format !== 'gpuframe.estimator' || o.version !== 1 || typeof o.estimator !== 'string') {
    throw new ValueError(`${op}: expected the output of an estimator's toJSON() (format 'gpuframe.estimator', version 1), got ${describe(o)}`);
  }
  return o as EstimatorJSON;
}

function restore<E extends Estimator<object, object>>(cls: new (options?: object) => E, j: EstimatorJSON): E {
  const est = new cls(decodeJSON(j.params) as object);
  if (j.state !== null) est['loadState'](decodeJSON(j.state) as object);
  return est;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  const f = (v as { format?: unknown }).format;
  return f === undefined ? 'an object without a format' : `format ${JSON.stringify(f)}`;
}

/**
 * Check an options object against specs and fill in the defaults. Throws ValueError for a
 * non-object, an unknown key (listing the valid ones; hinting the camelCase spelling of a
 * snake_case key) or a refused value (naming the option).
 *
 * @example
 * ```ts
 * new gf.Ridge({ alpha: 2 }).getParams().fitIntercept; // true (the default, filled in)
 * try {
 *   new gf.KMeans({ n_clusters: 3 } as gf.KMeansOptions);
 * } catch (e) {
 *   (e as Error).message; // "KMeans: expected options among 'nClusters', 'init', …, got unknown option
 *   // 'n_clusters' (did you mean 'nClusters'? options are camelCase)"
 * }
 * ```
 */
export function checkParams<P extends object>(name: string, specs: ParamSpecs<P>, options: P | undefined, base?: Params<P>): Params<P> {
  if (options === undefined || options === null) options = {} as P;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(`${name}: expected an options object, got ${Array.isArray(options) ? 'an array' : typeof options}`);
  }
  const known = Object.keys(specs);
  checkStrict(name, options, known, { random_state: 'seed', randomState: 'seed' });
  const out: Record<string, unknown> = {};
  for (const key of known) {
    const spec = (specs as Record<string, ParamSpec<unknown>>)[key]!;
    const given = (options as Record<string, unknown>)[key];
    const value = given !== undefined ? given : base ? (base as Record<string, unknown>)[key] : spec.default;
    if (given !== undefined && spec.check) {
      const expected = spec.check(value);
      if (expected !== undefined) throw new ValueError(`${name}: expected option '${key}' ${expected}, got ${show(value)}`);
    }
    out[key] = value;
  }
  return out as Params<P>;
}

/** A value as an error message shows it. */
export function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `[${v.slice(0, 6).map(show).join(', ')}${v.length > 6 ? ', …' : ''}]`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  return Object.prototype.toString.call(v);
}

/**
 * The base of every estimator. P is the options interface, S the fitted state (plain data:
 * numbers, strings, typed arrays, arrays and objects of those), which `toJSON` persists.
 */
export abstract class Estimator<P extends object, S extends object> {
  /** The registry name; each subclass sets it (class names do not survive minifiers). */
  static readonly estimatorName: string = 'Estimator';
  /** The options in effect, every default filled in. */
  protected params: Params<P>;
  /** The fitted model, or undefined before `fit`. */
  protected fitted: S | undefined;

  protected constructor(
    private readonly specs: ParamSpecs<P>,
    options: P | undefined,
  ) {
    this.params = checkParams(this.name, specs, options);
  }

  /** The estimator's registry name (e.g. 'StandardScaler'). */
  get name(): string {
    return (this.constructor as typeof Estimator).estimatorName;
  }

  /** Whether `fit` has run (or a fitted model was loaded). */
  get isFitted(): boolean {
    return this.fitted !== undefined;
  }

  /**
   * The options in effect, defaults filled in (a copy).
   *
   * @example
   * ```ts
   * new gf.Ridge({ alpha: 2 }).getParams(); // { alpha: 2, fitIntercept: true }
   * ```
   */
  getParams(): Params<P> {
    return { ...this.params };
  }

  /**
   * Change options, validated as in the constructor. The fitted model is kept until the next
   * `fit` (as scikit-learn does).
   *
   * @example
   * ```ts
   * const r = new gf.Ridge().setParams({ alpha: 10 });
   * r.getParams().alpha; // 10
   * ```
   */
  setParams(options: Partial<P>): this {
    this.params = checkParams(this.name, this.specs, options as P, this.params);
    return this;
  }

  /**
   * A new, unfitted estimator with the same options.
   *
   * @example
   * ```ts
   * const scaler = await new gf.StandardScaler({ withMean: false }).fit([[1], [3]]);
   * const fresh = scaler.clone();
   * fresh.isFitted; // false
   * fresh.getParams().withMean; // false
   * ```
   */
  clone(): this {
    const cls = this.constructor as new (options?: object) => this;
    return new cls(this.getParams());
  }

  /**
   * Options and fitted model as plain JSON (typed arrays, NaN, ±Inf and -0 encoded exactly).
   * `JSON.stringify(est)` calls it.
   *
   * @example
   * ```ts
   * const scaler = await new gf.StandardScaler().fit([[1], [3]]);
   * const text = JSON.stringify(scaler);
   * const back = gf.StandardScaler.fromJSON(text);
   * back.mean; // Float64Array [2]
   * ```
   */
  toJSON(): EstimatorJSON {
    return {
      format: 'gpuframe.estimator',
      version: 1,
      estimator: this.name,
      params: encodeJSON(this.params, `${this.name}.toJSON`),
      state: this.fitted ? encodeJSON(this.saveState(), `${this.name}.toJSON`) : null,
    };
  }

  /**
   * Rebuild an estimator of this class from `toJSON()`'s output (ValueError for another class).
   *
   * @example
   * ```ts
   * const text = JSON.stringify(await new gf.StandardScaler().fit([[1], [3]]));
   * const scaler = gf.StandardScaler.fromJSON(JSON.parse(text));
   * scaler.scale; // Float64Array [1]
   * ```
   */
  static fromJSON<T extends Estimator<object, object>>(this: new (options?: object) => T, json: EstimatorJSON | string): T {
    const self = this as unknown as EstimatorClass;
    const j = parseJSON(`${self.estimatorName}.fromJSON`, json);
    if (j.estimator !== self.estimatorName) throw new ValueError(`${self.estimatorName}.fromJSON: expected a saved ${self.estimatorName}, got a saved ${j.estimator}`);
    return restore(this, j);
  }

  /** The state `toJSON` persists; by default the fitted state itself. */
  protected saveState(): object {
    return this.fitted!;
  }

  /** Install a persisted state; by default as the fitted state. Subclasses check its shape. */
  protected loadState(state: object): void {
    this.fitted = state as S;
  }

  /** The fitted state, or NotFittedError naming the method. */
  protected state(method: string): S {
    if (!this.fitted) throw new NotFittedError(`${this.name}.${method}: expected a fitted estimator, got one not fitted (await fit() first)`);
    return this.fitted;
  }

  /** Free device memory held by the fitted model; the estimator is unfitted afterwards. */
  dispose(): void {
    this.fitted = undefined;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** Checks for ParamSpec: each returns undefined or the "expected …" phrase. */
export const is = {
  positiveInt: (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? undefined : 'as an integer >= 1'),
  nonNegativeInt: (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : 'as an integer >= 0'),
  int: (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? undefined : 'as an integer'),
  positive: (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? undefined : 'as a finite number > 0'),
  nonNegative: (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : 'as a finite number >= 0'),
  finite: (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'as a finite number'),
  boolean: (v: unknown) => (typeof v === 'boolean' ? undefined : 'as true or false'),
  unit: (v: unknown) => (typeof v === 'number' && v >= 0 && v <= 1 ? undefined : 'as a number in [0, 1]'),
  oneOf:
    (...allowed: readonly unknown[]) =>
    (v: unknown) =>
      allowed.includes(v) ? undefined : `as one of ${allowed.map(show).join(', ')}`,
  either:
    (...checks: ReadonlyArray<(v: unknown) => string | undefined>) =>
    (v: unknown) => {
      const why = checks.map((c) => c(v));
      return why.some((w) => w === undefined) ? undefined : why.join(', or ');
    },
};
