// Every ```ts block in README.md runs VERBATIM: each is written next to this file exactly as the
// README shows it and imported; nothing is added. So each block must be self-contained: its own
// `import * as gf from 'gpuframe'` and `await gf.init()` (gf.init honours GPUFRAME_BACKEND, so a
// block runs on the backend of the test run).
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('README code', () => {
  it('has code blocks', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });
  blocks.forEach((code, i) => {
    const head = code.split('\n').find((l) => l.trim() !== '' && !l.startsWith('//')) ?? '';
    it(`block ${i + 1} (${head.slice(0, 60)}) is self-contained`, () => {
      expect(code, `README block ${i + 1} imports gpuframe itself`).toMatch(/^import \* as gf from 'gpuframe';$/m);
      expect(code, `README block ${i + 1} calls init itself`).toMatch(/\bawait gf\.init\(/);
      expect(code, `README block ${i + 1} reads nothing from node_modules`).not.toMatch(/node_modules/);
    });
    it(`block ${i + 1} runs verbatim`, async () => {
      const file = `test/.readme-block-${i}.ts`;
      writeFileSync(file, code);
      try {
        await import(/* @vite-ignore */ `./.readme-block-${i}.ts?t=${Date.now()}`);
      } finally {
        rmSync(file, { force: true });
      }
    });
  });
});
