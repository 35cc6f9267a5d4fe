/**
 * Every error gpuframe throws is one of these classes. Messages read `op: expected X, got Y`.
 *
 * @example
 * ```ts
 * import { GpuframeError, DTypeError } from 'gpuframe';
 * try { gf.kernels.reduce(gf.array(new Int8Array(4)), 'sum'); }
 * catch (e) { if (e instanceof DTypeError) console.log(e.message); }
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
 * gf.dtypeInfo('int128' as gf.DTypeName); // DTypeError: dtype: expected one of bool, int8, …, got 'int128'
 * ```
 */
export class DTypeError extends GpuframeError {}

/**
 * Lengths or shapes that do not agree, or an index out of range.
 *
 * @example
 * ```ts
 * new gf.DataFrame({ a: new Int32Array(2), b: new Int32Array(3) }); // ShapeError: every column needs 2 rows
 * ```
 */
export class ShapeError extends GpuframeError {}

/**
 * A column name that is not in the frame.
 *
 * @example
 * ```ts
 * new gf.DataFrame({ a: new Int32Array(2) }).column('b'); // ColumnNotFoundError naming 'b'
 * ```
 */
export class ColumnNotFoundError extends GpuframeError {}

/**
 * An option or argument with a value the op cannot take.
 *
 * @example
 * ```ts
 * new gf.DataFrame({ a: 42 as never }); // ValueError: expected column 'a' as a Column, DataBuffer, typed array…
 * ```
 */
export class ValueError extends GpuframeError {}

/**
 * An estimator used before `fit` (scikit-learn's NotFittedError, also a ValueError).
 *
 * @example
 * ```ts
 * await new gf.StandardScaler().transform([x]); // NotFittedError: StandardScaler.transform: expected a fitted estimator…
 * ```
 */
export class NotFittedError extends ValueError {}

/**
 * WebGPU is missing, refused a request, or lost the device.
 *
 * @example
 * ```ts
 * await gf.init({ backend: 'webgpu' }); // DeviceError where no WebGPU adapter is found
 * ```
 */
export class DeviceError extends GpuframeError {}

/**
 * A buffer was used after `dispose()`, or read where its bytes are not.
 *
 * @example
 * ```ts
 * const x = gf.array(new Float64Array([1]));
 * x.dispose();
 * await x.toArray(); // ResidencyError
 * ```
 */
export class ResidencyError extends GpuframeError {}

/**
 * Malformed input data. Carries where: file, row and column when known.
 *
 * @example
 * ```ts
 * try { await gf.readParquet(new Uint8Array([1, 2, 3])); }
 * catch (e) { if (e instanceof gf.ParseError) console.log(e.message, e.file, e.row, e.column); }
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
 * Invalid geometry: an unclosed ring, a bad offset, too few vertices.
 *
 * @example
 * ```ts
 * gf.geo.fromGeoJSON([{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] }]); // GeometryError: ring not closed
 * ```
 */
export class GeometryError extends GpuframeError {}

/**
 * A result that does not fit its dtype, e.g. an exact int64 sum beyond 2^63 - 1.
 *
 * @example
 * ```ts
 * await gf.kernels.reduceValue(gf.array(new BigInt64Array([2n ** 62n, 2n ** 62n])), 'sum'); // OverflowError
 * ```
 */
export class OverflowError extends GpuframeError {}
