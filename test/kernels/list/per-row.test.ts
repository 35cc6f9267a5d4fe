// Parity tests of 'list/per-row' (lengths, start offsets, element positions and row
// positions of list rows) on both backends against a plain-JS oracle: standard sizes, null
// rates 0 / 0.1 / 1, offsets starting above 0, the 2-D grid (grid cap) and binding windows.
import { afterAll, describe, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, isValid, PAST_CAPPED_GRID, parity, randomValidity, rng, SIZES, withGridCap } from '../../helpers/parity.js';
import { listPerRow } from '../../../kernels/list/per-row.js';

const NONE = 0xffffffff;
const MODES = ['length', 'start', 'element', 'row'] as const;

/** n lists of 0..maxLen elements, offsets starting at `base`. */
function randomOffsets(n: number, maxLen: number, base: number, seed: number): Int32Array {
  const r = rng(seed);
  const o = new Int32Array(n + 1);
  o[0] = base;
  for (let i = 0; i < n; i++) o[i + 1] = o[i]! + Math.floor(r() * (maxLen + 1));
  return o;
}

function oracle(o: Int32Array, v: Uint8Array | undefined, mode: (typeof MODES)[number], index: number): Uint32Array {
  const n = o.length - 1;
  return Uint32Array.from({ length: n }, (_, r) => {
    const ok = isValid(v, r);
    const len = o[r + 1]! - o[r]!;
    if (mode === 'length') return ok ? len : 0;
    if (mode === 'start') return o[r]!;
    if (mode === 'row') return ok ? r : NONE;
    const k = index < 0 ? index + len : index;
    return ok && k >= 0 && k < len ? o[r]! + k : NONE;
  });
}

async function check(o: Int32Array, v: Uint8Array | undefined, what: string, indices = [0, 1, -1, -3, 5, 2 ** 40, -(2 ** 40)]): Promise<void> {
  for (const mode of MODES) {
    for (const index of mode === 'element' ? indices : [0]) {
      await parity(() => listPerRow(gf.array(o), v ? gf.array(v, 'uint8') : undefined, mode, index), { oracle: [oracle(o, v, mode, index)], what: `${what} ${mode} ${index}` });
    }
  }
}

afterAll(async () => {
  if (hasGpu()) await gf.init();
});

describe('list/per-row', () => {
  it('matches the oracle at the standard sizes and null rates, offsets from 0 and above', async () => {
    let seed = 1;
    for (const n of SIZES) {
      for (const rate of [0, 0.1, 1]) {
        const o = randomOffsets(n, 4, seed % 2 ? 0 : 17, seed++);
        await check(o, rate === 0 ? undefined : randomValidity(n, rate, seed++), `n=${n} nulls=${rate}`);
      }
    }
  });

  it('runs on the 2-D grid', async () => {
    const n = PAST_CAPPED_GRID;
    await withGridCap(() => check(randomOffsets(n, 3, 5, 7), randomValidity(n, 0.2, 8), 'grid', [0, -1, 2]));
  });

  it('runs in binding windows with validity bits from unaligned words (maxBindingBytes 5120)', async () => {
    const n = 20_011;
    const run = () => check(randomOffsets(n, 3, 3, 9), randomValidity(n, 0.3, 10), 'windows', [1, -2]);
    if (!hasGpu()) return run();
    await gf.init({ maxBindingBytes: 5120 });
    try {
      await run();
    } finally {
      await gf.init();
    }
  });
});
