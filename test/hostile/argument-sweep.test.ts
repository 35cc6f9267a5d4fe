// Issue 16, "Every public function validates its arguments' types and ranges": a sweep over the
// public API (every function and class `import * as gf from 'gpuframe'` gives, one level into
// its namespaces; every DataFrame, Series and Expr method; every estimator's constructor, fit,
// predict and transform) with hostile values in the first and second argument. Whatever throws
// or rejects must throw a GpuframeError (never a bare TypeError, RangeError or ENOENT), and no
// call may hang. A call that succeeds is fine: JS functions ignore extra arguments, and many
// hostile values are valid somewhere (-1 is a valid head(), undefined an omitted option).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';

const HOSTILE: ReadonlyArray<[string, unknown]> = [
  ['null', null],
  ['undefined', undefined],
  ["'x'", 'x'],
  ['NaN', NaN],
  ['-1', -1],
  ['1.5', 1.5],
  ['1e12', 1e12],
  ['{}', {}],
  ["[1, 'a', null]", [1, 'a', null]],
  ['{ length: 1e12 }', { length: 1e12 }],
];

/** Global state (the backend, the budget) and no-argument functions: not swept here. */
const SKIP_TOP = new Set(['init', 'shutdown', 'withBackend', 'withBackendAsync', 'hasWebGPU', 'info', 'sync', 'stats', 'resetStats', 'setLimits', 'limits']);
// SwiftShader compiles a kernel's pipelines on first use in seconds each (a first PCA or DBSCAN
// fit there takes over 10 s): the time limit catches a hang, not a slow software adapter.
const TIMEOUT_MS = gf.info().backend === 'webgpu' ? 120_000 : 10_000;

type Outcome = { ok: true } | { ok: false; error: unknown } | { hang: true };

async function outcome(call: () => unknown): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const r = call();
    if (r && typeof (r as Promise<unknown>).then === 'function') {
      const hang = new Promise<'hang'>((res) => (timer = setTimeout(() => res('hang'), TIMEOUT_MS)));
      if ((await Promise.race([r as Promise<unknown>, hang])) === 'hang') return { hang: true };
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}

const isClass = (f: unknown): f is new (...a: unknown[]) => unknown => typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));
const isErrorClass = (f: unknown) => f === Error || (typeof f === 'function' && (f as { prototype: unknown }).prototype instanceof Error);


/** Every failing call: `what(args)` → the error's name and message. */
const bad: string[] = [];

async function probe(what: string, call: (h: unknown) => unknown): Promise<void> {
  for (const [label, h] of HOSTILE) {
    const o = await outcome(() => call(h));
    if ('hang' in o) bad.push(`${what}(${label}): no result in ${TIMEOUT_MS} ms`);
    else if (!o.ok && !(o.error instanceof gf.GpuframeError)) {
      const e = o.error as Error;
      bad.push(`${what}(${label}): ${e?.name ?? typeof e}: ${String(e?.message ?? e).slice(0, 160)}`);
    }
  }
}

/** TypeScript-private helpers: on the prototype at run time, but no part of the API. */
const PRIVATE = new Set(['resolveSlot', 'arith', 'fn', 'cmp', 'window', 'agg', 'op', 'reduce']);

/** A method's own names on a prototype, without the constructor, getters and private helpers. */
function methods(proto: object): string[] {
  return Object.getOwnPropertyNames(proto).filter((m) => {
    if (m === 'constructor' || m.startsWith('_') || PRIVATE.has(m)) return false;
    const d = Object.getOwnPropertyDescriptor(proto, m)!;
    return typeof d.value === 'function';
  });
}

function frame(): gf.DataFrame {
  return new gf.DataFrame({
    a: new Int32Array([3, 1, 2, 2]),
    f: new Float64Array([1.5, -2, 0.25, 8]),
    s: gf.Column.from(['x', 'y', null, 'x']),
  });
}

