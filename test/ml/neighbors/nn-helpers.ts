// Shared by the neighbour estimator tests: golden comparisons that honour the fixtures' tie
// flags, and host reads of the array-kind results.
import { expect } from 'vitest';
import type { DataBuffer } from 'gpuframe';

export const close = (a: number, b: number, rel = 1e-10, abs = 1e-14): boolean => Math.abs(a - b) <= rel * Math.abs(b) + abs;

export async function host<T extends ArrayLike<number>>(b: DataBuffer | undefined): Promise<T> {
  return (await b!.toArray()) as unknown as T;
}

/**
 * One query's neighbours against the golden row: distances (sorted, so the multiset) within
 * 1e-10 relative; indices in order unless a tie is flagged, as a set where only the order
 * within the k is ambiguous, not at all where the set itself is.
 */
export function expectNeighbors(what: string, dist: ArrayLike<number>, idx: ArrayLike<number>, gDist: number[], gIdx: number[], boundary: boolean, inner: boolean): void {
  const k = gIdx.length;
  const mine = Array.from(dist).sort((a, b) => a - b);
  const theirs = [...gDist].sort((a, b) => a - b);
  for (let p = 0; p < k; p++) expect(close(mine[p]!, theirs[p]!), `${what} distance ${p}: ${mine[p]} vs ${theirs[p]}`).toBe(true);
  for (let p = 1; p < k; p++) expect(dist[p]! >= dist[p - 1]!, `${what} ascending`).toBe(true);
  if (boundary) return;
  if (inner) expect(Array.from(idx).sort((a, b) => a - b), `${what} index set`).toEqual([...gIdx].sort((a, b) => a - b));
  else expect(Array.from(idx), `${what} indices`).toEqual(gIdx);
}
