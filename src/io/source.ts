/**
 * Where every reader takes its input from, resolved to bytes once, with the name its errors give:
 * - a string path (Node; a browser has no file system: an IOError), named by the path; an
 *   `http:`/`https:` string is a URL;
 * - a URL: `file:` read as a file (Node), `http:`/`https:` fetched, named by the URL;
 * - a Blob or File (browsers, Node 20+), named by the File's name or '<blob>';
 * - a Uint8Array (Buffer included), an ArrayBuffer or a DataView, named by the reader's word for
 *   bytes ('<buffer>' for the text readers and shapefiles, '<bytes>' for Arrow and Parquet);
 * - a stream: a web ReadableStream, a Node Readable or any async iterable of Uint8Array or
 *   string chunks, read to the end, named '<stream>'.
 */
import { platform } from '#platform';
import { IOError, ParseError, ValueError } from '../errors.js';
import { showValue } from '../options.js';
import { readFileBytes } from './fs.js';

/** Any single input a reader takes as bytes. */
export type ByteSource = string | URL | Blob | Uint8Array | ArrayBuffer | DataView | ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string>;

/** Bytes and the name errors give them. */
export interface SourceBytes {
  bytes: Uint8Array;
  file: string;
}

/** Whether a string is an http(s) URL rather than a path. */
export function isHttpURL(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** Whether `s` is a Blob (a File included), without requiring a global Blob. */
export function isBlob(s: unknown): s is Blob {
  return typeof Blob === 'function' && s instanceof Blob;
}

/** Whether `s` is a stream: a web ReadableStream, or an async iterable (a Node Readable). */
export function isStream(s: unknown): s is ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string> {
  if (s === null || typeof s !== 'object') return false;
  return typeof (s as ReadableStream).getReader === 'function' || typeof (s as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/** Whether `s` is a non-string source this module reads (bytes, a Blob, a URL or a stream). */
export function isByteSourceObject(s: unknown): boolean {
  return s instanceof Uint8Array || s instanceof ArrayBuffer || s instanceof DataView || s instanceof URL || isBlob(s) || isStream(s);
}

/** The name a Blob's errors give: a File's name, else '<blob>'. */
export function blobName(b: Blob): string {
  const name = (b as File).name;
  return typeof name === 'string' && name.length > 0 ? name : '<blob>';
}

/**
 * Read a source to bytes. `bufferName` names in-memory bytes; `what` lists the accepted kinds
 * in the ValueError for anything else.
 */
export async function readSourceBytes(op: string, source: unknown, bufferName: string, what = 'a path, a URL, a Blob or File, a Uint8Array, an ArrayBuffer or a ReadableStream'): Promise<SourceBytes> {
  if (typeof source === 'string') return isHttpURL(source) ? fetchBytes(op, new URL(source)) : { bytes: await readFileBytes(op, source), file: source };
  if (source instanceof Uint8Array) return { bytes: source, file: bufferName };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), file: bufferName };
  if (source instanceof DataView) return { bytes: new Uint8Array(source.buffer, source.byteOffset, source.byteLength), file: bufferName };
  if (source instanceof URL) return readURL(op, source);
  if (isBlob(source)) return readBlob(op, source);
  if (isStream(source)) return { bytes: await readStream(op, source), file: '<stream>' };
  throw new ValueError(`${op}: expected ${what}, got ${showValue(source)}`);
}

/** A `file:` URL read as a file, an `http(s):` one fetched. */
export async function readURL(op: string, url: URL): Promise<SourceBytes> {
  if (url.protocol === 'file:') {
    const path = platform.fileURLToPath(url);
    return { bytes: await readFileBytes(op, path), file: path };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValueError(`${op}: expected a file:, http: or https: URL, got '${url.protocol}' (${url.href})`);
  return fetchBytes(op, url);
}

/**
 * An http(s) URL's body; a ParseError naming the URL when it cannot be reached or answers other
 * than 2xx. `optional`: a 404 gives undefined (a shapefile's .prj beside its .shp).
 */
export async function fetchBytes(op: string, url: URL): Promise<SourceBytes>;
export async function fetchBytes(op: string, url: URL, optional: true): Promise<SourceBytes | undefined>;
export async function fetchBytes(op: string, url: URL, optional = false): Promise<SourceBytes | undefined> {
  if (typeof fetch !== 'function') throw new ValueError(`${op}: expected a runtime with fetch for ${url.href}, got none (read the bytes yourself and pass them)`);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new ParseError(`${op}: expected a reachable URL, got ${String((e as Error).message)}`, { file: url.href });
  }
  if (optional && res.status === 404) return undefined;
  if (!res.ok) throw new ParseError(`${op}: expected an HTTP 2xx response, got ${res.status} ${res.statusText}`, { file: url.href });
  try {
    return { bytes: new Uint8Array(await res.arrayBuffer()), file: url.href };
  } catch (e) {
    throw new ParseError(`${op}: expected the whole response body, got ${String((e as Error).message)}`, { file: url.href });
  }
}

/** A Blob's bytes; an IOError naming it when it cannot be read (a File removed since it was picked). */
export async function readBlob(op: string, b: Blob): Promise<SourceBytes> {
  const file = blobName(b);
  try {
    return { bytes: new Uint8Array(await b.arrayBuffer()), file };
  } catch (e) {
    throw new IOError(`${op}: expected a readable Blob or File, got ${String((e as Error)?.message ?? e)}`, file, undefined);
  }
}

/** Read a stream to the end; string chunks are UTF-8 encoded. */
export async function readStream(op: string, s: ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const encoder = new TextEncoder();
  const add = (c: unknown): void => {
    if (typeof c === 'string') chunks.push(encoder.encode(c));
    else if (c instanceof Uint8Array) chunks.push(c);
    else throw new ValueError(`${op}: expected stream chunks of Uint8Array or string, got ${showValue(c)}`);
  };
  if (typeof (s as ReadableStream).getReader === 'function') {
    const reader = (s as ReadableStream<Uint8Array | string>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      add(value);
    }
  } else {
    for await (const c of s as AsyncIterable<Uint8Array | string>) add(c);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) (out.set(c, at), (at += c.length));
  return out;
}
