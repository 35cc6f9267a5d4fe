/**
 * Exact JSON for estimator options and fitted models. JSON numbers cannot hold NaN, ±Inf, -0
 * or bigint, and typed arrays would lose their type, so those are tagged:
 * - a number that JSON cannot hold: `{ "$num": "NaN" | "Infinity" | "-Infinity" | "-0" }`;
 * - a bigint: `{ "$big": "123" }`;
 * - a typed array: `{ "$typed": "Float64Array", "values": [...] }` (values tagged as above).
 * Every finite double round-trips exactly through JSON text (shortest round-trip printing).
 */
import { ValueError } from '../src/errors.js';

/** JSON as `encodeJSON` writes it. */
export type Persisted = null | boolean | number | string | Persisted[] | { [key: string]: Persisted };

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedName = keyof typeof TYPED;

function num(x: number): Persisted {
  if (Number.isNaN(x)) return { $num: 'NaN' };
  if (x === Infinity) return { $num: 'Infinity' };
  if (x === -Infinity) return { $num: '-Infinity' };
  if (x === 0 && 1 / x < 0) return { $num: '-0' };
  return x;
}

/**
 * Plain data (numbers, bigints, strings, booleans, null, typed arrays, arrays, plain objects)
 * as JSON-safe values. Undefined object members are left out. Anything else (a DataBuffer, a
 * function, a class instance) is a ValueError naming where it sits.
 *
 * @example
 * ```ts
 * const scaler = await new gf.StandardScaler().fit([[1], [3]]);
 * JSON.parse(JSON.stringify(scaler)).state.mean; // { $typed: 'Float64Array', values: [2] } (NaN, ±Inf, -0 kept exactly)
 * ```
 */
export function encodeJSON(v: unknown, op: string, path = '$'): Persisted {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return num(v);
  if (typeof v === 'bigint') return { $big: v.toString() };
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const name = v.constructor.name as TypedName;
    if (!(name in TYPED)) throw new ValueError(`${op}: expected plain data at ${path}, got a ${name}`);
    const values = Array.from(v as unknown as ArrayLike<number | bigint>, (x) => (typeof x === 'bigint' ? x.toString() : num(x)));
    return { $typed: name, values };
  }
  if (Array.isArray(v)) return v.map((x, i) => encodeJSON(x, op, `${path}[${i}]`));
  if (typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    const out: { [key: string]: Persisted } = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encodeJSON(x, op, `${path}.${k}`);
    return out;
  }
  throw new ValueError(`${op}: expected plain data at ${path}, got ${v === undefined ? 'undefined' : Object.prototype.toString.call(v)}`);
}

/**
 * The inverse of `encodeJSON`.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(await new gf.MinMaxScaler().fit([[-1], [3]]));
 * gf.MinMaxScaler.fromJSON(saved).dataMin; // Float64Array [-1]
 * ```
 */
export function decodeJSON(v: Persisted): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decodeJSON);
  if (typeof v.$num === 'string') return Number(v.$num === '-0' ? -0 : v.$num);
  if (typeof v.$big === 'string') return BigInt(v.$big);
  if (typeof v.$typed === 'string') {
    const name = v.$typed as TypedName;
    const ctor = TYPED[name];
    if (!ctor || !Array.isArray(v.values)) throw new ValueError(`fromJSON: expected a typed array name and values, got ${JSON.stringify(v.$typed)}`);
    if (name === 'BigInt64Array' || name === 'BigUint64Array') return new ctor((v.values as string[]).map((s) => BigInt(s)) as unknown as bigint[]);
    return new (ctor as Float64ArrayConstructor)((v.values as Persisted[]).map((x) => decodeJSON(x) as number));
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = decodeJSON(x);
  return out;
}
