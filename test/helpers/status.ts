import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the test worker says which backend it ran on, for the global teardown's banner. */
export function statusFile(): string {
  return join(tmpdir(), `gpuframe-test-status-${process.env.GPUFRAME_TEST_RUN ?? 'local'}.json`);
}
