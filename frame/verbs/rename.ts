/** rename: new names for some columns; buffers are shared, nothing runs on the device. */
import { ColumnNotFoundError, ValueError } from '../../src/errors.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame } from '../factory.js';

/**
 * A frame whose columns listed in `mapping` (old name → new name) are renamed; order and
 * buffers are kept. As Polars `rename`: a name not in the frame is a ColumnNotFoundError,
 * and a result with two columns of one name is a ValueError.
 */
export function rename(df: DataFrame, mapping: Record<string, string>): DataFrame {
  if (mapping === null || typeof mapping !== 'object') throw new ValueError(`rename: expected an object of old name → new name, got ${mapping === null ? 'null' : typeof mapping}`);
  for (const [from, to] of Object.entries(mapping)) {
    if (!df.names.includes(from)) throw new ColumnNotFoundError(`rename: expected one of ${df.names.map((n) => `'${n}'`).join(', ')}, got '${from}'`);
    if (typeof to !== 'string') throw new ValueError(`rename: expected a string new name for '${from}', got ${typeof to}`);
  }
  const names = df.names.map((n) => (Object.prototype.hasOwnProperty.call(mapping, n) ? mapping[n]! : n));
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new ValueError(`rename: expected unique column names, got '${dup}' twice`);
  return createFrame(names.map((n, i) => [n, df.getColumns()[i]!] as const));
}
