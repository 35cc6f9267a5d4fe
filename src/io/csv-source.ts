/**
 * Where the text readers (readCSV, readJSON, readNDJSON) take their input from, resolved to
 * bytes or text once, with the name their errors give:
 * - a string: a path (the file's path names errors), or the text itself when the reader's rule
 *   says so (see `looksLikeText`), named '<text>';
 * - a Uint8Array (Buffer included), an ArrayBuffer or a DataView: the bytes, named '<buffer>';
 * - a URL: `file:` URLs are read as files, `http:`/`https:` ones with `fetch` (Node 18+,
 *   browsers), named by the URL;
 * - a stream: a web ReadableStream, a Node Readable or any async iterable of Uint8Array or
 *   string chunks, read to the end, named '<stream>'.
 */
import { ParseError, ValueError } from '../errors.js';
import { showValue } from '../options.js';
import { readFileBytes } from './fs.js';

/** Anything a text reader takes as its source. */
export type TextSource = string | URL | Uint8Array | ArrayBuffer | DataView | ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string>;

/** A resolved source: bytes (from a file, buffer, URL or stream) or text, and its name for errors. */
export interface ResolvedSource {
  bytes?: Uint8Array;
  text?: string;
  file: string;
}

/**
 * Resolve a source to bytes or text. `isText(s)` says whether a string is the data itself
 * (else it is a path).
 *
 * Internal: how `readCSV`, `readJSON` and `readNDJSON` take their source.
 */
export async function resolveSource(op: string, source: unknown, isText: (s: string) => boolean): Promise<ResolvedSource> {
  if (typeof source === 'string') return isText(source) ? { text: source, file: '<text>' } : { bytes: await readFileBytes(op, source), file: source };
  if (source instanceof Uint8Array) return { bytes: source, file: '<buffer>' };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), file: '<buffer>' };
  if (source instanceof DataView) return { bytes: new Uint8Array(source.buffer, source.byteOffset, source.byteLength), file: '<buffer>' };
  if (source instanceof URL) return readURL(op, source);
  if (isStream(source)) return { bytes: await readStream(op, source), file: '<stream>' };
  throw new ValueError(`${op}: expected a path, CSV/JSON text, a Uint8Array, an ArrayBuffer, a URL or a stream, got ${showValue(source)}`);
}

function isStream(s: unknown): s is ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string> {
  if (s === null || typeof s !== 'object') return false;
  return typeof (s as ReadableStream).getReader === 'function' || typeof (s as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

async function readURL(op: string, url: URL): Promise<ResolvedSource> {
  if (url.protocol === 'file:') {
    const { fileURLToPath } = await import('node:url');
    const path = fileURLToPath(url);
    return { bytes: await readFileBytes(op, path), file: path };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValueError(`${op}: expected a file:, http: or https: URL, got '${url.protocol}' (${url.href})`);
  if (typeof fetch !== 'function') throw new ValueError(`${op}: expected a runtime with fetch for ${url.href}, got none (read the bytes yourself and pass them)`);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new ParseError(`${op}: expected a reachable URL, got ${String((e as Error).message)}`, { file: url.href });
  }
  if (!res.ok) throw new ParseError(`${op}: expected an HTTP 2xx response, got ${res.status} ${res.statusText}`, { file: url.href });
  return { bytes: new Uint8Array(await res.arrayBuffer()), file: url.href };
}

/** Read a stream to the end; string chunks are UTF-8 encoded. */
async function readStream(op: string, s: ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
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
