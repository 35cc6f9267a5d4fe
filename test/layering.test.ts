// The library's layers, checked: the core (src/, kernels/) never imports frame/, spatial/ or ml/;
// frame/ never imports spatial/ or ml/; spatial/ never imports ml/; and no .ts file of the library
// (index.ts, src, kernels, frame, spatial, ml) sits on an import cycle.
//
// The check is our own and small: it reads every relative specifier of `import … from '…'`,
// `export … from '…'`, side-effect `import '…'` and dynamic `import('…')`, resolves `.js` to the
// `.ts` beside it, then looks for upward edges and for strongly connected components (Tarjan).
// Type-only imports count too: a type cycle still ties two layers together.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** A file map: repo-relative posix path → source text. */
type Files = Map<string, string>;

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');
const LIBRARY_DIRS = ['src', 'kernels', 'frame', 'spatial', 'ml'];

/** Layer rank of a path, or undefined when the file is not in a layer (index.ts, tests). */
function layerOf(path: string): { name: string; rank: number } | undefined {
  const top = path.split('/')[0]!;
  if (top === 'src' || top === 'kernels') return { name: top, rank: 0 };
  if (top === 'frame') return { name: top, rank: 1 };
  if (top === 'spatial') return { name: top, rank: 2 };
  if (top === 'ml') return { name: top, rank: 3 };
  return undefined;
}

function stripComments(src: string): string {
  // Block comments, then line comments that are not inside a string (a `//` after a quote is rare
  // in specifiers; URLs in strings keep their text because we only drop from `//` at line start or
  // after whitespace/semicolon).
  return src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[\s;{}])\/\/.*$/gm, '$1');
}

/** One relative import of a module; `typeOnly` when TypeScript erases it from the emitted code. */
export interface ImportRef {
  spec: string;
  typeOnly: boolean;
}

/** Every relative specifier a module imports or re-exports, static or dynamic. */
export function specifiers(src: string): ImportRef[] {
  const code = stripComments(src);
  const out: ImportRef[] = [];
  // import x from / import { a, type B } from / import type … from / export { … } from / export * as n from
  for (const m of code.matchAll(/\b(import|export)\s+(type\s+)?([\w*${}\s,]*?)\s*\bfrom\s*['"]([^'"]+)['"]/g)) {
    const clause = m[3]!.trim();
    const braced = /^\{([\s\S]*)\}$/.exec(clause);
    const names = braced ? braced[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '') : [];
    const allTyped = braced !== null && names.length > 0 && names.every((s) => /^type\s/.test(s));
    out.push({ spec: m[4]!, typeOnly: m[2] !== undefined || allTyped });
  }
  for (const m of code.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)) out.push({ spec: m[1]!, typeOnly: false }); // import './x.js'
  for (const m of code.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1]!, typeOnly: false }); // import('./x.js')
  return out.filter((r) => r.spec.startsWith('.'));
}

/** Resolves a relative specifier from `from` to a path in `files`, or returns undefined. */
function resolve(files: Files, from: string, spec: string): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, `${base}/index.ts`];
  return candidates.find((c) => files.has(c));
}

export interface Report {
  /** `from → to` edges that point up the layers (type-only imports included). */
  upward: string[];
  /** Relative imports that resolve to no library file. */
  unresolved: string[];
  /** Each cycle of imports that stay in the emitted JavaScript: the files of one strongly connected component, sorted. */
  cycles: string[][];
  /** Each cycle once type-only imports count too (a superset of `cycles`' files). */
  typeCycles: string[][];
}

