// Issue 16, "Fuzzing as part of the suite": a fixed seed set of mutated files per reader, each
// case run in a supervised child process (scripts/fuzz/supervisor.mjs: 10 s, 1.5 GB resident;
// the built package on the CPU backend), so a hang or an abort fails this test, not the suite.
// Every case must end as a frame of bounded size or a GpuframeError: no crash, no hang, no
// untyped error, no result over 64x its input (64 KiB floor), no disagreement of readCSV's two
// engines. `npm run fuzz -- --cases N` runs more; it minimizes and writes what fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCampaign, type Failure } from '../../scripts/fuzz/campaign.mjs';
import { READERS } from '../../scripts/fuzz/readers.mjs';
import { ensureBuilt } from './built.js';
import { Supervisor } from '../../scripts/fuzz/supervisor.mjs';

/** The fixed seed and size of CI's set (about 300 cases per reader). */
const SEED = 16;
const CASES = 300;
/** A reader stops after this many failing cases, so a broken reader costs at most a few timeouts. */
const MAX_FAILURES = 3;

let sup: Supervisor;
beforeAll(() => {
  ensureBuilt(); // the children import dist/
  sup = new Supervisor({ timeoutMs: 10_000 });
});
afterAll(async () => {
  await sup?.close();
});

const show = (f: Failure) => `${f.reader} case ${f.index} (seed file ${f.seedName}): ${f.outcome}: ${f.detail}`;

describe(`fuzz: ${CASES} mutants per reader (seed ${SEED}), each in a supervised child`, () => {
  for (const { name } of READERS) {
    it(`${name}: every mutant reads as a bounded frame or a typed error`, async () => {
      const { counts, failures } = await runCampaign(sup, { readers: [name], cases: CASES, seed: SEED, maxFailures: MAX_FAILURES });
      const c = counts[name]!;
      expect(failures.map(show)).toEqual([]);
      expect(c.ok + c.typed).toBe(CASES);
      // The mutants reach past the first check: some still read, many are refused.
      expect(c.typed, 'typed errors').toBeGreaterThan(CASES / 20);
      expect(c.ok, 'frames read').toBeGreaterThan(0);
    });
  }
});
