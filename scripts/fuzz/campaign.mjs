// One fuzz campaign: mutated cases per reader, run under the supervisor, classified; failing
// inputs minimized and written out; fixture folders replayed. Used by fuzz.mjs (the CLI) and by
// test/fuzz/*.test.ts.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { concat, hash32, int, mulberry32, mutateBytes, pick } from './mutate.mjs';
import { READERS, readerByName } from './readers.mjs';

export const OUTCOMES = ['ok', 'typed', 'untyped', 'hang', 'crash', 'over-allocation', 'mismatch'];
export const FAILING = new Set(['untyped', 'hang', 'crash', 'over-allocation', 'mismatch']);
/** A result may hold at most ALLOC_FACTOR × the input's bytes, or ALLOC_FLOOR for tiny inputs. */
export const ALLOC_FACTOR = 64;
export const ALLOC_FLOOR = 64 * 1024;

const inputBytes = (files) => Object.values(files).reduce((s, b) => s + b.length, 0);

/** The supervisor's raw result as an outcome of OUTCOMES (over the memory cap or the result budget → over-allocation). */
export function classify(res, files) {
  if (res.outcome === 'rss') return { ...res, outcome: 'over-allocation' };
  const limit = Math.max(ALLOC_FACTOR * inputBytes(files), ALLOC_FLOOR);
  if (res.outcome === 'ok' && res.resultBytes > limit) {
    return { ...res, outcome: 'over-allocation', detail: `result holds ${res.resultBytes} bytes for ${inputBytes(files)} input bytes (limit ${limit}): ${res.detail}` };
  }
  return res;
}

/** Case `index` of a reader: a seed, then 1 to 4 stacked mutations, all from the PRNG seeded by (seed, reader, index). */
export function makeCase(entry, seeds, index, seed) {
  const r = mulberry32(hash32(seed, entry.name, index));
  const base = seeds[int(r, seeds.length)];
  const others = seeds.map((s) => s.files[s.target]);
  let bytes = base.files[base.target];
  const n = r() < 0.75 ? 1 : 2 + int(r, 3);
  for (let k = 0; k < n; k++) {
    bytes = entry.mutators.length && r() < 0.6 ? pick(r, entry.mutators)(bytes, r) : mutateBytes(bytes, r, pick(r, others));
  }
  return { reader: entry.name, index, seedName: base.name, target: base.target, files: { ...base.files, [base.target]: bytes } };
}

/** Run one case under the supervisor and classify it. */
export async function runCase(sup, kase, opts = {}) {
  return classify(await sup.run(kase.reader, kase.files, opts), kase.files);
}

/**
 * Run `cases` cases of each reader. Returns `{ counts: { reader: { outcome: n } }, failures }`;
 * a reader stops early after `maxFailures` failing cases (CI keeps a failing run short).
 */
export async function runCampaign(sup, { readers = READERS.map((r) => r.name), cases = 100, seed = 1, maxFailures = Infinity, onCase } = {}) {
  const allSeeds = await sup.seeds();
  const counts = {};
  const failures = [];
  for (const name of readers) {
    const entry = readerByName(name);
    if (!entry) throw new Error(`fuzz: no reader '${name}'; readers: ${READERS.map((r) => r.name).join(', ')}`);
    const seeds = allSeeds[name] ?? [{ name: 'empty', files: { [`seed${entry.ext}`]: new Uint8Array(8) }, target: `seed${entry.ext}` }];
    counts[name] = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));
    let failed = 0;
    for (let i = 0; i < cases && failed < maxFailures; i++) {
      const kase = makeCase(entry, seeds, i, seed);
      const res = await runCase(sup, kase);
      counts[name][res.outcome]++;
      if (FAILING.has(res.outcome)) {
        failed++;
        failures.push({ ...kase, outcome: res.outcome, detail: res.detail, stack: res.stack });
      }
      onCase?.(kase, res);
    }
  }
  return { counts, failures };
}

/** What must stay the same while minimizing: the outcome, and for an untyped error its class. */
const signature = (res) => res.outcome + (res.outcome === 'untyped' ? `:${String(res.detail).split(':')[0]}` : '');

/**
 * Shrink a failing case's mutated file while it fails the same way: delete chunks (halving
 * sizes down to one byte), then zero chunks. Stops at `budgetMs`. A hang is retried with a
 * shorter timeout while shrinking, then the result is checked with the full one (the original
 * input is kept when that check fails).
 */