/** Checks a file map for upward imports and import cycles. */
export function checkLayers(files: Files): Report {
  const runtime = new Map<string, string[]>();
  const all = new Map<string, string[]>();
  const upward: string[] = [];
  const unresolved: string[] = [];
  for (const [path, src] of files) {
    const deps: string[] = [];
    const typeDeps: string[] = [];
    for (const { spec, typeOnly } of specifiers(src)) {
      const to = resolve(files, path, spec);
      if (to === undefined) {
        const target = posix.normalize(posix.join(posix.dirname(path), spec));
        // Imports that leave the library (package.json, node_modules…) are not ours to check.
        if (layerOf(target) || /^index\.(js|ts)$/.test(target)) unresolved.push(`${path} → ${spec}`);
        continue;
      }
      (typeOnly ? typeDeps : deps).push(to);
      const a = layerOf(path);
      const b = layerOf(to);
      if (a && b && b.rank > a.rank) upward.push(`${path} → ${to} (${a.name}/ must not import ${b.name}/)`);
      if (a && to === 'index.ts') upward.push(`${path} → index.ts (${a.name}/ must not import the package entry)`);
    }
    runtime.set(path, deps);
    all.set(path, [...deps, ...typeDeps]);
  }
  return { upward, unresolved, cycles: stronglyConnected(runtime), typeCycles: stronglyConnected(all) };
}

/** Tarjan's algorithm, iterative; returns components with more than one node or a self-edge. */
function stronglyConnected(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let next = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const deps = graph.get(frame.node) ?? [];
      if (frame.i < deps.length) {
        const dep = deps[frame.i++]!;
        if (!index.has(dep)) {
          index.set(dep, next);
          low.set(dep, next++);
          stack.push(dep);
          onStack.add(dep);
          work.push({ node: dep, i: 0 });
        } else if (onStack.has(dep)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(dep)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const comp: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          comp.push(n);
        } while (n !== frame.node);
        if (comp.length > 1 || (graph.get(frame.node) ?? []).includes(frame.node)) result.push(comp.sort());
      }
    }
  }
  return result;
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...listTs(rel));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** The library's .ts files as a file map. */
function libraryFiles(): Files {
  const files: Files = new Map();
  for (const path of ['index.ts', ...LIBRARY_DIRS.flatMap(listTs)]) files.set(path, readFileSync(join(ROOT, path), 'utf8'));
  return files;
}

const cycleText = (cycles: string[][]): string => cycles.map((c) => `  [${c.join(', ')}]`).join('\n');

describe('layering', () => {
  const files = libraryFiles();
  const report = checkLayers(files);

  it('reads the whole library', () => {
    expect(files.size).toBeGreaterThan(100);
    for (const dir of LIBRARY_DIRS) expect([...files.keys()].some((p) => p.startsWith(`${dir}/`))).toBe(true);
    expect(files.has('index.ts')).toBe(true);
  });

  it('has no upward import', () => {
    expect(report.upward, `upward imports:\n${report.upward.join('\n')}`).toEqual([]);
  });

  it('has no relative import that resolves to nothing', () => {
    expect(report.unresolved, `unresolved imports:\n${report.unresolved.join('\n')}`).toEqual([]);
  });

  it('has no import cycle in the emitted modules', () => {
    expect(report.cycles, `import cycles (files of each strongly connected component):\n${cycleText(report.cycles)}`).toEqual([]);
  });

  // Type-only cycles vanish from the emitted JavaScript, so they cannot change load order; they
  // are allowed only inside one folder (a kernel and its CPU twin sharing a type, DataFrame and
  // the verbs it delegates to), never across folders.
  it('keeps every type-only cycle inside one folder family', () => {
    const family = (p: string): string => (p.startsWith('frame/') ? 'frame' : posix.dirname(p));
    const wide = report.typeCycles.filter((c) => new Set(c.map(family)).size > 1);
    expect(wide, `type-only import cycles across folders:\n${cycleText(wide)}`).toEqual([]);
  });
});

