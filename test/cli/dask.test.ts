// The Dask check (python/tests/dask_check.py) from the suite: a LocalCluster of 2 worker
// processes runs a groupBy pipeline over 8 Parquet partitions through python/gpuframe_dask; the
// result equals one gpuframe process's exactly, also after a gpuframe worker and then a Dask
// worker are killed mid-run (Dask's retry reruns their tasks). It needs Debian's
// python3-distributed (CI installs it); without it the test is skipped with a notice. It runs in
// the CPU half only (the workers are spawned with --backend cpu): the protocol itself is tested
// on both backends by ./worker.test.ts, and this check costs ~20 s of process start-ups.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const PYTHON = process.env.GPUFRAME_PYTHON ?? '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import distributed'], { encoding: 'utf8' });
const haveDask = probe.status === 0;
const webgpuHalf = (process.env.GPUFRAME_BACKEND ?? '').toLowerCase() === 'webgpu';
const why = !haveDask ? `${PYTHON} cannot import distributed (apt-get install python3-distributed)` : 'GPUFRAME_BACKEND=webgpu: it runs in the CPU half';
if (!haveDask || webgpuHalf) console.warn(`gpuframe: the Dask check (test/cli/dask.test.ts) DID NOT RUN: ${why}`);

describe.skipIf(!haveDask || webgpuHalf)('gpuframe on Dask', () => {
  it('a LocalCluster(2) groupBy over 8 Parquet partitions equals one process, also when workers die mid-run', () => {
    const r = spawnSync(PYTHON, ['python/tests/dask_check.py', '--node', process.execPath, '--backend', 'cpu'], { encoding: 'utf8', timeout: 180_000 });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.error, out).toBeUndefined();
    expect(r.status, out).toBe(0);
    expect(r.stdout).toContain('LocalCluster(2) result equals the one-process result');
    expect(r.stdout).toMatch(/killed gpuframe worker pid \d+ mid-run; [1-9]\d* task retried, same result/);
    expect(r.stdout).toMatch(/killed Dask worker pid \d+ mid-run; its tasks reran, same result/);
    expect(r.stdout).toContain('a corrupt partition fails its task with ParseError');
    expect(r.stdout).toContain('dask check: ok');
    console.log(r.stdout.trim());
  });
});
