/**
 * The standard normal quantile (scipy's `norm.ppf`) for RobustScaler's `unitVariance`:
 * Wichura's algorithm AS 241 (PPND16, about 1e-16 relative), written from the published
 * coefficients. Probabilities below about 1.4e-11 from 0 or 1 (the algorithm's third region)
 * are refused rather than approximated; 0 and 1 give -Inf and +Inf as scipy.
 */
import { ValueError } from '../../src/errors.js';

const A = [3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727];
const B = [1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852854561];
const C = [1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4];
const D = [1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9];

/** Horner's rule, highest coefficient last. */
function poly(c: readonly number[], x: number): number {
  let s = c[c.length - 1]!;
  for (let i = c.length - 2; i >= 0; i--) s = s * x + c[i]!;
  return s;
}

/** Quantile of the standard normal at probability p in [0, 1]. */
export function normPpf(op: string, p: number): number {
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(A, r)) / poly(B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  if (r > 5) throw new ValueError(`${op}: expected quantileRange percentiles at least 1.4e-9 from 0 and 100 with unitVariance, got ${p * 100}`);
  r -= 1.6;
  const v = poly(C, r) / poly(D, r);
  return q < 0 ? -v : v;
}
