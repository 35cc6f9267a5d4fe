/** The argument check every kernel entry point runs first. Internal. */
import { ValueError } from '../errors.js';
import { showValue } from '../options.js';
import { DataBuffer } from './data-buffer.js';

/**
 * Check that a kernel's argument is a DataBuffer: a ValueError naming the op and the argument
 * otherwise (never a TypeError from reading `.dtype` of null).
 */
export function expectBuffer(op: string, x: unknown, name: string): asserts x is DataBuffer {
  if (!(x instanceof DataBuffer)) throw new ValueError(`${op}: expected ${name} as a DataBuffer (gf.array(…)), got ${showValue(x)}`);
}
