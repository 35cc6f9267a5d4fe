// The typed error a promise rejects with, failing the test if it resolves or rejects with
// something that is not a gpuframe error.
import { expect } from 'vitest';
import * as gf from 'gpuframe';

export async function rejection(p: Promise<unknown>): Promise<gf.GpuframeError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, 'expected a rejection').toBeInstanceOf(gf.GpuframeError);
  return e as gf.GpuframeError;
}
