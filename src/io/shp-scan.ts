/**
 * A raw pass over a .shp file that checks what shpjs does not: the file is complete (shpjs drops
 * the records past a cut without a word), every record lies inside the file with all the sections
 * its shape type declares (the Z section of a Z type included), part indices are in range, every
 * polygon ring is closed with at least 4 vertices and every line part has at least 2. It counts
 * each record's parts and vertices, so the reader can check that shpjs kept them all (shpjs drops
 * a hole that lies in no exterior ring), and measures the raw bounding box (to tell whether a
 * reprojection happened). Part and ring numbers in its errors are the file's own: part j of
 * record k in file order; record k is feature k - 1.
 */
import { GeometryError, ParseError } from '../errors.js';

const SHAPE_NAMES: Record<number, string> = {
  0: 'Null', 1: 'Point', 3: 'PolyLine', 5: 'Polygon', 8: 'MultiPoint', 11: 'PointZ', 13: 'PolyLineZ',
  15: 'PolygonZ', 18: 'MultiPointZ', 21: 'PointM', 23: 'PolyLineM', 25: 'PolygonM', 28: 'MultiPointM', 31: 'MultiPatch',
};

/** The four base shape types (1 Point, 3 PolyLine, 5 Polygon, 8 MultiPoint); +10 is the Z variant, +20 the M variant. */
export type BaseShapeType = 1 | 3 | 5 | 8;

export interface ShpScan {
  /** The header's shape type (1, 3, 5, 8 and their Z and M variants). */
  shapeType: number;
  /** The shape type without Z or M. */
  baseType: BaseShapeType;
  /** Parts per record: rings (Polygon), lines (PolyLine), points (MultiPoint), 1 (Point); 0 for a null shape. */
  parts: Int32Array;
  /** Vertices per record. */
  vertices: Int32Array;
  /** [minX, minY, maxX, maxY] over every vertex, NaN when there is none. */
  bbox: [number, number, number, number];
}

/**
 * Scan a .shp file of points, multipoints, polylines or polygons (with or without Z or M),
 * throwing ParseError (naming the file and record) for a truncated or corrupt file and
 * GeometryError (naming file, record and part) for a polygon ring that is open or has fewer than
 * 4 vertices, a line part of fewer than 2 vertices, or a NaN or infinite x or y (naming the
 * vertex too; Z and M values are not read).
 *
 * Internal: `readShapefile` reads the .shp through it.
 */
