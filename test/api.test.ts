// The public API is curated: `import * as gf from 'gpuframe'` gives exactly the names that the
// README's "## API" section lists (and the namespaces gf.geo and gf.kernels exactly their listed
// members), and every exported value carries TSDoc with an @example.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');

/** The README's API list: top-level names by group, and each namespace's members. */
export interface ApiDoc {
  groups: Map<string, string[]>;
  namespaces: Map<string, string[]>;
}

/**
 * Reads the "## API" section: each line `- **Group:** `a`, `b`. Words.` lists names (the
 * comma-separated backticked identifiers that open the line; the prose after them may quote code
 * freely); a group labelled `` `gf.ns` `` lists the members of ns.
 */
export function parseApi(readme: string): ApiDoc {
  const start = readme.search(/^## API\s*$/m);
  if (start < 0) throw new Error("README.md: expected a '## API' section, got none");
  const rest = readme.slice(start + 1);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const groups = new Map<string, string[]>();
  const namespaces = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const m = /^- \*\*(.+?):\*\*(.*)$/.exec(line);
    if (!m) continue;
    // The names are the run of backticked identifiers that opens the line; prose after it is free.
    const run = /^\s*((?:`[A-Za-z_$][\w$]*`\s*,\s*)*`[A-Za-z_$][\w$]*`)/.exec(m[2]!);
    const names = run ? [...run[1]!.matchAll(/`([\w$]+)`/g)].map((x) => x[1]!) : [];
    const ns = /^`gf\.([\w$]+)`$/.exec(m[1]!.trim());
    (ns ? namespaces : groups).set(ns ? ns[1]! : m[1]!.trim(), names);
  }
  return { groups, namespaces };
}

/** What to change so `documented` and `exported` agree; empty when they do. */
export function apiDiff(where: string, documented: readonly string[], exported: readonly string[]): string[] {
  const doc = new Set(documented);
  const exp = new Set(exported);
  const out: string[] = [];
  const dup = documented.filter((n, i) => documented.indexOf(n) !== i);
  const add = exported.filter((n) => !doc.has(n));
  const remove = documented.filter((n) => !exp.has(n));
  if (add.length) out.push(`${where}: exported but not in README.md's API section; add to the right group there (or stop exporting): ${add.join(', ')}`);
  if (remove.length) out.push(`${where}: listed in README.md's API section but not exported; remove from README (or export): ${remove.join(', ')}`);
  if (dup.length) out.push(`${where}: listed more than once in README.md's API section: ${[...new Set(dup)].join(', ')}`);
  return out;
}

