/**
 * Host-side helpers shared by the geometry codecs (WKB, WKT, GeoJSON): a builder that appends
 * coordinates and offsets into growable typed arrays and finishes as a GeoArrow column, and
 * the host views a writer walks. Parsing text and bytes is host work (as for CSV and Parquet);
 * the column the builder makes is an ordinary column that the kernels then take.
 */
import { Column, GEOMETRY_LEVELS, isGeometryType, type GeometryType } from '../column/column.js';
import { joinGeometryTypes, MULTI_OF } from '../column/geometry.js';
import type { GeoArrays } from '../column/geo-check.js';
import { DataBuffer } from '../memory/data-buffer.js';
import { GeometryError, ValueError } from '../errors.js';
import { checkOptions as checkStrict, showValue } from '../options.js';

export { GEOJSON_NAMES } from '../column/column.js';
export { MULTI_OF } from '../column/geometry.js';

/** Whether a geometry of type `k` fits a column of type `t` (itself, or a single into its multi). */
export function fits(k: GeometryType, t: GeometryType): boolean {
  return k === t || (MULTI_OF[k] === t && k !== t);
}

/** A growable Int32Array or Float64Array. */
class Grow<A extends Int32Array | Float64Array> {
  a: A;
  n = 0;
  constructor(private readonly make: (n: number) => A, cap: number) {
    this.a = make(Math.max(16, cap));
  }
  push(v: number): void {
    if (this.n === this.a.length) this.grow(this.n + 1);
    this.a[this.n++] = v;
  }
  /** Grow to at least `need`: to `estimate` (the final size extrapolated) when given and larger, else double. */
  grow(need: number, estimate = 0): void {
    const b = this.make(Math.max(need, Math.ceil(estimate), this.a.length * 2));
    b.set(this.a.subarray(0, this.n));
    this.a = b;
  }
  /** The filled part: a view when it fills most of the array (no copy), else a copy. */
  done(): A {
    return (this.n * 5 >= this.a.length * 4 ? this.a.subarray(0, this.n) : this.a.slice(0, this.n)) as A;
  }
}

/**
 * Appends rows of one geometry type. Levels are GeoArrow's, outermost first: `close(level)`
 * ends one item at `level` (a geometry at 0, then parts/rings), recording how many items of the
 * next level (or points, at the innermost) precede it.
 */
export class GeoBuilder {
  readonly depth: number;
  private readonly xy: Grow<Float64Array>;
  private readonly off: Grow<Int32Array>[];
  private readonly bits: Grow<Int32Array>;
  private rows = 0;
  private nulls = 0;

  constructor(readonly type: GeometryType, private readonly rowsHint = 0) {
    this.depth = type === 'point' ? 0 : GEOMETRY_LEVELS[type].length;
    this.xy = new Grow((n) => new Float64Array(n), rowsHint * 2);
    this.off = Array.from({ length: this.depth }, (_, i) => {
      const g = new Grow((n) => new Int32Array(n), i === 0 ? rowsHint + 1 : 16);
      g.push(0);
      return g;
    });
    this.bits = new Grow((n) => new Int32Array(n), Math.ceil(rowsHint / 32));
  }

  /** Append one vertex. */
  point(x: number, y: number): void {
    const g = this.xy;
    if (g.n + 2 > g.a.length) g.grow(g.n + 2);
    g.a[g.n++] = x;
    g.a[g.n++] = y;
  }

  /**
   * Append GeoJSON positions ([x, y, ...] arrays; values past y dropped) in one loop.
   * Returns -1, or the index of the first position that is not [number, number, ...].
   */
  positions(a: readonly unknown[]): number {
    const g = this.xy;
    if (g.n + 2 * a.length > g.a.length) g.grow(g.n + 2 * a.length, this.rows > 0 ? (g.n * this.rowsHint * 1.05) / this.rows : 0);
    const out = g.a;
    let n = g.n;
    for (let j = 0; j < a.length; j++) {
      const p = a[j] as number[];
      const x = Array.isArray(p) ? p[0] : undefined;
      const y = Array.isArray(p) ? p[1] : undefined;
      if (typeof x !== 'number' || typeof y !== 'number') {
        g.n = n;
        return j;
      }
      out[n++] = x;
      out[n++] = y;
    }
    g.n = n;
    return -1;
  }

  /** Number of vertices so far. */
  get points(): number {
    return this.xy.n / 2;
  }

  /** Coordinate `k` (0: x, 1: y) of vertex `i` appended so far, for checks while building. */
  coord(i: number, k: 0 | 1): number {
    return this.xy.a[2 * i + k]!;
  }

