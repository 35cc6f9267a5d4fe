/**
 * PolygonColumn: a column of (multi)polygons in the GeoArrow `geoarrow.multipolygon` layout,
 * cuSpatial's convention:
 *
 * - `coords`: float64, interleaved x,y (lon, lat): vertex v is (coords[2v], coords[2v+1]).
 * - `ringOffsets`: int32, n_rings + 1 entries; ring r is vertices [ringOffsets[r], ringOffsets[r+1]).
 * - `partOffsets`: int32, n_parts + 1 entries; part (polygon) p is rings [partOffsets[p], partOffsets[p+1]).
 *   The first ring of a part is its exterior, the others are its holes.
 * - `geomOffsets`: int32, n_features + 1 entries; feature f is parts [geomOffsets[f], geomOffsets[f+1]).
 *   A Polygon is a one-part multipolygon. A null or empty geometry has zero parts.
 * - `validity`: optional Arrow-order bitmap; a null geometry has its bit cleared (and zero parts).
 *
 * Rings are stored closed (first vertex == last vertex), with at least 4 vertices, in the
 * orientation the source gave (shapefiles: exteriors clockwise). The constructor validates this.
 */
import { DataBuffer } from '../src/memory/data-buffer.js';
import { DTypeError, GeometryError } from '../src/errors.js';

/** The buffers of a PolygonColumn; their dtypes (float64, int32 offsets, uint8 validity) are checked at run time. */
export interface PolygonColumnInit {
  coords: DataBuffer;
  ringOffsets: DataBuffer;
  partOffsets: DataBuffer;
  geomOffsets: DataBuffer;
  validity?: DataBuffer;
}

/** A GeoJSON-shaped polygon (rings of [x, y, ...] positions); extra dimensions are dropped. */
export type PolygonCoords = ReadonlyArray<ReadonlyArray<ReadonlyArray<number>>>;
/** The geometries `PolygonColumn.fromGeoJSON` accepts; null is a null geometry. */
export type PolygonGeometry = { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: ReadonlyArray<PolygonCoords> } | null;

export class PolygonColumn {
  readonly kind = 'multipolygon' as const;
  readonly coords: DataBuffer<'float64'>;
  readonly ringOffsets: DataBuffer<'int32'>;
  readonly partOffsets: DataBuffer<'int32'>;
  readonly geomOffsets: DataBuffer<'int32'>;
  readonly validity: DataBuffer<'uint8'> | undefined;

  /**
   * Wrap GeoArrow buffers, validating offsets and rings (when the buffers are on the host).
   * Throws DTypeError for wrong dtypes and GeometryError for bad offsets or rings.
   *
   * @example
   * ```ts
   * const square = [0, 0, 0, 1, 1, 1, 1, 0, 0, 0];
   * const col = new PolygonColumn({
   *   coords: gf.array(new Float64Array(square)),
   *   ringOffsets: gf.array(new Int32Array([0, 5])),
   *   partOffsets: gf.array(new Int32Array([0, 1])),
   *   geomOffsets: gf.array(new Int32Array([0, 1])),
   * });
   * console.log(col.length); // 1
   * ```
   */
  constructor(init: PolygonColumnInit) {
    const want = [['coords', 'float64'], ['ringOffsets', 'int32'], ['partOffsets', 'int32'], ['geomOffsets', 'int32']] as const;
    for (const [key, dtype] of want) {
      const got = init[key]?.dtype;
      if (got !== dtype) throw new DTypeError(`PolygonColumn: expected ${key} as ${dtype}, got ${got ?? 'nothing'}`);
    }
    if (init.validity && init.validity.dtype !== 'uint8') {
      throw new DTypeError(`PolygonColumn: expected validity as uint8, got ${init.validity.dtype}`);
    }
    this.coords = init.coords as DataBuffer<'float64'>;
    this.ringOffsets = init.ringOffsets as DataBuffer<'int32'>;
    this.partOffsets = init.partOffsets as DataBuffer<'int32'>;
    this.geomOffsets = init.geomOffsets as DataBuffer<'int32'>;
    this.validity = init.validity as DataBuffer<'uint8'> | undefined;
    validate(this);
  }

  /** Number of features (geometries). */
  get length(): number {
    return Math.max(0, this.geomOffsets.length - 1);
  }

  /**
   * Build a column from GeoJSON Polygon / MultiPolygon geometries (null → a null geometry with zero
   * parts). Only x and y are kept. Validates like the constructor.
   *
   * @example
   * ```ts
   * const col = PolygonColumn.fromGeoJSON([
   *   { type: 'Polygon', coordinates: [[[0, 0], [0, 1], [1, 1], [0, 0]]] },
   *   null,
   * ]);
   * console.log(col.length, await col.getPolygon(1)); // 2 null
   * ```
   */
  static fromGeoJSON(geoms: ReadonlyArray<PolygonGeometry>): PolygonColumn {
    let nv = 0;
    let nr = 0;
    let np = 0;
    const partsOf = (g: PolygonGeometry): ReadonlyArray<PolygonCoords> => {
      if (g === null || g === undefined) return [];
      if (g.type === 'Polygon') return [g.coordinates];
      if (g.type === 'MultiPolygon') return g.coordinates;
      throw new GeometryError(`PolygonColumn.fromGeoJSON: expected a Polygon or MultiPolygon, got ${(g as { type?: unknown }).type}`);
    };
    for (const g of geoms) {
      for (const part of partsOf(g)) {
        np++;
        nr += part.length;
        for (const ring of part) nv += ring.length;
      }
    }
    const coords = new Float64Array(2 * nv);
    const ringOffsets = new Int32Array(nr + 1);
    const partOffsets = new Int32Array(np + 1);
    const geomOffsets = new Int32Array(geoms.length + 1);
    const validity = new Uint8Array(Math.ceil(geoms.length / 8));
    let nulls = 0;
    let v = 0;
    let r = 0;
    let p = 0;
    geoms.forEach((g, f) => {
      if (g === null || g === undefined) nulls++;
      else validity[f >> 3]! |= 1 << (f & 7);
      for (const part of partsOf(g)) {
        for (const ring of part) {
          for (const pos of ring) {
            coords[2 * v] = pos[0]!;
            coords[2 * v + 1] = pos[1]!;
            v++;
          }
          ringOffsets[++r] = v;
        }
        partOffsets[++p] = r;
      }
      geomOffsets[f + 1] = p;
    });
    return new PolygonColumn({
      coords: DataBuffer.fromHost(coords, 'float64'),
      ringOffsets: DataBuffer.fromHost(ringOffsets, 'int32'),
      partOffsets: DataBuffer.fromHost(partOffsets, 'int32'),
      geomOffsets: DataBuffer.fromHost(geomOffsets, 'int32'),
      validity: nulls > 0 ? DataBuffer.fromHost(validity, 'uint8') : undefined,
    });
  }

