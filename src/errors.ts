/**
 * Every error gpuframe throws is one of these classes. Messages read `op: expected X, got Y`.
 *
 * @example
 * ```ts
 * import { GpuframeError, DTypeError } from 'gpuframe';
 * try { gf.reduce(gf.array(new Int8Array(4)), 'sum'); }
 * catch (e) { if (e instanceof DTypeError) console.log(e.message); }
 * ```
 */
export class GpuframeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A dtype that an op does not accept, or an unknown dtype name. */
export class DTypeError extends GpuframeError {}

/** Lengths or shapes that do not agree, or an index out of range. */
export class ShapeError extends GpuframeError {}

/** A column name that is not in the frame. */
export class ColumnNotFoundError extends GpuframeError {}

/** An option or argument with a value the op cannot take. */
export class ValueError extends GpuframeError {}

/** WebGPU is missing, refused a request, or lost the device. */
export class DeviceError extends GpuframeError {}

/** A buffer was used after `dispose()`, or read where its bytes are not. */
export class ResidencyError extends GpuframeError {}

/** Malformed input data. Carries where: file, row and column when known. */
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

/** Invalid geometry: an unclosed ring, a bad offset, too few vertices. */
export class GeometryError extends GpuframeError {}

/** A result that does not fit its dtype, e.g. an exact int64 sum beyond 2^63 - 1. */
export class OverflowError extends GpuframeError {}
