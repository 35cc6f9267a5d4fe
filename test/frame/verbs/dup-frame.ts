/** Test frames with many duplicate rows: rows of `frameWithPacked` picked with repetition. */
import * as gf from 'gpuframe';
import { randomFrame } from '../../helpers/random-frame.js';
import { randomValidity, rng } from '../../helpers/parity.js';

/** randomFrame plus packed columns (int8, int16, uint8, uint16) with few distinct values and nulls. */
export function frameWithPacked(n: number, seed: number, nullRate = 0.1): gf.DataFrame {
  const df = randomFrame(n, seed, { nullRate });
  const r = rng(seed + 99);
  const make = <T extends Int8Array | Int16Array | Uint8Array | Uint16Array>(a: T, lo: number, span: number, k: number) => {
    for (let i = 0; i < n; i++) a[i] = lo + Math.floor(r() * span);
    return gf.Column.from(a, randomValidity(n, nullRate, seed * 13 + k));
  };
  return df.withColumns({
    i8: make(new Int8Array(n), -128, 6, 1),
    i16: make(new Int16Array(n), 32762, 6, 2),
    u8: make(new Uint8Array(n), 250, 6, 3),
    u16: make(new Uint16Array(n), 0, 5, 4),
  });
}

/** n rows drawn (with repetition) from about n/3 distinct rows of `frameWithPacked`, built on the host. */
export async function dupFrame(n: number, seed: number): Promise<gf.DataFrame> {
  const m = Math.max(1, Math.ceil(n / 3));
  const base = frameWithPacked(m, seed);
  const r = rng(seed + 7);
  const pick = Uint32Array.from({ length: n }, () => Math.floor(r() * m));
  const cols = await Promise.all(
    base.getColumns().map(async (c) => {
      const data = await c.data.toArray();
      const out = new (data.constructor as new (k: number) => gf.TypedArray)(n);
      for (let i = 0; i < n; i++) out[i] = data[pick[i]!]!;
      let validity: gf.DataBuffer<'uint8'> | undefined;
      if (c.validity) {
        const bits = await c.validity.toArray();
        const vb = new Uint8Array(Math.ceil(n / 8));
        for (let i = 0; i < n; i++) if ((bits[pick[i]! >> 3]! >> (pick[i]! & 7)) & 1) vb[i >> 3]! |= 1 << (i & 7);
        validity = gf.DataBuffer.fromHost(vb, 'uint8');
      }
      return c.derive(gf.DataBuffer.fromHost(out, c.data.dtype), validity);
    }),
  );
  return new gf.DataFrame(base.names.map((name, i) => [name, cols[i]!] as const));
}
