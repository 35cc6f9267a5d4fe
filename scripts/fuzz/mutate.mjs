// Mutation primitives of the fuzzer: a seeded PRNG, generic byte mutations, edits of the
// integer/float fields a format walker found (see formats.mjs), and text mutations for the text
// formats. Every function takes the PRNG `r` (uniform in [0, 1)) and returns a new Uint8Array.

/** mulberry32: 32 random bits per draw, the same sequence for the same seed: the package's own
 *  generator (src/random.ts, from the built dist/ the fuzz cases run against). */
export { mulberry32 } from '../../dist/src/random.js';

/** A 32-bit hash of a few numbers and strings (FNV-1a), to derive one case's PRNG seed. */
export function hash32(...parts) {
  let h = 0x811c9dc5;
  for (const p of parts) {
    for (const ch of String(p) + '\u0000') {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h;
}

export const int = (r, n) => Math.floor(r() * n);
export const pick = (r, xs) => xs[int(r, xs.length)];

/** Integer edge values for length/offset/count fields (written with the field's width, wrapping). */
export const EDGE_INTS = [0, 1, -1, 2, 7, 8, 255, 256, 0x7fff, 0xffff, 0x7fffffff, 0xffffffff, 0x80000000, -0x80000000, 2 ** 53 - 1, 2 ** 62, -(2 ** 63)];
/** Float edge values for coordinate-like fields. */
export const EDGE_FLOATS = [0, -0, NaN, Infinity, -Infinity, 1e155, -1e155, 1e308, 5e-324, 181, -91, 99433, 2 ** 31];

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}
export { concat };

/** Write integer `v` at `pos` as a `size`-byte int (1, 2, 4 or 8), little or big endian, wrapping. */
export function writeInt(b, pos, size, v, littleEndian = true) {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (size === 1) view.setUint8(pos, Number(BigInt.asUintN(8, BigInt(Math.trunc(v)))));
  else if (size === 2) view.setUint16(pos, Number(BigInt.asUintN(16, BigInt(Math.trunc(v)))), littleEndian);
  else if (size === 4) view.setUint32(pos, Number(BigInt.asUintN(32, BigInt(Math.trunc(v)))), littleEndian);
  else view.setBigUint64(pos, BigInt.asUintN(64, BigInt(Math.trunc(v))), littleEndian);
}

export function readInt(b, pos, size, littleEndian = true) {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (size === 1) return view.getUint8(pos);
  if (size === 2) return view.getUint16(pos, littleEndian);
  if (size === 4) return view.getInt32(pos, littleEndian);
  return Number(view.getBigInt64(pos, littleEndian));
}

/**
 * Edit one field a format walker found: `{ pos, size, le, kind: 'int' | 'float' }`. Ints get an
 * edge value, or their value ±1, ×2, /2, or ± a few; floats an edge float.
 */
export function mutateField(bytes, field, r) {
  const out = bytes.slice();
  if (field.pos + field.size > out.length) return out;
  if (field.kind === 'float') {
    new DataView(out.buffer).setFloat64(field.pos, pick(r, EDGE_FLOATS), field.le);
    return out;
  }
  const old = readInt(out, field.pos, field.size, field.le);
  const v = r() < 0.5 ? pick(r, EDGE_INTS) : pick(r, [old + 1, old - 1, old * 2, Math.floor(old / 2), old + 8, old - 8, old + 1000, -old]);
  writeInt(out, field.pos, field.size, v, field.le);
  return out;
}

/** One generic byte mutation; `other` (another seed of the same reader) is for splicing. */
export function mutateBytes(b, r, other) {
  const n = b.length;
  if (n === 0) return new Uint8Array([int(r, 256)]);
  const i = int(r, n);
  const run = 1 + int(r, r() < 0.8 ? 16 : 512);
  switch (int(r, 9)) {
    case 0: {
      const out = b.slice();
      out[i] ^= 1 << int(r, 8);
      return out;
    }
    case 1: {
      const out = b.slice();
      out[i] = int(r, 256);
      return out;
    }
    case 2: // truncate
      return b.slice(0, i);
    case 3: // delete a run
      return concat(b.subarray(0, i), b.subarray(Math.min(n, i + run)));
    case 4: { // duplicate a run, once or many times
      const piece = b.subarray(i, i + run);
      const times = r() < 0.8 ? 1 : 2 + int(r, 64);
      return concat(b.subarray(0, i + piece.length), ...Array(times).fill(piece), b.subarray(i + piece.length));
    }
    case 5: { // insert random bytes
      const ins = new Uint8Array(1 + int(r, 8)).map(() => int(r, 256));
      return concat(b.subarray(0, i), ins, b.subarray(i));
    }
    case 6: { // overwrite an aligned or unaligned int window with an edge value
      const size = pick(r, [1, 2, 4, 8]);
      const out = b.slice();
      if (i + size <= n) writeInt(out, i, size, pick(r, EDGE_INTS), r() < 0.7);
      return out;
    }
    case 7: { // NaN / Inf float bytes
      const out = b.slice();
      if (i + 8 <= n) new DataView(out.buffer).setFloat64(i, pick(r, EDGE_FLOATS), r() < 0.7);
      return out;
    }
    default: { // splice: a prefix of this input and a suffix of another seed
      if (!other || other.length === 0) return b.slice(0, i);
      return concat(b.subarray(0, i), other.subarray(int(r, other.length)));
    }
  }
}

/** Text tokens a text mutator swaps in for a number. */
const EDGE_NUMBERS = ['0', '-1', '-0', '2147483647', '4294967295', '2147483648', '9223372036854775808', '1e308', '1e400', '-1e400', 'NaN', 'Infinity', '1e155', '99433', '0x10', '1.', '.5', '1e', '--1', '9'.repeat(400)];

/**
 * One text mutation: a number replaced by an edge token, a structural character (from
 * `alphabet`) inserted, deleted or repeated, a token of `words` swapped in, a line duplicated or
 * dropped, or deep nesting. Works on the UTF-8 text of `b`.
 */
export function mutateText(b, r, { alphabet = ',"\n', words = [] } = {}) {
  const text = new TextDecoder().decode(b);
  const enc = (s) => new TextEncoder().encode(s);
  const n = text.length;
  const i = int(r, n + 1);
  switch (int(r, 7)) {
    case 0: { // a number → an edge token
      const nums = [...text.matchAll(/-?\d+(\.\d+)?([eE][-+]?\d+)?/g)];
      if (!nums.length) return enc(text + pick(r, EDGE_NUMBERS));
      const m = pick(r, nums);
      return enc(text.slice(0, m.index) + pick(r, EDGE_NUMBERS) + text.slice(m.index + m[0].length));
    }
    case 1: // insert structural characters
      return enc(text.slice(0, i) + pick(r, [...alphabet]).repeat(1 + (r() < 0.9 ? 0 : int(r, 2000))) + text.slice(i));
    case 2: { // delete one structural character
      const at = [...text].flatMap((c, k) => (alphabet.includes(c) ? [k] : []));
      if (!at.length) return enc(text.slice(1));
      const k = pick(r, at);
      return enc(text.slice(0, k) + text.slice(k + 1));
    }
    case 3: { // swap in a word of the format
      if (!words.length) return enc(text.slice(0, i) + '\u0000' + text.slice(i));
      return enc(text.slice(0, i) + pick(r, words) + text.slice(i));
    }
    case 4: { // duplicate or drop a line
      const lines = text.split('\n');
      const k = int(r, lines.length);
      if (r() < 0.5) lines.splice(k, 1);
      else lines.splice(k, 0, ...Array(r() < 0.8 ? 1 : 1 + int(r, 500)).fill(lines[k]));
      return enc(lines.join('\n'));
    }
    case 5: { // deep nesting or a long run of one character
      const depth = 1 + int(r, 20000);
      return enc(r() < 0.5 ? text.slice(0, i) + '['.repeat(depth) + ']'.repeat(depth) + text.slice(i) : text.slice(0, i) + 'a'.repeat(depth) + text.slice(i));
    }
    default: { // invalid UTF-8 or a BOM
      const bytes = enc(text);
      const at = int(r, bytes.length + 1);
      return concat(bytes.subarray(0, at), pick(r, [new Uint8Array([0xff]), new Uint8Array([0xc3]), new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array([0xed, 0xa0, 0x80])]), bytes.subarray(at));
    }
  }
}
