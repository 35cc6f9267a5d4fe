/**
 * WKT (well-known text) ↔ geometry columns. Numbers are written in the shortest text that
 * reads back as the same double (-0 kept), so text round-trips bit-exactly; empty geometries
 * are `POINT EMPTY` and so on. Reading takes 2-D, Z, M and ZM text (extra values dropped), an
 * EWKT `SRID=…;` prefix, and MULTIPOINT with or without parentheses around each point.
 * Text is host data: these codecs run on the CPU on either backend.
 */
import { Column, type GeometryType } from '../column/column.js';
import { checkRings } from '../column/geometry.js';
import { DTypeError, ParseError } from '../errors.js';
import { checkColumnArg, checkOptions, formatNumber, GeoBuilder, geoView } from './geo-build.js';
import { FROM_OPTIONS, resolveType, type FromGeoBytesOptions } from './wkb.js';

const WORDS: Record<string, GeometryType> = {
  POINT: 'point',
  LINESTRING: 'linestring',
  POLYGON: 'polygon',
  MULTIPOINT: 'multipoint',
  MULTILINESTRING: 'multilinestring',
  MULTIPOLYGON: 'multipolygon',
};
const CODES: readonly GeometryType[] = ['point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon'];
const WORD_OF: Record<GeometryType, string> = Object.fromEntries(Object.entries(WORDS).map(([w, t]) => [t, w])) as Record<GeometryType, string>;

/**
 * A 'utf8' column of WKT from a geometry column (nulls stay null). Runs on the host (CPU);
 * a device-only column is downloaded first by `await col.toValues()`.
 *
 * @example
 * ```ts
 * const g = gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [0.1, -0] }, null]);
 * console.log(gf.geo.toWKT(g).hostValues()); // ['POINT (0.1 -0)', null]
 * ```
 */
export function toWKT(col: Column): Column {
  const g = geoView(col, 'toWKT');
  const o = g.offsets;
  const xy = g.xy;
  const pos = (i: number) => `${formatNumber(xy[2 * i]!)} ${formatNumber(xy[2 * i + 1]!)}`;
  const empty = (i: number) => Number.isNaN(xy[2 * i]!) && Number.isNaN(xy[2 * i + 1]!);
  const list = (s: number, e: number, item: (i: number) => string) => {
    if (e === s) return 'EMPTY';
    const parts: string[] = new Array(e - s);
    for (let i = s; i < e; i++) parts[i - s] = item(i);
    return `(${parts.join(', ')})`;
  };
  const line = (s: number, e: number) => list(s, e, pos);
  const rings = (s: number, e: number, ro: Int32Array) => list(s, e, (i) => line(ro[i]!, ro[i + 1]!));
  const body = (r: number): string => {
    switch (g.type) {
      case 'point':
        return empty(r) ? 'EMPTY' : `(${pos(r)})`;
      case 'linestring':
        return line(o[0]![r]!, o[0]![r + 1]!);
      case 'polygon':
        return rings(o[0]![r]!, o[0]![r + 1]!, o[1]!);
      case 'multipoint':
        return list(o[0]![r]!, o[0]![r + 1]!, (i) => (empty(i) ? 'EMPTY' : `(${pos(i)})`));
      case 'multilinestring':
        return list(o[0]![r]!, o[0]![r + 1]!, (i) => line(o[1]![i]!, o[1]![i + 1]!));
      case 'multipolygon':
        return list(o[0]![r]!, o[0]![r + 1]!, (i) => rings(o[1]![i]!, o[1]![i + 1]!, o[2]!));
    }
  };
  const word = WORD_OF[g.type];
  const out = Array.from({ length: col.length }, (_, r) => (g.valid(r) ? `${word} ${body(r)}` : null));
  return Column.from(out);
}

const NUMBER = /[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)/iy;
const WORD = /[A-Za-z]+/y;
const SRID = /\s*SRID=\d+\s*;/iy;

