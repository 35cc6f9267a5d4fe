/**
 * A minimal .zip reader for shapefile archives: the central directory, stored (0) and deflated (8)
 * entries, inflated with the platform's DecompressionStream (Node ≥ 20 and browsers), CRC-32 checked.
 * Zip64, encryption and multi-disk archives are refused with a ParseError.
 */
import { ParseError } from '../errors.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * The files in a zip archive, by their full path inside it. Directories are left out.
 *
 * Internal: `readShapefile` opens a .zip through it.
 */
export async function unzip(bytes: Uint8Array, file: string): Promise<Map<string, Uint8Array>> {
  const fail = (what: string): never => {
    throw new ParseError(`readShapefile: expected a valid zip archive, got ${what}`, { file });
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail('no end-of-central-directory record (not a zip, or truncated)');
  const entries = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  let at = view.getUint32(eocd + 16, true);
  if (entries === 0xffff || at === 0xffffffff) fail('a zip64 archive (not supported)');
  if (at + cdSize > eocd) fail(`a central directory past the end of the file (${at + cdSize} > ${eocd})`);
  const out = new Map<string, Uint8Array>();
  const names = new TextDecoder();
  for (let k = 0; k < entries; k++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) fail(`a corrupt central directory entry ${k}`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLen = view.getUint16(at + 28, true);
    const next = at + 46 + nameLen + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLen));
    at = next;
    if (name.endsWith('/')) continue;
    if (flags & 1) fail(`an encrypted entry '${name}'`);
    if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL) fail(`a corrupt local header for '${name}'`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + compressed > bytes.length) fail(`entry '${name}' cut short (${bytes.length - start} of ${compressed} bytes)`);
    const raw = bytes.subarray(start, start + compressed);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) data = await inflate(raw).catch(() => fail(`entry '${name}' with corrupt deflate data`));
    else data = fail(`entry '${name}' compressed with method ${method} (only stored and deflate are supported)`);
    if (data.length !== size) fail(`entry '${name}' of ${data.length} bytes where its header says ${size}`);
    if (crc32(data) !== crc) fail(`entry '${name}' whose CRC-32 does not match (corrupt data)`);
    out.set(name, data);
  }
  return out;
}

async function inflate(raw: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([raw as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

let table: Uint32Array | undefined;

function crc32(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
