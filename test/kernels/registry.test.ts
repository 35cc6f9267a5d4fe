// The meta-test: every registered kernel has both bodies, a stated tolerance and null rule,
// and a differential test file under test/kernels/ that names it and calls parity().
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { registeredKernels } from '../../kernels/registry.js';

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? testFiles(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('kernel registry', () => {
  const kernels = registeredKernels();
  const sources = testFiles('test/kernels').map((f) => ({ f, text: readFileSync(f, 'utf8') }));

  it('has the primitives issue 2 asks for', () => {
    const names = kernels.map((k) => k.name);
    const primitives = ['map/unary', 'map/binary', 'map/compare', 'reduce/reduce', 'scan/scan', 'compact/compact', 'gather/gather', 'gather/scatter', 'histogram/histogram', 'sort/radix-sort'];
    for (const n of primitives) expect(names).toContain(n);
  });

  for (const k of kernels) {
    it(`${k.name} has a CPU twin, a WGSL body, a tolerance, a null rule and a parity test`, () => {
      expect(typeof k.cpu).toBe('function');
      expect(typeof k.gpu).toBe('function');
      expect(['exact', 'float']).toContain(k.tolerance.kind);
      expect(k.nulls.length).toBeGreaterThan(10);
      expect(k.dtypes.length).toBeGreaterThan(0);
      const covering = sources.filter(({ text }) => (text.includes(`'${k.name}'`) || text.includes(`"${k.name}"`)) && text.includes('parity('));
      expect(covering.map((c) => c.f), `a test file under test/kernels naming '${k.name}' and calling parity()`).not.toEqual([]);
    });
  }
});
