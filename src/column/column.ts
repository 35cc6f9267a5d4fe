/**
 * Column: typed data + an optional validity bitmap + (for strings) a sorted dictionary.
 * The data is a DataBuffer, so a column's bytes live wherever the ops need them.
 */
import { DataBuffer } from '../memory/data-buffer.js';
import { dtypeInfo, type DTypeName, type TypedArray } from '../dtypes.js';
import { ShapeError } from '../errors.js';

/**
 * A column's type: a physical dtype, or a logical type stored in one:
 * - 'utf8' and 'categorical': uint32 codes into a sorted dictionary (so code order is
 *   lexical order); they differ only in how they leave (Arrow Utf8 vs Dictionary, Parquet
 *   plain vs dictionary-encoded strings).
 * - 'date': int32 days since 1970-01-01 (Arrow Date32).
 * - 'timestamp': int64 counts of `unit` since 1970-01-01T00:00Z (Arrow Timestamp), exact.
 */
export type ColumnType = DTypeName | 'utf8' | 'categorical' | 'date' | 'timestamp';

/** The unit of a timestamp column. */
export type TimeUnit = 's' | 'ms' | 'us' | 'ns';

/** Logical types and the dtype of their data buffer. */
const STORAGE: Partial<Record<ColumnType, DTypeName>> = { utf8: 'uint32', categorical: 'uint32', date: 'int32', timestamp: 'int64' };

/**
 * The type kernels see for a column type: 'utf8' for both string types (codes compared
 * through the sorted dictionary), the storage dtype for date and timestamp, else itself.
 */
export function kernelType(type: ColumnType): DTypeName | 'utf8' {
  if (type === 'utf8' || type === 'categorical') return 'utf8';
  return STORAGE[type] ?? (type as DTypeName);
}

export interface ColumnInit {
  type: ColumnType;
  data: DataBuffer;
  /** Arrow-order validity bitmap (bit i set = row i is valid); omitted when there are no nulls. */
  validity?: DataBuffer<'uint8'>;
  /** For 'utf8' and 'categorical': the distinct strings in sorted order; codes index it, so code order is lexical order. */
  dictionary?: readonly string[];
  /** For 'timestamp': the unit of the int64 values (default 'us', as Polars). */
  unit?: TimeUnit;
  /** For 'timestamp': an IANA time zone name, kept as metadata (values are always UTC). */
  timezone?: string;
}

export class Column {
  readonly type: ColumnType;
  readonly data: DataBuffer;
  readonly validity: DataBuffer<'uint8'> | undefined;
  readonly dictionary: readonly string[] | undefined;
  readonly unit: TimeUnit | undefined;
  readonly timezone: string | undefined;

  constructor(init: ColumnInit) {
    this.type = init.type;
    this.data = init.data;
    this.validity = init.validity;
    this.dictionary = init.dictionary;
    this.unit = init.type === 'timestamp' ? init.unit ?? 'us' : undefined;
    this.timezone = init.type === 'timestamp' ? init.timezone : undefined;
    const storage = STORAGE[init.type];
    if (storage && init.data.dtype !== storage) {
      throw new ShapeError(`Column: expected ${init.type} data as ${storage}, got ${init.data.dtype}`);
    }
    if (kernelType(init.type) === 'utf8' && !init.dictionary) {
      throw new ShapeError(`Column: expected ${init.type} codes with a dictionary, got none`);
    }
    if (init.validity && init.validity.length < Math.ceil(init.data.length / 8)) {
      throw new ShapeError(`Column: expected a validity bitmap of ${Math.ceil(init.data.length / 8)} bytes, got ${init.validity.length}`);
    }
  }

  get length(): number {
    return this.data.length;
  }

  /** The type kernels see (see `kernelType`). */
  get kernelType(): DTypeName | 'utf8' {
    return kernelType(this.type);
  }