  /** Close an item at `level` (see the class comment). */
  close(level: number): void {
    this.off[level]!.push(level + 1 < this.depth ? this.off[level + 1]!.n - 1 : this.xy.n / 2);
  }

  /** End a row: valid (after its items are closed below level 0) or null. */
  endRow(valid: boolean): void {
    const r = this.rows++;
    if ((r & 31) === 0) this.bits.push(0);
    if (valid) this.bits.a[r >> 5]! |= 1 << (r & 31);
    else {
      this.nulls++;
      if (this.depth === 0) this.point(NaN, NaN);
    }
    if (this.depth > 0) this.close(0);
  }

  /** The buffers so far (offsets outermost first, xy, row validity), for coordinate checks before `finish`. */
  arrays(): GeoArrays {
    const bits = this.bits.a;
    return {
      type: this.type,
      offsets: this.off.map((g) => g.a.subarray(0, g.n)),
      xy: this.xy.a.subarray(0, this.xy.n),
      valid: (r) => ((bits[r >> 5]! >>> (r & 31)) & 1) === 1,
    };
  }

  /** The finished column. */
  finish(crs?: string): Column {
    const n = this.rows;
    const words = this.bits.done();
    const validity = this.nulls > 0 ? DataBuffer.fromHost(new Uint8Array(words.buffer, 0, Math.ceil(n / 8)).slice(), 'uint8') : undefined;
    const points = DataBuffer.fromHost(this.xy.done(), 'float64');
    if (this.depth === 0) return new Column({ type: 'point', data: points, validity, crs });
    let col = new Column({ type: 'point', data: points });
    for (let level = this.depth - 1; level >= 0; level--) {
      const top = level === 0;
      col = new Column({
        type: top ? this.type : 'list',
        data: DataBuffer.fromHost(this.off[level]!.done(), 'int32'),
        children: [col],
        validity: top ? validity : undefined,
        crs: top ? crs : undefined,
      });
    }
    return col;
  }
}

/** A geometry column's host buffers: offsets per level (outermost first), xy, validity test. */
export interface GeoView {
  type: GeometryType;
  offsets: Int32Array[];
  xy: Float64Array;
  valid(row: number): boolean;
}

/** Host views of a geometry column's buffers (ResidencyError where they are only on the device). */
export function geoView(col: Column, op: string): GeoView {
  checkColumnArg(col, op);
  if (!isGeometryType(col.type)) throw new GeometryError(`${op}: expected a geometry column, got ${col.type}`);
  const offsets: Int32Array[] = [];
  let c = col;
  while (c.type !== 'point') {
    offsets.push(c.data.hostView(op) as Int32Array);
    c = c.children[0]!;
  }
  const xy = c.data.hostView(op) as Float64Array;
  const bits = col.validity?.hostView(op) as Uint8Array | undefined;
  return { type: col.type, offsets, xy, valid: (r) => !bits || ((bits[r >> 3]! >> (r & 7)) & 1) === 1 };
}

/** The one type holding all of `kinds` ('point' when empty), or undefined where kinds mix. */
export function commonType(kinds: Iterable<GeometryType>): GeometryType | undefined {
  const { type, clash } = joinGeometryTypes(kinds);
  return clash ? undefined : type ?? 'point';
}

/** The first row (as given in `rowKinds`) of a kind that does not fit `type`, or -1. */
export function firstMisfit(rowKinds: ArrayLike<number>, codes: readonly GeometryType[], type: GeometryType): number {
  for (let i = 0; i < rowKinds.length; i++) {
    const k = rowKinds[i]!;
    if (k > 0 && !fits(codes[k - 1]!, type)) return i;
  }
  return -1;
}

/** Shortest round-trip text of a double, with -0 kept (String(-0) is '0'). */
export function formatNumber(x: number): string {
  return x === 0 && 1 / x < 0 ? '-0' : String(x);
}

/** A Column argument, or a ValueError naming `op` (never a TypeError from reading its fields). */
export function checkColumnArg(col: unknown, op: string): asserts col is Column {
  if (!(col instanceof Column)) throw new ValueError(`${op}: expected a Column, got ${showValue(col)}`);
}

/** Check that unknown option names are absent (the one strict checker, src/options.ts). */
export function checkOptions(op: string, options: object, known: readonly string[]): void {
  if (options === null) throw new ValueError(`${op}: expected an options object, got null`);
  checkStrict(op, options, known);
}
