/**
 * withColumns and eval: expressions evaluated by ONE fused kernel each (kernels/expr), into
 * new columns. Window nodes (`col('x').cumSum()`) are evaluated first by the window verb,
 * and their results become inputs of the fused kernel.
 *
 * Failing values (a strict cast of a value that does not fit; sin/cos/tan beyond the
 * device's argument reduction; a year beyond int32) raise a status bit on the device.
 * Reading it is a 4-byte control read, so only the async verbs (`eval`, `filter`) can take
 * such expressions; `withColumns`, which only records work, refuses them up front with a
 * typed error that names the way out (`await df.eval(expr)`, or `cast(t, { strict: false })`).
 */
import { Column } from '../../src/column/column.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTypeError, OverflowError, ValueError } from '../../src/errors.js';
import { evalExprProgram } from '../../kernels/expr/expr.js';
import { canFail, STATUS_CAST, STATUS_DOMAIN } from '../../kernels/expr/ir.js';
import type { DataFrame, ColumnInput } from '../data-frame.js';
import { createFrame } from '../factory.js';
import { Expr, type ExprNode } from '../expr.js';
import { bindExpr, type BoundType } from '../bind-expr.js';
import { applyWindow, checkWindow, type WindowOptions, type WindowOp } from './window.js';
import { widen } from '../../kernels/cast/widen.js';

const SMALL_INTS: readonly string[] = ['int8', 'int16', 'uint8', 'uint16'];

export interface Evaluated {
  column: Column;
  /** Status word to check (only when the expression can fail). */
  status?: DataBuffer<'uint32'>;
  /**
   * Temporaries computed on the way, freed by the caller: window columns (checked for int64
   * overflow by the async verbs) and 8/16-bit columns widened to int32.
   */
  windows: Column[];
}

function toColumn(values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, ty: BoundType): Column {
  if (ty.logical === 'utf8' || ty.logical === 'categorical') return new Column({ type: ty.logical, data: values, validity, dictionary: ty.dictionary });
  if (ty.logical === 'date') return new Column({ type: 'date', data: values, validity });
  if (ty.logical === 'timestamp') return new Column({ type: 'timestamp', data: values, validity, unit: ty.unit, timezone: ty.timezone });
  return new Column({ type: ty.t, data: values, validity });
}

/**
 * Evaluate `expr` over `df`'s rows into a Column (a bare column reference returns the
 * column itself). `failable`: whether a status-raising expression is allowed (async verbs).
 */
