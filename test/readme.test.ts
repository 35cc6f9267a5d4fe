// Every ```ts block in README.md runs: each is written next to this file and imported.
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { describe, it } from 'vitest';

const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('README code', () => {
  it('has code blocks', () => {
    if (blocks.length < 2) throw new Error(`expected at least 2 ts blocks in README.md, got ${blocks.length}`);
  });
  blocks.forEach((code, i) => {
    it(`block ${i + 1} runs`, async () => {
      const file = `test/.readme-block-${i}.ts`;
      const body = code.includes("from 'gpuframe'") ? code : `import * as gf from 'gpuframe';\n${code}`;
      writeFileSync(file, `${body}\nexport {};\n`);
      try {
        await import(/* @vite-ignore */ `./.readme-block-${i}.ts?t=${Date.now()}`);
      } finally {
        rmSync(file, { force: true });
      }
    });
  });
});