let dir = '';
let cwd = '';
beforeAll(() => {
  // Writers given a hostile path write nothing outside this folder.
  cwd = process.cwd();
  dir = mkdtempSync(join(tmpdir(), 'gf-sweep-'));
  process.chdir(dir);
});
afterAll(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

describe('argument sweep: every throw is a GpuframeError, nothing hangs', () => {
  it('top-level functions and namespace members', async () => {
    bad.length = 0;
    for (const [name, v] of Object.entries(gf)) {
      if (SKIP_TOP.has(name) || isClass(v) || isErrorClass(v)) continue;
      if (typeof v === 'function') {
        await probe(`gf.${name}`, (h) => (v as (...a: unknown[]) => unknown)(h));
        await probe(`gf.${name}(x, ·)`, (h) => (v as (...a: unknown[]) => unknown)(h, h));
      } else if (v && typeof v === 'object') {
        for (const [m, f] of Object.entries(v)) {
          if (typeof f !== 'function' || isClass(f)) continue;
          await probe(`gf.${name}.${m}`, (h) => (f as (...a: unknown[]) => unknown)(h));
          await probe(`gf.${name}.${m}(x, ·)`, (h) => (f as (...a: unknown[]) => unknown)(h, h));
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('class constructors and static methods', async () => {
    bad.length = 0;
    for (const [name, v] of Object.entries(gf)) {
      if (!isClass(v) || isErrorClass(v)) continue;
      await probe(`new gf.${name}`, (h) => new v(h));
      await probe(`new gf.${name}(x, ·)`, (h) => new v(h, h));
      for (const m of Object.getOwnPropertyNames(v)) {
        const f = (v as unknown as Record<string, unknown>)[m];
        // DataBuffer.fromDevice takes the library's own GpuContext: internal, as its TSDoc says.
        if (typeof f !== 'function' || ['length', 'name', 'prototype'].includes(m) || `${name}.${m}` === 'DataBuffer.fromDevice') continue;
        await probe(`gf.${name}.${m}`, (h) => (f as (...a: unknown[]) => unknown).call(v, h));
      }
    }
    expect(bad).toEqual([]);
  });

  it('DataFrame methods', async () => {
    bad.length = 0;
    const df = frame();
    for (const m of methods(gf.DataFrame.prototype)) {
      await probe(`df.${m}`, (h) => (df as unknown as Record<string, (...a: unknown[]) => unknown>)[m]!(h));
      await probe(`df.${m}('a', ·)`, (h) => (df as unknown as Record<string, (...a: unknown[]) => unknown>)[m]!('a', h));
    }
    expect(bad).toEqual([]);
  });

  it('Series methods', async () => {
    bad.length = 0;
    const s = new gf.Series("f", frame().column("f"));
    for (const m of methods(gf.Series.prototype)) {
      await probe(`series.${m}`, (h) => (s as unknown as Record<string, (...a: unknown[]) => unknown>)[m]!(h));
    }
    expect(bad).toEqual([]);
  });

  it('Expr methods, built and then evaluated', async () => {
    bad.length = 0;
    const df = frame();
    const e = gf.col('f');
    for (const m of methods(gf.Expr.prototype)) {
      await probe(`col('f').${m}`, async (h) => {
        const out = (e as unknown as Record<string, (...a: unknown[]) => unknown>)[m]!(h);
        if (out instanceof gf.Expr) await df.withColumns({ z: out });
      });
    }
    for (const ns of ['str', 'dt', 'list'] as const) {
      const space = gf.col('s')[ns] as unknown as Record<string, (...a: unknown[]) => unknown>;
      for (const m of methods(Object.getPrototypeOf(space))) {
        await probe(`col('s').${ns}.${m}`, async (h) => {
          const out = space[m]!(h);
          if (out instanceof gf.Expr) await df.withColumns({ z: out });
        });
      }
    }
    expect(bad).toEqual([]);
  });

  it('estimators: fit, predict, transform and score on hostile input', async () => {
    bad.length = 0;
    for (const [name, v] of Object.entries(gf)) {
      if (!isClass(v) || typeof (v.prototype as { fit?: unknown }).fit !== 'function') continue;
      for (const m of ['fit', 'predict', 'transform', 'fitPredict', 'fitTransform', 'score', 'predictProba', 'kneighbors']) {
        if (typeof (v.prototype as Record<string, unknown>)[m] !== 'function') continue;
        const est = () => new v() as Record<string, (...a: unknown[]) => unknown>;
        await probe(`new gf.${name}().${m}`, (h) => est()[m]!(h));
        await probe(`new gf.${name}().${m}(X, ·)`, (h) => est()[m]!([new Float64Array([1, 2, 3]), new Float64Array([4, 5, 7])], h));
      }
    }
    expect(bad).toEqual([]);
  });
});
