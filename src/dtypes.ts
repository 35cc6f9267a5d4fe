/**
 * The one dtype table. Every dispatch and promotion goes through it.
 *
 * On the device every dtype keeps its host bytes unchanged. 64-bit types are read by
 * WGSL as `vec2<u32>` (low word first, little-endian), so comparisons, hashing, sorting,
 * min/max and integer sums are exact on the raw bits. Nothing is downcast.
 */
import { DTypeError } from './errors.js';

export type DTypeName =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float32'
  | 'float64';

export type TypedArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** How a kernel reads an element: the WGSL storage type and the kind of its bits. */
export type WgslView = 'u32' | 'i32' | 'f32' | 'vec2<u32>' | 'packed';

export interface DTypeInfo {
  readonly name: DTypeName;
  /** Bytes per element on host and device. `bool` is one byte per value on the host. */
  readonly bytes: 1 | 2 | 4 | 8;
  /** WGSL element type, or 'packed' for 1- and 2-byte types (not yet bound by kernels). */
  readonly wgsl: WgslView;
  /** 'int' (signed), 'uint', 'float' or 'bool': selects sign flips and NaN rules. */
  readonly kind: 'int' | 'uint' | 'float' | 'bool';
  readonly array: { new (n: number): TypedArray; new (b: ArrayBufferLike, o?: number, n?: number): TypedArray };
}

const table: Record<DTypeName, DTypeInfo> = {
  bool: { name: 'bool', bytes: 1, wgsl: 'packed', kind: 'bool', array: Uint8Array },
  int8: { name: 'int8', bytes: 1, wgsl: 'packed', kind: 'int', array: Int8Array },
  int16: { name: 'int16', bytes: 2, wgsl: 'packed', kind: 'int', array: Int16Array },
  int32: { name: 'int32', bytes: 4, wgsl: 'i32', kind: 'int', array: Int32Array },
  int64: { name: 'int64', bytes: 8, wgsl: 'vec2<u32>', kind: 'int', array: BigInt64Array },
  uint8: { name: 'uint8', bytes: 1, wgsl: 'packed', kind: 'uint', array: Uint8Array },
  uint16: { name: 'uint16', bytes: 2, wgsl: 'packed', kind: 'uint', array: Uint16Array },
  uint32: { name: 'uint32', bytes: 4, wgsl: 'u32', kind: 'uint', array: Uint32Array },
  uint64: { name: 'uint64', bytes: 8, wgsl: 'vec2<u32>', kind: 'uint', array: BigUint64Array },
  float32: { name: 'float32', bytes: 4, wgsl: 'f32', kind: 'float', array: Float32Array },
  float64: { name: 'float64', bytes: 8, wgsl: 'vec2<u32>', kind: 'float', array: Float64Array },
};

/**
 * Look up a dtype by name; throws DTypeError for an unknown name.
 *
 * @example
 * ```ts
 * gf.dtypeInfo('int64'); // { name: 'int64', bytes: 8, wgsl: 'vec2<u32>', kind: 'int', array: BigInt64Array }
 * ```
 */
export function dtypeInfo(name: DTypeName): DTypeInfo {
  const info = table[name];
  if (!info) throw new DTypeError(`dtype: expected one of ${Object.keys(table).join(', ')}, got '${String(name)}'`);
  return info;
}

/**
 * The dtype of a typed array. Uint8Array maps to uint8 (pass 'bool' explicitly for masks).
 *
 * @example
 * ```ts
 * gf.dtypeOf(new Float32Array(2)); // 'float32'
 * ```
 */
export function dtypeOf(a: TypedArray): DTypeName {
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint32Array) return 'uint32';
  if (a instanceof BigInt64Array) return 'int64';
  if (a instanceof BigUint64Array) return 'uint64';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Uint16Array) return 'uint16';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Uint8Array) return 'uint8';
  throw new DTypeError(`dtypeOf: expected a typed array, got ${Object.prototype.toString.call(a)}`);
}

/** Throw a DTypeError unless `dtype` is in `allowed`. */
export function expectDType(op: string, dtype: DTypeName, allowed: readonly DTypeName[]): void {
  if (!allowed.includes(dtype)) throw new DTypeError(`${op}: expected dtype ${allowed.join(' | ')}, got ${dtype}`);
}

/**
 * All dtype names, in table order.
 *
 * @example
 * ```ts
 * gf.DTYPES.includes('uint64'); // true
 * ```
 */
export const DTYPES: readonly DTypeName[] = Object.keys(table) as DTypeName[];

/** Dtypes that kernels bind directly as 32- or 64-bit words. */
export const WORD_DTYPES: readonly DTypeName[] = ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64'];

/**
 * The raw bits of a scalar in a word dtype, as [low, high] u32 words (high is 0 for 32-bit
 * types), for a kernel's uniform block. Integers go through BigInt for 64-bit types, so
 * values beyond 2^53 keep every bit.
 */
export function scalarWords(dtype: DTypeName, value: number | bigint): [number, number] {
  const info = dtypeInfo(dtype);
  const a = new info.array(1);
  if (dtype === 'int64' || dtype === 'uint64') (a as BigInt64Array)[0] = BigInt(value);
  else (a as Float64Array)[0] = Number(value);
  const w = new Uint32Array(a.buffer, 0, Math.max(1, info.bytes / 4));
  return [w[0]!, info.bytes === 8 ? w[1]! : 0];
}