describe('layering checker (self-test on planted files)', () => {
  const clean = (): Files =>
    new Map([
      ['index.ts', "export * from './frame/a.js';\nexport * as k from './kernels/k.js';"],
      ['kernels/k.ts', "import { d } from '../src/d.js';\nexport const k = d;"],
      ['src/d.ts', 'export const d = 1;'],
      ['frame/a.ts', "import { k } from '../kernels/k.js';\nimport type { d } from '../src/d.js';\nexport const a = k;"],
      ['spatial/s.ts', "import { a } from '../frame/a.js';\nexport const s = a;"],
      ['ml/m.ts', "import { s } from '../spatial/s.js';\nexport { a } from '../frame/a.js';\nexport const m = s;"],
    ]);
  const none = { upward: [], unresolved: [], cycles: [], typeCycles: [] };

  it('passes a clean layered map', () => {
    expect(checkLayers(clean())).toEqual(none);
  });

  it('catches an upward import in each form', () => {
    const forms = [
      "import { a } from '../frame/a.js';",
      "import type { a } from '../frame/a.js';",
      "import { type a } from '../frame/a.js';",
      "import * as f from '../frame/a.js';",
      "export { s } from '../spatial/s.js';",
      "export * from '../ml/m.js';",
      "export * as m from '../ml/m.js';",
      "const m = await import('../ml/m.js');",
      "import '../frame/a.js';",
      "import {\n  a,\n  type b,\n} from '../frame/a.js';",
    ];
    for (const form of forms) {
      const files = clean();
      files.set('src/d.ts', `${form}\nexport const d = 1;`);
      const r = checkLayers(files);
      expect(r.upward.length, form).toBe(1);
      expect(r.upward[0]).toMatch(/^src\/d\.ts → (frame|spatial|ml)\//);
    }
    const files = clean();
    files.set('frame/b.ts', "import { s } from '../spatial/s.js';");
    expect(checkLayers(files).upward).toEqual(['frame/b.ts → spatial/s.ts (frame/ must not import spatial/)']);
    files.set('frame/b.ts', "import { gf } from '../index.js';");
    expect(checkLayers(files).upward).toEqual(['frame/b.ts → index.ts (frame/ must not import the package entry)']);
    files.set('frame/b.ts', "import { m } from '../ml/m.js';");
    expect(checkLayers(files).upward).toEqual(['frame/b.ts → ml/m.ts (frame/ must not import ml/)']);
    files.set('frame/b.ts', '');
    files.set('spatial/t.ts', "export type { M } from '../ml/m.js';");
    expect(checkLayers(files).upward).toEqual(['spatial/t.ts → ml/m.ts (spatial/ must not import ml/)']);
  });

  it('ignores specifiers in comments and non-relative packages', () => {
    const files = clean();
    files.set('src/d.ts', "// import { a } from '../frame/a.js';\n/* export * from '../ml/m.js'; */\nimport x from 'apache-arrow';\nexport const d = x;");
    expect(checkLayers(files)).toEqual(none);
  });

  it('finds a planted cycle (static and dynamic), a self-import and an unresolved import', () => {
    const files = clean();
    files.set('frame/a.ts', "import { b } from './verbs/b.js';\nexport const a = b;");
    files.set('frame/verbs/b.ts', "import { c } from './c.js';\nexport const b = c;");
    files.set('frame/verbs/c.ts', "export const c = async () => (await import('../a.js')).a;");
    files.set('src/d.ts', "import { d as e } from './d.js';\nimport { z } from './missing.js';\nexport const d = 1;");
    const r = checkLayers(files);
    expect(r.cycles).toEqual([['frame/a.ts', 'frame/verbs/b.ts', 'frame/verbs/c.ts'], ['src/d.ts']]);
    expect(r.unresolved).toEqual(['src/d.ts → ./missing.js']);
  });

  it('tells a type-only cycle from an emitted one', () => {
    const files = clean();
    files.set('kernels/k.ts', "import { kCpu } from './k-cpu.js';\nexport type Op = 'a';\nexport const k = kCpu;");
    files.set('kernels/k-cpu.ts', "import type { Op } from './k.js';\nexport const kCpu = (o: Op) => o;");
    let r = checkLayers(files);
    expect(r.cycles).toEqual([]);
    expect(r.typeCycles).toEqual([['kernels/k-cpu.ts', 'kernels/k.ts']]);
    files.set('kernels/k-cpu.ts', "import { type Op, other } from './k.js';\nexport const kCpu = (o: Op) => other(o);");
    r = checkLayers(files);
    expect(r.cycles).toEqual([['kernels/k-cpu.ts', 'kernels/k.ts']]);
  });
});