export function scanShp(bytes: Uint8Array, file: string): ShpScan {
  const corrupt = (what: string): never => {
    throw new ParseError(`readShapefile: expected a valid .shp file, got ${what}`, { file });
  };
  if (bytes.length < 100) corrupt(`${bytes.length} bytes (shorter than the 100-byte header: truncated)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt32(0, false) !== 9994) corrupt(`file code ${view.getInt32(0, false)} instead of 9994 (not a shapefile)`);
  const declared = view.getInt32(24, false) * 2;
  if (declared !== bytes.length) {
    corrupt(`${declared > bytes.length ? 'a truncated file' : 'trailing bytes'}: its header declares ${declared} bytes, the file has ${bytes.length}`);
  }
  const shapeType = view.getInt32(32, true);
  const baseType = shapeType % 10;
  if (!(shapeType >= 1 && shapeType <= 28) || ![1, 3, 5, 8].includes(baseType)) {
    corrupt(`shape type ${shapeType} (${SHAPE_NAMES[shapeType] ?? 'unknown'}); only Point, PolyLine, Polygon and MultiPoint and their Z and M variants (1, 3, 5, 8 plus 10 or 20) are read`);
  }
  const z = shapeType > 10 && shapeType < 20;
  const parts: number[] = [];
  const vertices: number[] = [];
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const grow = (at: number, where: string): void => {
    const x = view.getFloat64(at, true);
    const y = view.getFloat64(at + 8, true);
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new GeometryError(`readShapefile: expected finite coordinates, got (${x}, ${y}) (${file}, ${where})`);
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
  };
  const end = bytes.length;
  for (let at = 100, k = 0; at < end; k++) {
    const rec = `record ${k + 1} (feature ${k})`;
    if (at + 8 > end) corrupt(`a truncated file: ${rec} header cut short at byte ${end}`);
    const len = view.getInt32(at + 4, false) * 2;
    const c = at + 8; // content start
    if (len < 0 || (len > 0 && len < 4) || c + len > end) corrupt(`a ${c + len > end ? 'truncated' : 'corrupt'} file: ${rec} declares ${len} bytes of content, ${end - c} remain`);
    const type = len === 0 ? 0 : view.getInt32(c, true);
    at = c + len;
    if (type === 0) {
      parts.push(0);
      vertices.push(0);
      continue;
    }
    if (type !== shapeType) corrupt(`shape type ${type} (${SHAPE_NAMES[type] ?? 'unknown'}) in ${rec} of a type-${shapeType} (${SHAPE_NAMES[shapeType]}) file`);
    const need = (bytesNeeded: number, what: string): void => {
      if (bytesNeeded > len) corrupt(`${rec} with ${len} bytes of content, fewer than the ${bytesNeeded} its ${what} need`);
    };
    if (baseType === 1) {
      need(z ? 28 : 20, z ? 'x, y and z' : 'x and y');
      grow(c + 4, rec);
      parts.push(1);
      vertices.push(1);
      continue;
    }
    if (baseType === 8) {
      need(40, 'box and point count');
      const nv = view.getInt32(c + 36, true);
      if (nv < 0) corrupt(`${rec} with ${nv} points`);
      need(40 + 16 * nv + (z ? 16 + 8 * nv : 0), `${nv} points${z ? ' with z' : ''}`);
      for (let v = 0; v < nv; v++) grow(c + 40 + 16 * v, `${rec}, point ${v}`);
      parts.push(nv);
      vertices.push(nv);
      continue;
    }
    const kind = baseType === 5 ? 'polygon' : 'polyline';
    need(44, `${kind}'s box and counts`);
    const np = view.getInt32(c + 36, true);
    const nv = view.getInt32(c + 40, true);
    if (np < 0 || nv < 0 || 44 + 4 * np + 16 * nv + (z ? 16 + 8 * nv : 0) > len) {
      corrupt(`${rec} with ${np} parts and ${nv} points${z ? ' (with z)' : ''} in ${len} bytes of content`);
    }
    const pts = c + 44 + 4 * np;
    for (let j = 0; j < np; j++) {
      const a = view.getInt32(c + 44 + 4 * j, true);
      const b = j + 1 < np ? view.getInt32(c + 48 + 4 * j, true) : nv;
      if ((j === 0 && a !== 0) || b < a || b > nv) corrupt(`${rec} with part ${j} spanning points [${a}, ${b}) of ${nv}`);
      for (let v = a; v < b; v++) grow(pts + 16 * v, `${rec}, ${baseType === 5 ? 'ring' : 'part'} ${j}, vertex ${v - a}`);
      if (baseType === 3) {
        if (b - a < 2) throw new GeometryError(`readShapefile: expected a line part of at least 2 vertices, got ${b - a} (${file}, ${rec}, part ${j})`);
        continue;
      }
      const where = `(${file}, ${rec}, ring ${j})`;
      if (b - a < 4) throw new GeometryError(`readShapefile: expected a ring of at least 4 vertices, got ${b - a} ${where}`);
      const x0 = view.getFloat64(pts + 16 * a, true);
      const y0 = view.getFloat64(pts + 16 * a + 8, true);
      const x1 = view.getFloat64(pts + 16 * (b - 1), true);
      const y1 = view.getFloat64(pts + 16 * (b - 1) + 8, true);
      if (x0 !== x1 || y0 !== y1) throw new GeometryError(`readShapefile: expected a closed ring (first vertex == last), got (${x0}, ${y0}) != (${x1}, ${y1}) ${where}`);
    }
    if (np === 0 && nv > 0) corrupt(`${rec} with ${nv} points in no part`);
    parts.push(np);
    vertices.push(nv);
  }
  if (box[0] > box[2]) box.fill(NaN);
  return { shapeType, baseType: baseType as BaseShapeType, parts: Int32Array.from(parts), vertices: Int32Array.from(vertices), bbox: box };
}
