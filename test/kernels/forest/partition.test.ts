// 'forest/partition': every row of a batch of trees moves to its child slot or leaf code, equal on
// both backends. The CPU twin is checked against a plain loop over the byte matrix
// (./train-data.ts) and the device body against the twin: n in SIZES, several trees, nBins 2 and
// 256, actions with feature -1 (all to a), >= d (kept), splits with bins -1..nBins, negative nodes
// and slots past the actions (kept), d = 0, no actions, a 2-D grid, and the row, tree-group and
// action windows under the 64 KiB binding cap; one real PAST_GRID batch (16 trees × 1e6 rows).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { expectSame, hasGpu, onBoth, parity, PAST_CAPPED_GRID, PAST_GRID, SIZES, withGridCap } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { run } from '../../../kernels/registry.js';
import { forestPartition } from '../../../kernels/forest/train.js';
import { binned, makeActions, makeCase, partitionOracle, type TrainCase } from './train-data.js';

const OP = 'forest/partition';

function call(c: TrainCase, action: Int32Array) {
  return run(forestPartition, binned(c), c.trees, gf.array(c.node, 'int32'), gf.array(action, 'int32'));
}

async function check(c: TrainCase, action: Int32Array, what: string): Promise<Int32Array> {
  const [out] = await parity(() => call(c, action), { oracle: [partitionOracle(c, action)], what: `${OP} ${what}` });
  return out as Int32Array;
}

const caseOf = (n: number, K: number, seed: number, o: { d?: number; nBins?: number; trees?: number } = {}) =>
  makeCase({ n, d: o.d ?? 4, nBins: o.nBins ?? 16, trees: o.trees ?? 3, mf: 1, slot0: 0, slots: K, seed });

describe('forest/partition: rows move to the same children on both backends', () => {
  it('every test size, several trees, nBins 2 and 256: splits, feature -1 and >= d, negative nodes kept', async () => {
    for (const [j, n] of SIZES.entries()) {
      const nBins = j % 2 === 0 ? 2 : 256;
      const K = 6;
      const c = caseOf(n, K, 60 + j, { nBins });
      const action = makeActions(K, c.d, nBins, 80 + j);
      const out = await check(c, action, `n ${n} nBins ${nBins}`);
      expect(out.length).toBe(3 * n);
      for (let r = 0; r < out.length; r++) if (c.node[r]! < 0 || c.node[r]! >= K) expect(out[r]).toBe(c.node[r]);
      if (n >= 256) expect(out.some((v, r) => v !== c.node[r])).toBe(true);
    }
  });

  it('edge actions: bin -1 (all to b), bin >= nBins (all to a), d = 0, no actions at all', async () => {
    const c = caseOf(1000, 4, 3, { nBins: 8 });
    const a = new Int32Array([0, -1, 10, 11, 1, 7, 20, 21, 2, 255, -5, -6, -1, 0, 30, 31]);
    const out = await check(c, a, 'edge bins');
    for (let r = 0; r < out.length; r++) {
      const s = c.node[r]!;
      if (s === 0) expect(out[r]).toBe(11);
      if (s === 1) expect(out[r]).toBe(20);
      if (s === 3) expect(out[r]).toBe(30);
    }
    const d0 = caseOf(500, 3, 4, { d: 0 });
    await check(d0, new Int32Array([-1, 0, 7, 8, 0, 0, 9, 9, 3, 1, 2, 2]), 'd 0');
    const none = await check(caseOf(300, 3, 5), new Int32Array(0), 'no actions');
    expect(none.length).toBe(900);
  });

  it('rows × trees on a 2-D grid (past the workgroup cap per dimension)', async () => {
    const c = caseOf(Math.ceil(PAST_CAPPED_GRID / 3), 5, 6, { d: 3, nBins: 64 });
    await withGridCap(() => check(c, makeActions(5, 3, 64, 7), '2-D grid'));
  });

  it('past one storage binding (maxBindingBytes 64 KiB): row, tree-group and action windows', async () => {
    // Codes 4099 × 20 bytes (5 blocks of 20 KiB), node words 5 × 4099 × 4, 5000 actions of 16 bytes.
    const c = caseOf(4099, 5000, 8, { d: 20, nBins: 256, trees: 5 });
    const action = makeActions(5000, 20, 256, 9);
    const cpu = await check(c, action, 'wide');
    if (!hasGpu()) return;
    await withBindingCap(async () => {
      const before = gf.stats().dispatches;
      const { gpu } = await onBoth(() => call(c, action));
      // 2 row windows × 2 tree groups × 2 action windows (4080 + 920 slots).
      expect(gf.stats().dispatches - before).toBe(8);
      expectSame(gpu![0]!, cpu, undefined, 'under the cap');
    });
  });
});

describe('forest/partition: the real grid limit', () => {
  it('rows × trees past 65,535 workgroups of 256 (PAST_GRID) at the device limits', async () => {
    const n = Math.ceil(PAST_GRID / 16);
    const small = caseOf(n, 3, 10, { d: 1, nBins: 2, trees: 1 });
    // Slots -1..3 by position (cheap to build at 16.8M entries): every action and the kept rows.
    const node = new Int32Array(16 * n).map((_, j) => ((j * 7) % 5) - 1);
    const c = { ...small, trees: 16, node, weight: new Uint32Array(0) };
    expect(n * 16).toBeGreaterThanOrEqual(PAST_GRID);
    await check(c, new Int32Array([0, 0, 3, 4, -1, 0, 5, 5, 1, 0, 6, 6]), 'PAST_GRID');
  });
});
