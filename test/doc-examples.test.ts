// Every TSDoc @example in the shipped source runs. Each ```ts block is written next to this file
// as a module and imported, exactly as written, except that a block with no import line gets
// `import * as gf from 'gpuframe';` first (the one name every example may assume). So every
// variable an example uses, it defines; an example that throws fails here. The blocks run on the
// backend of the run (GPUFRAME_BACKEND), one after another.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');
const DIRS = ['src', 'frame', 'spatial', 'ml', 'kernels'];

export interface DocExample {
  /** 'frame/expr.ts:123', the line of the block's opening fence. */
  where: string;
  code: string;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The ```ts blocks that follow an @example tag inside /** ... *\/ comments of one file. */
export function examplesOf(file: string, text: string): DocExample[] {
  const out: DocExample[] = [];
  for (const c of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const comment = c[0];
    const lines = comment.split('\n').map((l) => l.replace(/^\s*\*? ?/, ''));
    const startLine = text.slice(0, c.index).split('\n').length;
    let inExample = false;
    for (let i = 0; i < lines.length; i++) {
      if (/^@example\b/.test(lines[i]!)) inExample = true;
      else if (/^@\w/.test(lines[i]!)) inExample = false;
      if (!inExample || !/^```(ts|typescript)\s*$/.test(lines[i]!)) continue;
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && !/^```\s*$/.test(lines[j]!)) body.push(lines[j++]!);
      out.push({ where: `${file}:${startLine + i}`, code: body.join('\n') });
      i = j;
    }
  }
  return out;
}

export function allExamples(): DocExample[] {
  const files = [join(ROOT, 'index.ts'), ...DIRS.flatMap((d) => sources(join(ROOT, d)))];
  return files.flatMap((f) => examplesOf(relative(ROOT, f), readFileSync(f, 'utf8')));
}

const examples = allExamples();

describe('TSDoc @example blocks', () => {
  it('are found', () => {
    expect(examples.length).toBeGreaterThan(100);
  });
  examples.forEach((ex, i) => {
    it(`${ex.where} runs`, async () => {
      const file = join(ROOT, 'test', `.doc-example-${i}.ts`);
      const body = /^\s*import\s/m.test(ex.code) ? ex.code : `import * as gf from 'gpuframe';\n${ex.code}`;
      writeFileSync(file, `${body}\nexport {};\n`);
      try {
        await import(/* @vite-ignore */ `./.doc-example-${i}.ts?t=${Date.now()}`);
      } finally {
        rmSync(file, { force: true });
      }
    });
  });
});

describe('doc example extraction (self-test)', () => {
  it('takes ts fences after @example only, with their line', () => {
    const text = ['/**', ' * Words.', ' * ```ts', ' * notAnExample();', ' * ```', ' * @example', ' * ```ts', ' * const a = 1;', ' * ```', ' * @returns x', ' */', 'export const a = 1;'].join('\n');
    expect(examplesOf('f.ts', text)).toEqual([{ where: 'f.ts:7', code: 'const a = 1;' }]);
  });
});
