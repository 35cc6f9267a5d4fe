/**
 * What a writer hands back, by its `as` option: the text writers (CSV, JSON, NDJSON, GeoJSON)
 * give a string by default, the binary ones (Arrow, Parquet) a Uint8Array; either kind gives
 * `as: 'bytes'` (UTF-8 for text) or `as: 'blob'` (a Blob with the format's media type, for a
 * download link or `fetch` body in a browser, where a path is an IOError). The file at `path`,
 * when one is given, is written the same whatever `as` says.
 */
import { ValueError } from '../errors.js';
import { showValue } from '../options.js';

/** A text writer's `as`: 'string' (default), 'bytes' (UTF-8) or 'blob'. */
export type TextOutput = 'string' | 'bytes' | 'blob';
/** A binary writer's `as`: 'bytes' (default) or 'blob'. */
export type BinaryOutput = 'bytes' | 'blob';

/**
 * The value a writer returns for `as` = A, where D is its default: a union of `as` kinds gives
 * the union of their values.
 */
export type Written<A, D> = A extends 'bytes' ? Uint8Array : A extends 'blob' ? Blob : A extends 'string' ? string : D;

/** The media type of each written format (what a Blob carries). */
export const MEDIA_TYPES = {
  csv: 'text/csv',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  geojson: 'application/geo+json',
  arrowFile: 'application/vnd.apache.arrow.file',
  arrowStream: 'application/vnd.apache.arrow.stream',
  parquet: 'application/vnd.apache.parquet',
} as const;

/** Check `as` (undefined → `dflt`) against the kinds `op` offers; a ValueError naming the option. */
export function outputKind<K extends string>(op: string, as: unknown, kinds: readonly K[], dflt: K): K {
  if (as === undefined) return dflt;
  if (typeof as === 'string' && (kinds as readonly string[]).includes(as)) return as as K;
  throw new ValueError(`${op}: expected option as ${kinds.map((k) => `'${k}'`).join(', ')} (default '${dflt}'), got ${showValue(as)}`);
}

/** A blob of `bytes` typed `type`. */
function blobOf(bytes: Uint8Array | string, type: string): Blob {
  return new Blob([bytes as BlobPart], { type });
}

/** A text writer's result: its text (or its UTF-8 bytes, when they are at hand) as `kind`. */
export function textOutput(kind: TextOutput, text: string | Uint8Array, type: string): string | Uint8Array | Blob {
  if (kind === 'blob') return blobOf(text, type);
  if (kind === 'bytes') return typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return typeof text === 'string' ? text : new TextDecoder().decode(text);
}

/** A binary writer's result: its bytes as `kind`. */
export function bytesOutput(kind: BinaryOutput, bytes: Uint8Array, type: string): Uint8Array | Blob {
  return kind === 'blob' ? blobOf(bytes, type) : bytes;
}
