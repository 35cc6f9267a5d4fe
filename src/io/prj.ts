/**
 * A shapefile's .prj (WKT 1, as ESRI and GDAL write it) checked before proj4 applies it: it
 * must parse, and its numbers must be plausible, since proj4 applies whatever it reads. A prime
 * meridian of 99433 degrees would move every longitude by 99433; a unit of 1e-300 would
 * collapse every coordinate. What is checked (any failure is a ParseError naming the .prj):
 *
 * - the text is KEYWORD[...] nodes (brackets or parentheses balanced, strings closed, numbers
 *   finite), with one root: GEOGCS or PROJCS (a PROJCS holding a GEOGCS);
 * - the GEOGCS angular UNIT is between 1e-7 and 1 radian per unit (arc-seconds to radians;
 *   a degree is 0.0174532925199433);
 * - the PRIMEM longitude, in that unit, lies within ±180 degrees;
 * - the SPHEROID's semi-major axis is between 1e5 and 1e8 metres (the Moon to Jupiter) and
 *   its inverse flattening is 0 (a sphere) or at least 1;
 * - a PROJCS's linear UNIT is between 1e-4 and 1e5 metres per unit (tenths of a millimetre to
 *   100 km), and its PARAMETER values are finite.
 */
import { ParseError } from '../errors.js';

/** A WKT node: KEYWORD[arg, ...]; an argument is a string, a number or a node. */
export interface WktNode {
  keyword: string;
  args: Array<string | number | WktNode>;
}

/** Parse WKT 1 text into its root node; ParseError (naming `file`) where it does not parse. */
export function parseWkt(text: string, file: string): WktNode {
  let at = 0;
  const fail = (what: string): never => {
    const got = at >= text.length ? 'the end of the text' : `'${text.slice(at, at + 12)}'`;
    throw new ParseError(`readShapefile: expected a WKT .prj (KEYWORD[...]): ${what} at character ${at}, got ${got}`, { file });
  };
  const space = () => {
    while (at < text.length && /\s/.test(text[at]!)) at++;
  };
  const node = (depth: number): WktNode => {
    if (depth > 32) fail('at most 32 nested nodes');
    space();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at, at + 64));
    if (!m) fail('a keyword');
    const keyword = m![0].toUpperCase();
    at += m![0].length;
    space();
    const open = text[at];
    if (open !== '[' && open !== '(') fail(`'[' after ${keyword}`);
    const close = open === '[' ? ']' : ')';
    at++;
    const args: WktNode['args'] = [];
    for (;;) {
      space();
      const ch = text[at];
      if (ch === undefined) fail(`'${close}' closing ${keyword}`);
      if (ch === '"') {
        const end = text.indexOf('"', at + 1);
        if (end < 0) fail('a closing quote');
        args.push(text.slice(at + 1, end));
        at = end + 1;
      } else if (/[-+.0-9]/.test(ch!)) {
        const n = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(text.slice(at, at + 64));
        if (!n) fail('a number');
        const v = Number(n![0]);
        if (!Number.isFinite(v)) fail('a finite number');
        args.push(v);
        at += n![0].length;
      } else if (/[A-Za-z_]/.test(ch!)) {
        // A bare word (an axis direction such as EAST) or a nested node.
        const save = at;
        const w = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at, at + 64))![0];
        at += w.length;
        space();
        if (text[at] === '[' || text[at] === '(') {
          at = save;
          args.push(node(depth + 1));
        } else args.push(w);
      } else fail(`a value or '${close}' in ${keyword}`);
      space();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === close) {
        at++;
        return { keyword, args };
      }
      fail(`',' or '${close}' in ${keyword}`);
    }
  };
  const root = node(0);
  space();
  if (at < text.length) fail('the end of the text after the root node');
  return root;
}

const child = (n: WktNode, keyword: string): WktNode | undefined => n.args.find((a): a is WktNode => typeof a === 'object' && a.keyword === keyword);
const num = (n: WktNode | undefined, i: number): number | undefined => (n && typeof n.args[i] === 'number' ? (n.args[i] as number) : undefined);

/**
 * Check a .prj that will be applied (see the file header); returns its root keyword.
 * ParseError naming `file` where it does not parse or is implausible.
 */
export function checkPrj(text: string, file: string): 'GEOGCS' | 'PROJCS' {
  const root = parseWkt(text, file);
  const bad = (what: string, got: string): never => {
    throw new ParseError(`readShapefile: expected ${what} in the .prj, got ${got}; pass { reproject: false } to keep the raw coordinates`, { file });
  };
  if (root.keyword !== 'GEOGCS' && root.keyword !== 'PROJCS') bad('a GEOGCS or PROJCS root', root.keyword);
  const geog = root.keyword === 'GEOGCS' ? root : child(root, 'GEOGCS');
  if (!geog) return bad('a GEOGCS inside the PROJCS', 'none');
  const angular = num(child(geog, 'UNIT'), 1);
  if (angular === undefined || !(angular >= 1e-7 && angular <= 1)) bad('a GEOGCS angular UNIT of 1e-7 to 1 radian per unit (a degree is 0.0174532925199433)', String(angular ?? 'none'));
  const pm = num(child(geog, 'PRIMEM'), 1);
  if (pm !== undefined && Math.abs(pm * angular!) > Math.PI * (1 + 1e-12)) bad('a prime meridian (PRIMEM) within ±180 degrees', `${pm} (${((pm * angular!) / Math.PI) * 180} degrees)`);
  const sph = child(child(geog, 'DATUM') ?? geog, 'SPHEROID');
  if (sph) {
    const a = num(sph, 1);
    const invf = num(sph, 2);
    if (a === undefined || !(a >= 1e5 && a <= 1e8)) bad('a SPHEROID semi-major axis of 1e5 to 1e8 metres', String(a ?? 'none'));
    if (invf === undefined || !(invf === 0 || invf >= 1)) bad('a SPHEROID inverse flattening of 0 or at least 1', String(invf ?? 'none'));
  }
  if (root.keyword === 'PROJCS') {
    const linear = num(child(root, 'UNIT'), 1);
    if (linear === undefined || !(linear >= 1e-4 && linear <= 1e5)) bad('a PROJCS linear UNIT of 1e-4 to 1e5 metres per unit', String(linear ?? 'none'));
    for (const p of root.args) {
      if (typeof p === 'object' && p.keyword === 'PARAMETER' && num(p, 1) === undefined) bad(`a number for PARAMETER ${JSON.stringify(p.args[0])}`, 'none');
    }
  }
  return root.keyword as 'GEOGCS' | 'PROJCS';
}