export function evaluate(df: DataFrame, expr: Expr, op: string, failable: boolean, mask = false): Evaluated {
  if (!(expr instanceof Expr)) throw new ValueError(`${op}: expected an expression such as col('x').add(1), got ${expr === null ? 'null' : typeof expr}`);
  const windows: Column[] = [];
  const resolveWindow = (node: Extract<ExprNode, { kind: 'window' }>): Column => {
    const arg = evaluate(df, new Expr(node.arg), op, failable);
    windows.push(...arg.windows);
    const options = (node.over ? { ...node.options, over: node.over.map((k) => df.column(k)) } : node.options) as WindowOptions;
    const c = applyWindow(node.op as WindowOp, arg.column, options);
    windows.push(c);
    return c;
  };
  // 8- and 16-bit int columns enter the kernel widened to int32 (exact, unsigned ones too), so
  // their arithmetic is int32: int8 + int8 is int32 here, where Polars keeps int8 and wraps.
  const wideOf = new Map<Column, Column>();
  const originalOf = new Map<Column, Column>();
  const lookup = (n: string): Column => {
    const c = df.column(n);
    if (!SMALL_INTS.includes(c.type)) return c;
    let w = wideOf.get(c);
    if (!w) {
      const wide = widen(c.data);
      const data = wide.dtype === 'int32' ? wide : wide.reinterpret('int32'); // < 2^16: same bits
      w = new Column({ type: 'int32', data, validity: c.validity });
      wideOf.set(c, w);
      originalOf.set(w, c);
      windows.push(new Column({ type: 'int32', data })); // freed with the temporaries
    }
    return w;
  };
  let b: ReturnType<typeof bindExpr>;
  try {
    b = bindExpr(expr.node, lookup, op, resolveWindow);
    windows.push(...b.temporaries); // list values (col('l').list.len()), freed as temporaries
  } catch (err) {
    for (const w of windows) w.dispose();
    throw err;
  }
  if (!failable && canFail(b.prog.tree)) {
    for (const w of windows) w.dispose();
    throw new ValueError(
      `${op}: expected an expression that cannot fail, got ${expr.toString()} (a strict cast, sin/cos/tan or a checked year can fail on values only the device sees: use await df.eval(expr) or cast(dtype, { strict: false }))`,
    );
  }
  if (mask && (b.type.t !== 'bool' || b.type.logical)) {
    for (const w of windows) w.dispose();
    throw new DTypeError(`${op}: expected a boolean expression, got ${expr.toString()} of type ${b.type.logical ?? b.type.t}`);
  }
  if (b.column && !mask) {
    const column = originalOf.get(b.column) ?? b.column; // a bare 8/16-bit column: itself, not widened
    return { column, windows: windows.filter((w) => w !== column) };
  }
  const r = evalExprProgram(b.prog, df.numRows, { mask });
  const column = mask ? new Column({ type: 'bool', data: r.values }) : toColumn(r.values, r.validity, b.type);
  return { column, status: r.status, windows };
}

/** Throw the error a raised status word stands for; check window overflows. Disposes the word. */
export async function checkEvaluated(e: Evaluated, expr: Expr, op: string): Promise<void> {
  for (const w of e.windows) await checkWindow(w);
  if (!e.status) return;
  const bits = (await e.status.readControl())[0]!;
  e.status.dispose();
  if (bits & STATUS_CAST) {
    throw new OverflowError(`${op}: expected every value of a strict cast to fit its target type, got one that does not in ${expr.toString()} (cast(dtype, { strict: false }) makes such values null)`);
  }
  if (bits & STATUS_DOMAIN) {
    throw new ValueError(`${op}: expected sin/cos/tan arguments with |x| < 2^20·π/2 and years within int32, got a value outside that range in ${expr.toString()}`);
  }
}

/** Dispose the window temporaries that are not the result. */
function dropWindows(e: Evaluated, keep: Column | undefined): void {
  for (const w of e.windows) if (w !== keep) w.dispose();
}

/**
 * `df.eval(expr)`: one expression evaluated to a Column (Series arithmetic). Async: it
 * checks the status of expressions that can fail.
 */
export async function evalColumn(df: DataFrame, expr: Expr): Promise<Column> {
  const e = evaluate(df, expr, 'eval', true);
  try {
    await checkEvaluated(e, expr, 'eval');
  } catch (err) {
    if (e.status) e.column.dispose();
    throw err;
  } finally {
    dropWindows(e, e.column);
  }
  return e.column;
}

/** `df.withColumns({...})`: columns added or replaced; Expr values evaluated against `df` (not each other). */
export function withColumns(df: DataFrame, columns: Record<string, ColumnInput | Expr>): DataFrame {
  if (columns === null || typeof columns !== 'object') throw new ValueError(`withColumns: expected an object of columns or expressions, got ${columns === null ? 'null' : typeof columns}`);
  const out = df.names.map((n, i) => [n, df.getColumns()[i]!] as [string, ColumnInput]);
  for (const [n, c] of Object.entries(columns)) {
    let value: ColumnInput;
    if (c instanceof Expr) {
      const e = evaluate(df, c, 'withColumns', false);
      dropWindows(e, e.column);
      value = e.column;
    } else value = c;
    const i = df.names.indexOf(n);
    if (i >= 0) out[i] = [n, value];
    else out.push([n, value]);
  }
  return createFrame(out);
}