export async function minimize(sup, failure, { budgetMs = 60_000, timeoutMs = sup.timeoutMs } = {}) {
  const want = signature(failure);
  const tryTimeout = failure.outcome === 'hang' ? Math.min(timeoutMs, 3000) : timeoutMs;
  const withBytes = (b) => ({ ...failure, files: { ...failure.files, [failure.target]: b } });
  const fails = async (b, t = tryTimeout) => signature(await runCase(sup, withBytes(b), { timeoutMs: t })) === want;
  const deadline = performance.now() + budgetMs;
  const original = failure.files[failure.target];
  let cur = original;
  for (let chunk = 2 ** Math.floor(Math.log2(Math.max(1, cur.length / 2))); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    for (let i = 0; i < cur.length && performance.now() < deadline; ) {
      const cand = concat(cur.subarray(0, i), cur.subarray(i + chunk));
      if (await fails(cand)) cur = cand;
      else i += chunk;
    }
  }
  for (let chunk = 8; chunk >= 1; chunk = Math.floor(chunk / 2)) {
    for (let i = 0; i < cur.length && performance.now() < deadline; i += chunk) {
      if (cur.subarray(i, i + chunk).every((x) => x === 0)) continue;
      const cand = cur.slice();
      cand.fill(0, i, i + chunk);
      if (await fails(cand)) cur = cand;
    }
  }
  if (cur !== original && !(await fails(cur, timeoutMs))) cur = original;
  return withBytes(cur);
}

/**
 * Write a case's files into `dir/<fixtureDir>/` named `<stem><ext>` (a shapefile case writes its
 * .shp, .dbf and .prj together), ready to be copied to test/fixtures/fuzz/.
 */
export function writeCase(dir, kase, stem) {
  const entry = readerByName(kase.reader);
  const folder = join(dir, entry.fixtureDir);
  mkdirSync(folder, { recursive: true });
  const written = [];
  for (const [name, bytes] of Object.entries(kase.files)) {
    const path = join(folder, stem + (extname(name) || entry.ext));
    writeFileSync(path, bytes);
    written.push(path);
  }
  return written;
}

const IGNORED = /^(readme.*|.*\.(md|txt|mjs|js|ts))$/i;

/** A `cases.json` of `[{ name, seed, edits: [[offset, byte], …] }]` (a seed file of the folder plus byte edits), else null. */
function editList(path) {
  try {
    const list = JSON.parse(readFileSync(path, 'utf8'));
    return Array.isArray(list) && list.length && list.every((c) => typeof c?.seed === 'string' && Array.isArray(c.edits)) ? list : null;
  } catch {
    return null;
  }
}

/**
 * The replay cases of a fixture tree: in each folder `<root>/<fixtureDir>/`, files grouped by
 * stem (name before the last extension); each group runs through the reader of that folder
 * whose extension one of its files has (else the folder's first reader). A shapefile group
 * missing its .dbf or .prj takes the first shapefile seed's. A `cases.json` listing
 * `{ name, seed, edits: [[offset, byte], …] }` adds one case per entry: that seed file of the
 * folder with the edits applied. README, .md, .txt and scripts (.mjs, .js, .ts) are skipped.
 */
export function fixtureCases(root) {
  const out = [];
  let dirs = [];
  try {
    dirs = readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory());
  } catch {
    return out;
  }
  for (const dir of dirs.sort()) {
    const entries = READERS.filter((r) => r.fixtureDir === dir);
    const groups = new Map();
    for (const name of readdirSync(join(root, dir)).sort()) {
      if (IGNORED.test(name) || !statSync(join(root, dir, name)).isFile()) continue;
      const edits = name === 'cases.json' ? editList(join(root, dir, name)) : null;
      if (edits) {
        for (const c of edits) {
          const bytes = new Uint8Array(readFileSync(join(root, dir, c.seed)));
          for (const [at, value] of c.edits) bytes[at] = value;
          groups.set(`${c.name ?? c.seed} (cases.json)`, { [c.seed]: bytes });
        }
        continue;
      }
      const stem = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : name;
      if (!groups.has(stem)) groups.set(stem, {});
      groups.get(stem)[name] = new Uint8Array(readFileSync(join(root, dir, name)));
    }
    for (const [stem, files] of groups) {
      const exts = Object.keys(files).map((n) => extname(n).toLowerCase());
      const entry = entries.find((e) => exts.includes(e.ext)) ?? entries[0];
      out.push({ dir, stem, reader: entry?.name, files, target: Object.keys(files)[0] });
    }
  }
  return out;
}
