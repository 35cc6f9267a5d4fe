/**
 * Every error gpuframe throws is one of these classes. Messages read `op: expected X, got Y`.
 *
 * @example
 * ```ts
 * try { gf.kernels.reduce(gf.array(new Int8Array(4)), 'sum'); }
 * catch (e) {
 *   if (!(e instanceof gf.GpuframeError)) throw e; // every gpuframe error is a GpuframeError
 *   console.log(e.name, e.message); // DTypeError reduce/sum: expected dtype int32 | uint32 | float32 | int64 | uint64 | float64, got int8
 * }
 * ```
 */
export class GpuframeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A dtype that an op does not accept, or an unknown dtype name.
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import * as gf from 'gpuframe';
 * assert.throws(() => gf.dtypeInfo('int128' as gf.DTypeName), gf.DTypeError);
 * // dtype: expected one of bool, int8, int16, …, float64, got 'int128'
 * ```
 */
export class DTypeError extends GpuframeError {}

/**
 * Lengths or shapes that do not agree, or an index out of range.
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import * as gf from 'gpuframe';
 * assert.throws(() => new gf.DataFrame({ a: new Int32Array(2), b: new Int32Array(3) }), gf.ShapeError);
 * // DataFrame: expected every column to have 2 rows, got 3 in 'b'
 * ```
 */
export class ShapeError extends GpuframeError {}

/**
 * A column name that is not in the frame.
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import * as gf from 'gpuframe';
 * assert.throws(() => new gf.DataFrame({ a: new Int32Array(2) }).column('b'), gf.ColumnNotFoundError);
 * // column: expected one of 'a', got 'b'
 * ```
 */
export class ColumnNotFoundError extends GpuframeError {}

/**
 * An option or argument with a value the op cannot take.
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import * as gf from 'gpuframe';
 * const x = gf.array(new Uint32Array([1, 2]));
 * assert.throws(() => gf.kernels.scan(x, { inclusive: 'yes' as never }), gf.ValueError);
 * // scan: expected options.inclusive to be a boolean, got string
 * ```
 */
export class ValueError extends GpuframeError {}

/**
 * An estimator used before `fit` (scikit-learn's NotFittedError, also a ValueError).
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import * as gf from 'gpuframe';
 * await assert.rejects(new gf.StandardScaler().transform([new Float64Array([1, 2])]), gf.NotFittedError);
 * // StandardScaler.transform: expected a fitted estimator, got one not fitted (await fit() first)
 * ```
 */
export class NotFittedError extends ValueError {}

/**
 * WebGPU is missing, refused a request, or lost the device.
 *
 * @example
 * ```ts
 * // Where no WebGPU device was initialised, asking for one throws:
 * try { gf.withBackend('webgpu', () => gf.kernels.sequence(3, 0)); }
 * catch (e) { console.log(e instanceof gf.DeviceError); } // true
 * ```
 */
export class DeviceError extends GpuframeError {}

/**
 * A buffer was used after `dispose()`, or read where its bytes are not.
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import * as gf from 'gpuframe';
 * const x = gf.array(new Float64Array([1]));
 * x.dispose();
 * await assert.rejects(x.toArray(), gf.ResidencyError); // toArray: expected a live buffer, got one that was disposed
 * ```
 */
export class ResidencyError extends GpuframeError {}

/**
 * Malformed input data. Carries where: file, row and column when known.
 *
 * @example
 * ```ts
 * try { await gf.readParquet(new Uint8Array([1, 2, 3])); }
 * catch (e) {
 *   if (!(e instanceof gf.ParseError)) throw e;
 *   console.log(e.file, e.row, e.column); // '<bytes>' undefined undefined (row and column unknown here)
 * }
 * ```
 */
export class ParseError extends GpuframeError {
  readonly file?: string;
  readonly row?: number;
  readonly column?: string;
  constructor(message: string, where: { file?: string; row?: number; column?: string } = {}) {
    const at = [where.file, where.row !== undefined ? `row ${where.row}` : undefined, where.column !== undefined ? `column '${where.column}'` : undefined]
      .filter((s) => s !== undefined)
      .join(', ');
    super(at ? `${message} (${at})` : message);
    this.file = where.file;
    this.row = where.row;
    this.column = where.column;
  }
}

/**
 * A file that could not be read or written: no such file or folder, no permission, a disk error.
 * `file` is the path and `code` the system's code (`ENOENT`, `EACCES`, `ENOTDIR`, …). It extends
 * ParseError, so a reader's caller that catches ParseError also catches an unreadable path.
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import * as gf from 'gpuframe';
 * const df = new gf.DataFrame({ a: new Int32Array([1]) });
 * await assert.rejects(gf.writeCSV(df, "/no/such/folder/out.csv"), gf.IOError);
 * // writeCSV: expected a writable path, got no such file or folder (ENOENT) (/no/such/folder/out.csv)
 * ```
 */
export class IOError extends ParseError {
  readonly code?: string;
  constructor(message: string, file: string, code?: string) {
    super(message, { file });
    this.code = code;
  }
}

/**
 * Invalid geometry: an unclosed ring, a bad offset, too few vertices.
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import * as gf from 'gpuframe';
 * assert.throws(() => gf.geo.fromGeoJSON([{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] }]), gf.GeometryError);
 * // fromGeoJSON: expected a ring of at least 4 vertices, got 3 (feature 0, part 0, ring 0)
 * ```
 */
export class GeometryError extends GpuframeError {}

/**
 * A result that does not fit its dtype, e.g. an exact int64 sum beyond 2^63 - 1.
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import * as gf from 'gpuframe';
 * const big = gf.array(new BigInt64Array([2n ** 62n, 2n ** 62n]));
 * await assert.rejects(gf.kernels.reduceValue(big, 'sum'), gf.OverflowError);
 * // reduce/sum: expected the exact sum of int64 values to fit int64, got a sum outside its range
 * ```
 */
export class OverflowError extends GpuframeError {}
