/**
 * String order: by UTF-8 bytes, which is code point order, as Arrow, Polars and DuckDB sort.
 *
 * JavaScript's `<` and `Array.prototype.sort()` compare UTF-16 code units, which disagree with
 * code point order in one place: a character above U+FFFF (an emoji, '𝔸') is a surrogate pair
 * (0xD800–0xDFFF) and so sorts BEFORE U+E000–U+FFFF ('\uFF01', private use). Every place that
 * orders strings (a column's sorted dictionary, dictionary merges, binary searches for string
 * literals and prefixes) goes through this module, so sort, comparisons, min/max, group order,
 * unique and join all agree with the bytes.
 *
 * The comparison is ICU's "code point order" fix-up of UTF-16: at the first differing code
 * unit, when both units are ≥ 0xD800, surrogates rank above U+E000–U+FFFF; everything else is
 * plain code-unit order. An unpaired surrogate (not valid UTF-16) ranks as a surrogate unit.
 * When no string holds a surrogate, the native sort is exact and is used.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

/** A code unit ≥ 0xD800 moved so that surrogates sort above U+E000–U+FFFF. */
function fixup(u: number): number {
  return u >= 0xe000 ? u - 0x800 : u + 0x2000;
}

/**
 * Compare two strings by their UTF-8 bytes (code point order): negative, 0 or positive.
 * A column's sorted dictionary uses this order (JS's UTF-16 sort would put '😀' first):
 *
 * @example
 * ```ts
 * const s = gf.Column.from(['\uFF01', '😀', 'a']);
 * console.log(s.dictionary); // ['a', '\uFF01', '😀']
 * ```
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? fixup(x) - fixup(y) : x - y;
  }
  return a.length - b.length;
}

/** Plain UTF-16 comparison: exact UTF-8 order when neither string holds a surrogate. */
function compareUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The comparator to sort `values` by UTF-8 bytes: the native UTF-16 comparison when no value
 * holds a surrogate (then the orders agree), else `compareUtf8`.
 */
export function utf8Comparator(values: Iterable<string>): (a: string, b: string) => number {
  for (const s of values) if (SURROGATE.test(s)) return compareUtf8;
  return compareUnits;
}

/** Sort strings in place by UTF-8 bytes and return the array: `['😀', '\uFF01']` gives `['\uFF01', '😀']`. */
export function sortUtf8(values: string[]): string[] {
  return utf8Comparator(values) === compareUtf8 ? values.sort(compareUtf8) : values.sort();
}

/** The distinct strings of `values`, sorted by UTF-8 bytes: a sorted dictionary (`['b', 'a', 'b']` gives `['a', 'b']`). */
export function uniqueSortedUtf8(values: Iterable<string>): string[] {
  return sortUtf8([...new Set(values)]);
}

/**
 * The first index of the sorted `dictionary` whose string is not below `s` (UTF-8 order);
 * `dictionary.length` when every string is below. `(['a', 'c'], 'b')` gives 1.
 */
export function lowerBoundUtf8(dictionary: readonly string[], s: string): number {
  let lo = 0;
  let hi = dictionary.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareUtf8(dictionary[mid]!, s) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index of the sorted `dictionary` whose string is above `s` (UTF-8 order): `(['a', 'b', 'c'], 'b')` gives 2. */
export function upperBoundUtf8(dictionary: readonly string[], s: string): number {
  let lo = 0;
  let hi = dictionary.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareUtf8(dictionary[mid]!, s) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