  /**
   * Feature i as GeoJSON-style nested arrays: parts → rings → [x, y]; null for a null geometry.
   * Reads host bytes (downloading once if needed): for display and tests, not for kernels.
   *
   * @example
   * ```ts
   * const parts = await col.getPolygon(0); // [[[[0, 0], [0, 1], [1, 1], [0, 0]]]]
   * ```
   */
  async getPolygon(i: number): Promise<number[][][][] | null> {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new GeometryError(`PolygonColumn.getPolygon: expected an index in [0, ${this.length}), got ${i}`);
    const bits = this.validity ? await this.validity.toArray() : undefined;
    if (bits && ((bits[i >> 3]! >> (i & 7)) & 1) === 0) return null;
    const [xy, ro, po, go] = await Promise.all([this.coords.toArray(), this.ringOffsets.toArray(), this.partOffsets.toArray(), this.geomOffsets.toArray()]);
    const out: number[][][][] = [];
    for (let p = go[i]!; p < go[i + 1]!; p++) {
      const rings: number[][][] = [];
      for (let r = po[p]!; r < po[p + 1]!; r++) {
        const ring: number[][] = [];
        for (let v = ro[r]!; v < ro[r + 1]!; v++) ring.push([xy[2 * v]!, xy[2 * v + 1]!]);
        rings.push(ring);
      }
      out.push(rings);
    }
    return out;
  }

  dispose(): void {
    this.coords.dispose();
    this.ringOffsets.dispose();
    this.partOffsets.dispose();
    this.geomOffsets.dispose();
    this.validity?.dispose();
  }
}

function validate(col: PolygonColumn): void {
  if (col.coords.length % 2 !== 0) throw new GeometryError(`PolygonColumn: expected an even number of coords (x,y pairs), got ${col.coords.length}`);
  if (col.geomOffsets.length < 1) throw new GeometryError('PolygonColumn: expected geomOffsets with at least 1 entry, got 0');
  if (col.validity && col.validity.length < Math.ceil(col.length / 8)) {
    throw new GeometryError(`PolygonColumn: expected a validity bitmap of ${Math.ceil(col.length / 8)} bytes, got ${col.validity.length}`);
  }
  const bufs = [col.coords, col.ringOffsets, col.partOffsets, col.geomOffsets];
  if (bufs.some((b) => b.residency === 'device')) return; // device-only: the writer vouches for the values
  const xy = col.coords.hostView('PolygonColumn') as Float64Array;
  const ro = col.ringOffsets.hostView('PolygonColumn') as Int32Array;
  const po = col.partOffsets.hostView('PolygonColumn') as Int32Array;
  const go = col.geomOffsets.hostView('PolygonColumn') as Int32Array;
  checkOffsets('ringOffsets', ro, xy.length / 2, 'vertices');
  checkOffsets('partOffsets', po, ro.length - 1, 'rings');
  checkOffsets('geomOffsets', go, po.length - 1, 'parts');
  for (let f = 0; f < go.length - 1; f++) {
    for (let p = go[f]!; p < go[f + 1]!; p++) {
      for (let r = po[p]!; r < po[p + 1]!; r++) {
        const a = ro[r]!;
        const b = ro[r + 1]!;
        const where = `feature ${f}, part ${p - go[f]!}, ring ${r - po[p]!}`;
        if (b - a < 4) throw new GeometryError(`PolygonColumn: expected a ring of at least 4 vertices, got ${b - a} (${where})`);
        if (xy[2 * a] !== xy[2 * (b - 1)] || xy[2 * a + 1] !== xy[2 * (b - 1) + 1]) {
          throw new GeometryError(`PolygonColumn: expected a closed ring (first vertex == last), got (${xy[2 * a]}, ${xy[2 * a + 1]}) != (${xy[2 * (b - 1)]}, ${xy[2 * (b - 1) + 1]}) (${where})`);
        }
      }
    }
  }
}

function checkOffsets(name: string, off: Int32Array, end: number, unit: string): void {
  if (off.length < 1 || off[0] !== 0) throw new GeometryError(`PolygonColumn: expected ${name}[0] = 0, got ${off.length ? off[0] : 'an empty array'}`);
  for (let i = 1; i < off.length; i++) {
    if (off[i]! < off[i - 1]!) throw new GeometryError(`PolygonColumn: expected non-decreasing ${name}, got ${off[i - 1]} then ${off[i]} at ${i}`);
  }
  if (off[off.length - 1] !== end) throw new GeometryError(`PolygonColumn: expected ${name} to end at ${end} ${unit}, got ${off[off.length - 1]}`);
}
