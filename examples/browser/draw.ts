/**
 * The example page's maps on a 2-D canvas: an equirectangular projection framed on the data,
 * polygons (land), points or tracks coloured by cluster (grey for DBSCAN noise).
 */

type Ring = readonly (readonly number[])[];
interface Geometry {
  type: string;
  coordinates: unknown;
}

/** Cluster colours, as `npm run demo:trajectories` uses; noise (-1) is grey. */
export const PALETTE = ['#e41a1c', '#377eb8', '#4daf4a', '#984ea3', '#ff7f00', '#a65628', '#f781bf', '#17becf', '#bcbd22', '#1b3a6b'];
export const colour = (k: number): string => (k < 0 ? '#8a8a8a' : PALETTE[k % PALETTE.length]!);

export interface Frame {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The frame around [x, y] pairs, padded by 4% (the whole world when there are none). */
export function frameOf(xs: ArrayLike<number>, ys: ArrayLike<number>): Frame {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!, y = ys[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  if (!Number.isFinite(x0)) return { x0: -180, x1: 180, y0: -90, y1: 90 };
  const px = (x1 - x0) * 0.04 + 0.5, py = (y1 - y0) * 0.04 + 0.5;
  return { x0: x0 - px, x1: x1 + px, y0: y0 - py, y1: y1 + py };
}

/** Size the canvas to the frame's aspect (at most `maxH` tall) and clear it to the sea colour. */
function begin(canvas: HTMLCanvasElement, f: Frame, maxH = 560): { ctx: CanvasRenderingContext2D; px: (x: number) => number; py: (y: number) => number } {
  const W = canvas.width;
  // degrees of longitude shrink with latitude: scale x by cos(mid-latitude) for a fair shape
  const k = Math.cos((((f.y0 + f.y1) / 2) * Math.PI) / 180) || 1;
  canvas.height = Math.max(200, Math.min(maxH, Math.round((W * (f.y1 - f.y0)) / ((f.x1 - f.x0) * k))));
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#eaf2f8';
  ctx.fillRect(0, 0, W, canvas.height);
  const H = canvas.height;
  return { ctx, px: (x) => ((x - f.x0) / (f.x1 - f.x0)) * W, py: (y) => ((f.y1 - y) / (f.y1 - f.y0)) * H };
}

function drawLand(ctx: CanvasRenderingContext2D, px: (x: number) => number, py: (y: number) => number, polygons: readonly (Geometry | null)[]): void {
  ctx.fillStyle = '#f6f1e3';
  ctx.strokeStyle = '#a9a9a9';
  ctx.lineWidth = 0.6;
  for (const g of polygons) {
    if (!g) continue;
    const parts = (g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : []) as Ring[][];
    ctx.beginPath();
    for (const part of parts) for (const ring of part) ring.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(px(x!), py(y!)) : ctx.lineTo(px(x!), py(y!))));
    ctx.fill('evenodd');
    ctx.stroke();
  }
}

/** Polygons and points coloured by label, framed on the points. */
export function drawPoints(canvas: HTMLCanvasElement, polygons: readonly (Geometry | null)[], xs: ArrayLike<number>, ys: ArrayLike<number>, labels: ArrayLike<number>): void {
  const { ctx, px, py } = begin(canvas, frameOf(xs, ys));
  drawLand(ctx, px, py, polygons);
  for (let i = 0; i < xs.length; i++) {
    ctx.fillStyle = colour(labels[i]!);
    ctx.beginPath();
    ctx.arc(px(xs[i]!), py(ys[i]!), 2.6, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/** Polygons and linestrings coloured by label (noise thin and faint), framed on the lines. */
export function drawTracks(canvas: HTMLCanvasElement, polygons: readonly (Geometry | null)[], lines: readonly (Geometry | null)[], labels: ArrayLike<number>): void {
  const xs: number[] = [], ys: number[] = [];
  for (const l of lines) for (const [x, y] of ((l?.coordinates ?? []) as Ring)) { xs.push(x!); ys.push(y!); }
  const { ctx, px, py } = begin(canvas, frameOf(xs, ys));
  drawLand(ctx, px, py, polygons);
  ctx.lineJoin = 'round';
  for (const noise of [true, false]) {
    lines.forEach((l, i) => {
      const c = (l?.coordinates ?? []) as Ring;
      if (c.length < 2 || (labels[i]! < 0) !== noise) return;
      ctx.strokeStyle = colour(labels[i]!);
      ctx.globalAlpha = noise ? 0.35 : 1;
      ctx.lineWidth = noise ? 0.7 : 2;
      ctx.beginPath();
      c.forEach(([x, y], j) => (j === 0 ? ctx.moveTo(px(x!), py(y!)) : ctx.lineTo(px(x!), py(y!))));
      ctx.stroke();
    });
  }
  ctx.globalAlpha = 1;
}