const api = parseApi(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const topDocumented = [...api.groups.values()].flat();
const pkg = gf as unknown as Record<string, unknown>;
/** Exported plain-object namespaces (`export * as ns`): module namespace objects. */
const exportedNamespaces = Object.keys(pkg).filter((k) => Object.prototype.toString.call(pkg[k]) === '[object Module]');

describe('public API', () => {
  it('README.md lists the groups named in the API section', () => {
    for (const g of ['Runtime', 'Memory', 'Errors', 'Columns', 'Frame', 'IO', 'Spatial', 'ML', 'Namespaces']) {
      expect(api.groups.get(g)?.length ?? 0, `README.md API section: group '${g}'`).toBeGreaterThan(0);
    }
    expect([...api.namespaces.keys()].sort()).toEqual([...(api.groups.get('Namespaces') ?? [])].sort());
  });

  it("Object.keys(await import('gpuframe')) are exactly the documented names", async () => {
    const keys = Object.keys(await import('gpuframe'));
    const problems = apiDiff('gpuframe', topDocumented, keys);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('each namespace exports exactly its documented members', () => {
    expect(exportedNamespaces.sort()).toEqual(['geo', 'kernels', 'metrics']);
    const problems = exportedNamespaces.flatMap((ns) => apiDiff(`gf.${ns}`, api.namespaces.get(ns) ?? [], Object.keys(pkg[ns] as object)));
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('exports none of the known internal names', () => {
    const internal = ['exprShader', 'evalExprProgram', 'positiveZero', 'normalizeLiteral', 'normalizeString', 'checkOverflow', 'segmentMask', 'segmentSizes', 'bindExpr', 'applyWindow', 'checkWindow', 'registeredKernels', 'predicate', 'hold', 'release', 'registerFrame', 'createFrame'];
    const kernels = pkg.kernels as Record<string, unknown>;
    expect(internal.filter((n) => n in pkg || n in kernels)).toEqual([]);
  });
});

describe('public API checks (self-test)', () => {
  const readme = [
    '# x', '', '## API', '', 'Intro with `notAName` outside a list.', '',
    '- **Runtime:** `init`, `info`. Words with `code` and `gf.x(1)` that are not names.',
    '- **Namespaces:** `geo`.',
    '- **`gf.geo`:** `fromWKB`, `toWKB`.',
    '', '## Next', '- **Other:** `outside`.',
  ].join('\n');

  it('parses groups and namespace members from the section only', () => {
    const doc = parseApi(readme);
    expect([...doc.groups]).toEqual([['Runtime', ['init', 'info']], ['Namespaces', ['geo']]]);
    expect([...doc.namespaces]).toEqual([['geo', ['fromWKB', 'toWKB']]]);
    expect(() => parseApi('# no api here')).toThrow(/'## API' section/);
  });

  it('says exactly which names to add, remove or de-duplicate', () => {
    expect(apiDiff('gpuframe', ['init', 'info'], ['info', 'init'])).toEqual([]);
    expect(apiDiff('gpuframe', ['init', 'gone', 'init'], ['init', 'readGeoJSON', 'explode'])).toEqual([
      "gpuframe: exported but not in README.md's API section; add to the right group there (or stop exporting): readGeoJSON, explode",
      "gpuframe: listed in README.md's API section but not exported; remove from README (or export): gone",
      "gpuframe: listed more than once in README.md's API section: init",
    ]);
  });
});

// ---- TSDoc: every exported value (and namespace member) has an @example --------------------

/** Whether a declaration's TSDoc has @example (a class may carry it on its constructor; a namespace module on its header). */
function hasExample(decl: ts.Declaration): boolean {
  if (ts.isSourceFile(decl)) return /^\s*(\/\/[^\n]*\n\s*)*\/\*\*(?:(?!\*\/)[\s\S])*@example/.test(decl.text);
  if (ts.getJSDocTags(decl).some((t) => t.tagName.text === 'example')) return true;
  if (ts.isClassDeclaration(decl)) return decl.members.some((m) => ts.isConstructorDeclaration(m) && ts.getJSDocTags(m).some((t) => t.tagName.text === 'example'));
  return false;
}

/** `name (file)` of every exported value of the package entry without an @example, namespaces walked. */
export function missingExamples(entry: string): string[] {
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`missingExamples: expected a module at ${entry}, got none`);
  const missing: string[] = [];
  const walk = (m: ts.Symbol, prefix: string): void => {
    for (const sym of checker.getExportsOfModule(m)) {
      const s = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      if (!(s.flags & ts.SymbolFlags.Value)) continue; // types are documented where they are used
      const decls = s.declarations ?? [];
      const file = decls[0]?.getSourceFile().fileName.replace(`${ROOT}/`, '') ?? '?';
      if (!decls.some(hasExample)) missing.push(`${prefix}${sym.name} (${file})`);
      if (decls.some(ts.isSourceFile)) walk(s, `${prefix}${sym.name}.`);
    }
  };
  walk(moduleSymbol, '');
  return missing;
}

describe('TSDoc', () => {
  it('every exported value has TSDoc with an @example', () => {
    const missing = missingExamples(join(ROOT, 'index.ts'));
    expect(missing, `exports without an @example in their TSDoc:\n  ${missing.join('\n  ')}`).toEqual([]);
  });
});
