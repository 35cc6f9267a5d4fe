/**
 * The argument checks of `new Column(init)`: what the constructor reads must be there with the
 * right kind before it reads it, so a wrong argument is a ValueError naming the field, never a
 * bare TypeError from deep in the constructor. Sizes and offsets are checked by the constructor.
 */
import { DataBuffer } from '../memory/data-buffer.js';
import { DTYPES } from '../dtypes.js';
import { ValueError } from '../errors.js';
import { showValue } from '../options.js';

/** Check `init` (see the module comment); `logicalTypes` are the column types beyond the dtypes. */
export function checkColumnInit(init: unknown, logicalTypes: readonly string[]): void {
  if (init === null || typeof init !== 'object' || Array.isArray(init)) throw new ValueError(`Column: expected an init object { type, data, … }, got ${showValue(init)}`);
  const i = init as Record<string, unknown>;
  if (typeof i.type !== 'string' || !((DTYPES as readonly string[]).includes(i.type) || logicalTypes.includes(i.type))) {
    throw new ValueError(`Column: expected type as one of ${[...DTYPES, ...logicalTypes].join(', ')}, got ${showValue(i.type)}`);
  }
  if (!(i.data instanceof DataBuffer)) throw new ValueError(`Column: expected data as a DataBuffer (gf.array), got ${showValue(i.data)}`);
  if (i.validity !== undefined && !(i.validity instanceof DataBuffer && i.validity.dtype === 'uint8')) {
    throw new ValueError(`Column: expected validity as a uint8 DataBuffer or undefined, got ${showValue(i.validity)}`);
  }
  if (i.dictionary !== undefined && !(Array.isArray(i.dictionary) && i.dictionary.every((s) => typeof s === 'string'))) {
    throw new ValueError(`Column: expected dictionary as an array of strings or undefined, got ${showValue(i.dictionary)}`);
  }
  if (i.children !== undefined && !(Array.isArray(i.children) && i.children.every((c) => c !== null && typeof c === 'object' && typeof (c as { length?: unknown }).length === 'number' && typeof (c as { type?: unknown }).type === 'string'))) {
    throw new ValueError(`Column: expected children as an array of Columns or undefined, got ${showValue(i.children)}`);
  }
  if (i.fields !== undefined && !(Array.isArray(i.fields) && i.fields.every((s) => typeof s === 'string'))) {
    throw new ValueError(`Column: expected fields as an array of strings or undefined, got ${showValue(i.fields)}`);
  }
  if (i.unit !== undefined && !['s', 'ms', 'us', 'ns'].includes(i.unit as string)) throw new ValueError(`Column: expected unit as 's', 'ms', 'us' or 'ns', got ${showValue(i.unit)}`);
  for (const key of ['timezone', 'crs'] as const) {
    if (i[key] !== undefined && typeof i[key] !== 'string') throw new ValueError(`Column: expected ${key} as a string or undefined, got ${showValue(i[key])}`);
  }
  if (i.length !== undefined && (typeof i.length !== 'number' || !Number.isSafeInteger(i.length) || i.length < 0)) {
    throw new ValueError(`Column: expected length as a non-negative integer or undefined, got ${showValue(i.length)}`);
  }
}
