/**
 * The frame factory. Verbs build their result frames through `createFrame` (Arquero's
 * `table.create()`) instead of importing the DataFrame class: frame/data-frame.ts imports every
 * verb, so a verb that imported the class back would close an import cycle. data-frame.ts
 * registers its constructor here when it loads; a verb only runs on a frame, so by then it has.
 * Internal: not part of the public API.
 */
import type { ColumnInput, DataFrame } from './data-frame.js';
import type { Table } from '../src/io/table.js';
import { GpuframeError } from '../src/errors.js';

/** What the DataFrame constructor takes: named columns as a record or as [name, column] pairs. */
export type FrameColumns = Record<string, ColumnInput> | ReadonlyArray<readonly [string, ColumnInput]>;

let Frame: (new (columns: FrameColumns) => DataFrame) | undefined;

/**
 * Sets the class `createFrame` constructs; frame/data-frame.ts calls this once, as it loads.
 *
 * Internal.
 */
export function registerFrame(cls: new (columns: FrameColumns) => DataFrame): void {
  Frame = cls;
}

function frameClass(op: string): new (columns: FrameColumns) => DataFrame {
  if (Frame === undefined) throw new GpuframeError(`${op}: expected frame/data-frame.js to be loaded, got no DataFrame class`);
  return Frame;
}

/**
 * A new DataFrame over the given columns (checked as `new DataFrame(columns)` checks them).
 *
 * Internal: how the verbs make frames without importing the DataFrame class.
 */
export function createFrame(columns: FrameColumns): DataFrame {
  return new (frameClass('createFrame'))(columns);
}

/**
 * Whether `x` is a DataFrame (`instanceof` the registered class).
 *
 * Internal: `concat` and `join` check their arguments with it.
 */
export function isFrame(x: unknown): x is DataFrame {
  return x instanceof frameClass('isFrame');
}

/**
 * A DataFrame over a reader's Table (its columns, in order), as `DataFrame.fromTable`.
 *
 * Internal: the readers' step from a Table to a DataFrame.
 */
export function frameFromTable(t: Table): DataFrame {
  return createFrame(t.names.map((n, i) => [n, t.columns[i]!] as const));
}
