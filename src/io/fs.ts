/**
 * The one door to the file system for readers and writers: every failure becomes an IOError that
 * names the path and the system's code, never a bare ENOENT. The file system is the platform's
 * (src/platform): Node's, or none in a browser, where a path is an IOError (code ENOSYS).
 */
import { platform } from '#platform';
import { IOError } from '../errors.js';

const WHAT: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'a folder, not a file',
  ENOTDIR: 'a path through something that is not a folder',
  ENOSPC: 'no space left on the device',
  EROFS: 'a read-only file system',
  EMFILE: 'too many open files',
  ENOSYS: 'no file system here (a browser)',
};

/** The IOError for a failed file-system call `e` on `path`, in the words of `op` and `expected`. */
export function ioError(op: string, expected: string, path: string, e: unknown): IOError {
  const code = (e as { code?: string } | null)?.code;
  const what = code !== undefined && WHAT[code] !== undefined ? `${WHAT[code]} (${code})` : String((e as Error)?.message ?? e);
  return new IOError(`${op}: expected ${expected}, got ${what}`, path, code);
}

/** A file's bytes; an IOError naming `path` when it cannot be read. */
export async function readFileBytes(op: string, path: string): Promise<Uint8Array> {
  try {
    return await platform.readFile(path);
  } catch (e) {
    throw ioError(op, 'a readable file', path, e);
  }
}

/** Write bytes or text to `path`; an IOError naming `path` when it cannot be written. */
export async function writeFileBytes(op: string, path: string, data: Uint8Array | string): Promise<void> {
  try {
    await platform.writeFile(path, data);
  } catch (e) {
    throw ioError(op, 'a writable path', path, e);
  }
}