  /**
   * A column of the same type (and dictionary, unit, time zone) over new buffers: what a
   * row-selecting op returns.
   *
   * @example
   * ```ts
   * const firstRows = c.derive(g.values, g.validity);
   * ```
   */
  derive(data: DataBuffer, validity?: DataBuffer<'uint8'>): Column {
    return new Column({ type: this.type, data, validity, dictionary: this.dictionary, unit: this.unit, timezone: this.timezone });
  }

  /**
   * A column from host values. Strings are dictionary-encoded (sorted); null/undefined become nulls.
   *
   * @example
   * ```ts
   * const c = Column.from(new Float64Array([1.5, 2.5]));
   * const s = Column.from(['b', 'a', null]);   // utf8, dictionary ['a', 'b']
   * ```
   */
  static from(values: TypedArray | ReadonlyArray<string | null | undefined>, validity?: Uint8Array, type?: DTypeName): Column {
    if (Array.isArray(values)) return fromStrings(values as ReadonlyArray<string | null | undefined>);
    const data = DataBuffer.fromHost(values as TypedArray, type);
    return new Column({ type: data.dtype, data, validity: validity ? DataBuffer.fromHost(validity, 'uint8') : undefined });
  }

  /** Whether row i is valid. Reads host bytes: for display and tests, not for kernels. */
  async nullCount(): Promise<number> {
    if (!this.validity) return 0;
    const bits = await this.validity.toArray();
    let valid = 0;
    for (let i = 0; i < this.length; i++) valid += (bits[i >> 3]! >> (i & 7)) & 1;
    return this.length - valid;
  }

  /**
   * The values as JS values (null for nulls; strings decoded; 64-bit integers as bigint).
   *
   * @example
   * ```ts
   * console.log(await Column.from(['x', null]).toValues()); // ['x', null]
   * ```
   */
  async toValues(): Promise<Array<number | bigint | string | boolean | null>> {
    const data = await this.data.toArray();
    const bits = this.validity ? await this.validity.toArray() : undefined;
    return this.decode(data, bits);
  }

  /** Whether the values (and nulls) can be read on the host without a download. */
  get onHost(): boolean {
    return this.data.residency !== 'device' && (!this.validity || this.validity.residency !== 'device');
  }

  /** `toValues` for host-resident columns (see `onHost`), without waiting. */
  hostValues(limit = this.length): Array<number | bigint | string | boolean | null> {
    const data = this.data.hostView('toString');
    const bits = this.validity?.hostView('toString') as Uint8Array | undefined;
    return this.decode(data, bits, limit);
  }

  private decode(data: ArrayLike<number | bigint>, bits: Uint8Array | undefined, limit = this.length): Array<number | bigint | string | boolean | null> {
    const n = Math.min(limit, this.length);
    const out: Array<number | bigint | string | boolean | null> = new Array(n);
    for (let i = 0; i < n; i++) {
      if (bits && ((bits[i >> 3]! >> (i & 7)) & 1) === 0) out[i] = null;
      else if (this.dictionary) out[i] = this.dictionary[data[i] as number]!;
      else if (this.type === 'bool') out[i] = data[i] === 1;
      else out[i] = data[i]!;
    }
    return out;
  }

  dispose(): void {
    this.data.dispose();
    this.validity?.dispose();
  }
}

function fromStrings(values: ReadonlyArray<string | null | undefined>): Column {
  const distinct = [...new Set(values.filter((v): v is string => v !== null && v !== undefined))].sort();
  const code = new Map(distinct.map((s, i) => [s, i]));
  const n = values.length;
  const codes = new Uint32Array(n);
  const bits = new Uint8Array(Math.ceil(n / 8));
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) nulls++;
    else {
      codes[i] = code.get(v)!;
      bits[i >> 3]! |= 1 << (i & 7);
    }
  }
  return new Column({
    type: 'utf8',
    data: DataBuffer.fromHost(codes, 'uint32'),
    validity: nulls > 0 ? DataBuffer.fromHost(bits, 'uint8') : undefined,
    dictionary: distinct,
  });
}

/** Bytes per value of a column type's data buffer. */
export function columnBytes(type: ColumnType): number {
  return dtypeInfo(STORAGE[type] ?? (type as DTypeName)).bytes;
}