/** A cursor over one WKT value; errors name the row and the character. */
class Lexer {
  i = 0;
  constructor(private readonly s: string, private readonly row: number) {}
  fail(what: string): never {
    const got = this.i < this.s.length ? `'${this.s.slice(this.i, this.i + 12)}'` : 'the end of the text';
    throw new ParseError(`fromWKT: expected ${what} at character ${this.i}, got ${got}`, { row: this.row });
  }
  ws(): void {
    const s = this.s;
    while (this.i < s.length && (s.charCodeAt(this.i) <= 32)) this.i++;
  }
  /** Consume `ch` (after spaces) if it is next. */
  eat(ch: string): boolean {
    this.ws();
    if (this.s[this.i] !== ch) return false;
    this.i++;
    return true;
  }
  expect(ch: string): void {
    if (!this.eat(ch)) this.fail(`'${ch}'`);
  }
  word(): string | undefined {
    this.ws();
    WORD.lastIndex = this.i;
    const m = WORD.exec(this.s);
    if (!m) return undefined;
    this.i = WORD.lastIndex;
    return m[0].toUpperCase();
  }
  /** EMPTY (true) or an opening parenthesis (false). */
  emptyOrOpen(): boolean {
    this.ws();
    if (this.s[this.i] === '(') return (this.i++, false);
    const at = this.i;
    if (this.word() === 'EMPTY') return true;
    this.i = at;
    return this.fail("'(' or EMPTY");
  }
  num(): number | undefined {
    this.ws();
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (!m) return undefined;
    this.i = NUMBER.lastIndex;
    const t = m[0].toLowerCase().replace(/^\+/, '');
    if (t.endsWith('nan')) return NaN;
    if (t.endsWith('inf') || t.endsWith('infinity')) return t[0] === '-' ? -Infinity : Infinity;
    return Number(t);
  }
  /** A position of 2 to 4 numbers; only x and y are kept. */
  pos(out: (x: number, y: number) => void): void {
    const x = this.num();
    if (x === undefined) this.fail('a number');
    const y = this.num();
    if (y === undefined) this.fail('a second number (x y)');
    if (this.num() !== undefined) this.num();
    out(x, y);
  }
  /** The geometry type word (after an optional SRID=…; prefix) and its dimension word. */
  header(): GeometryType {
    SRID.lastIndex = this.i;
    if (SRID.test(this.s)) this.i = SRID.lastIndex;
    const w = this.word();
    // The dimension may be attached to the type word (POINTZ) or a word of its own (POINT Z).
    const t = w === undefined ? undefined : (WORDS[w] ?? WORDS[/^(.*?)(?:ZM|Z|M)$/.exec(w)?.[1] ?? '']);
    if (t === undefined) {
      this.fail(`POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING or MULTIPOLYGON${w === 'GEOMETRYCOLLECTION' ? ' (GEOMETRYCOLLECTION is not supported)' : ''}`);
    }
    const at = this.i;
    const d = this.word();
    if (d !== undefined && d !== 'Z' && d !== 'M' && d !== 'ZM') this.i = at;
    return t;
  }
  end(): void {
    this.ws();
    if (this.i < this.s.length) this.fail('the end of the geometry');
  }
}

/** Parse one WKT value into the builder's type (a single type into its multi as one part). */
function readInto(lx: Lexer, b: GeoBuilder): void {
  const kind = lx.header();
  const pt = (x: number, y: number) => b.point(x, y);
  /** '(' item {, item} ')' or EMPTY. */
  const list = (item: () => void) => {
    if (lx.emptyOrOpen()) return;
    do item();
    while (lx.eat(','));
    lx.expect(')');
  };
  const line = () => list(() => lx.pos(pt));
  const poly = (level: number) => list(() => (line(), b.close(level)));
  const point = (keepEmpty: boolean) => {
    if (lx.emptyOrOpen()) return keepEmpty ? b.point(NaN, NaN) : undefined;
    lx.pos(pt);
    lx.expect(')');
  };
  switch (b.type) {
    case 'point':
      return point(true);
    case 'linestring':
      return line();
    case 'polygon':
      return poly(1);
    case 'multipoint':
      if (kind === 'point') return point(false);
      return list(() => {
        lx.ws();
        if (lx.eat('(')) return (lx.pos(pt), lx.expect(')'));
        const at = lx.i;
        if (lx.word() === 'EMPTY') return b.point(NaN, NaN);
        lx.i = at;
        lx.pos(pt);
      });
    case 'multilinestring':
      if (kind === 'linestring') return (line(), b.close(1));
      return list(() => (line(), b.close(1)));
    case 'multipolygon':
      if (kind === 'polygon') return (poly(2), b.close(1));
      return list(() => (poly(2), b.close(1)));
  }
}

/**
 * A geometry column from a 'utf8' (or 'categorical') column of WKT. Nulls stay null; a column
 * mixing a type and its multi becomes the multi type; other mixes are a GeometryError (keep
 * them as WKB). Text that does not parse is a ParseError naming the row and the character.
 * Parsing runs on the host (CPU) on either backend.
 *
 * @example
 * ```ts
 * const g = gf.geo.fromWKT(gf.Column.from(['POINT (1 2)', 'MULTIPOINT ((3 4), (5 6))', null]));
 * console.log(g.type); // 'multipoint'
 * ```
 */
export function fromWKT(col: Column, options: FromGeoBytesOptions = {}): Column {
  const op = 'fromWKT';
  checkOptions(op, options, FROM_OPTIONS);
  checkColumnArg(col, op);
  if (col.type !== 'utf8' && col.type !== 'categorical') throw new DTypeError(`${op}: expected a utf8 column of WKT, got ${col.type}`);
  const codes = col.data.hostView(op) as Uint32Array;
  const dict = col.dictionary!;
  const bits = col.validity?.hostView(op) as Uint8Array | undefined;
  const valid = (r: number) => !bits || ((bits[r >> 3]! >> (r & 7)) & 1) === 1;
  const n = col.length;
  const kinds = new Uint8Array(n);
  const kindOf = new Map<number, number>();
  for (let r = 0; r < n; r++) {
    if (!valid(r)) continue;
    const c = codes[r]!;
    let k = kindOf.get(c);
    if (k === undefined) kindOf.set(c, (k = CODES.indexOf(new Lexer(dict[c]!, r).header()) + 1));
    kinds[r] = k;
  }
  const type = resolveType(op, kinds, CODES, options.type);
  const out = new GeoBuilder(type, n);
  for (let r = 0; r < n; r++) {
    if (!valid(r)) {
      out.endRow(false);
      continue;
    }
    const lx = new Lexer(dict[codes[r]!]!, r);
    readInto(lx, out);
    lx.end();
    out.endRow(true);
  }
  const g = out.finish(options.crs);
  if (options.checkRings !== false) checkRings(g, op);
  return g;
}
