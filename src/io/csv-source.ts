/**
 * Where the text readers (readCSV, readJSON, readNDJSON) take their input from, resolved to
 * bytes or text once, with the name their errors give:
 * - a string: a path (the file's path names errors), or the text itself when the reader's rule
 *   says so (see `looksLikeText`), named '<text>';
 * - a Uint8Array (Buffer included), an ArrayBuffer or a DataView: the bytes, named '<buffer>';
 * - a URL (or an `http(s)://` string): `file:` URLs are read as files, `http:`/`https:` ones
 *   with `fetch` (Node 18+, browsers), named by the URL;
 * - a Blob or File, named by the File's name or '<blob>';
 * - a stream: a web ReadableStream, a Node Readable or any async iterable of Uint8Array or
 *   string chunks, read to the end, named '<stream>'.
 */
import { readSourceBytes } from './source.js';

/** Anything a text reader takes as its source. */
export type TextSource = string | URL | Blob | Uint8Array | ArrayBuffer | DataView | ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string>;

/** A resolved source: bytes (from a file, buffer, URL, Blob or stream) or text, and its name for errors. */
export interface ResolvedSource {
  bytes?: Uint8Array;
  text?: string;
  file: string;
}

/**
 * Resolve a source to bytes or text. `isText(s)` says whether a string is the data itself
 * (else it is a path, or an http(s) URL).
 *
 * Internal: how `readCSV`, `readJSON` and `readNDJSON` take their source.
 */
export async function resolveSource(op: string, source: unknown, isText: (s: string) => boolean): Promise<ResolvedSource> {
  if (typeof source === 'string' && isText(source)) return { text: source, file: '<text>' };
  return readSourceBytes(op, source, '<buffer>', 'a path, CSV/JSON text, a Uint8Array, an ArrayBuffer, a URL or a stream');
}
