// Shared by the naive Bayes tests: relative comparison and host reads.
import { expect } from 'vitest';
import type { DataBuffer } from 'gpuframe';

export function expectClose(actual: ArrayLike<number>, expected: number[], what: string, rel = 1e-10, abs = 0): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    expect(Math.abs(actual[i]! - e) <= rel * Math.abs(e) + abs, `${what}[${i}]: ${actual[i]} vs ${e}`).toBe(true);
  }
}

export async function columns(out: DataBuffer[]): Promise<Float64Array[]> {
  return Promise.all(out.map(async (b) => (await b.toArray()) as Float64Array));
}
