/**
 * L-BFGS for an unbounded problem, stopping as SciPy's L-BFGS-B (Fortran 3.0, `setulb`)
 * does when scikit-learn calls `scipy.optimize.minimize(method='L-BFGS-B', jac=True,
 * options={'gtol': tol, 'maxiter': max_iter})`:
 *
 * - m = 10 correction pairs; B₀ = θI with θ = yᵀy / sᵀy of the newest pair; a pair is skipped
 *   when sᵀy ≤ ε·(−gᵀs). Without bounds the generalized Cauchy point and the subspace
 *   minimisation give the quasi-Newton step −H g, computed here by the two-loop recursion.
 * - Line search: MINPACK-2's dcsrch (Moré–Thuente) with ftol 1e-3, gtol 0.9, xtol 0.1,
 *   stpmin 0, stpmax 1e10; the first step of the first iteration is min(1/‖d‖₂, stpmax), later
 *   ones 1; at most `maxls` (20) evaluations. A failed search (or an ascent direction) drops the
 *   memory and retries along −g; with no memory to drop it ends the run (ABNORMAL).
 * - Stops: ‖g‖∞ ≤ pgtol (before the first iteration too); (f_old − f) ≤ factr·ε·max(|f_old|,
 *   |f|, 1) (SciPy's default ftol = 2.22e-9 = 1e7·ε); iterations ≥ maxiter; evaluations > maxfun.
 *
 * The objective is evaluated by the caller (here, on the backend); the parameter vector is
 * small model state on the host.
 */

/** f and its gradient at x. */
export type Objective = (x: Float64Array) => Promise<{ f: number; g: Float64Array }>;

export interface LbfgsOptions {
  readonly pgtol: number;
  readonly maxiter: number;
  readonly m?: number;
  readonly ftol?: number;
  readonly maxfun?: number;
  readonly maxls?: number;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly g: Float64Array;
  readonly nit: number;
  readonly nfev: number;
  /** SciPy's task message (CONVERGENCE: …, STOP: …, ABNORMAL_TERMINATION_IN_LNSRCH). */
  readonly message: string;
  readonly converged: boolean;
}

const EPS = 2.220446049250313e-16;
const STPMAX = 1e10;

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const infNorm = (a: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
};

/**
 * Minimise f from x0.
 */
export async function lbfgs(fg: Objective, x0: Float64Array, opts: LbfgsOptions): Promise<LbfgsResult> {
  const m = opts.m ?? 10;
  const ftol = opts.ftol ?? 1e7 * EPS;
  const maxfun = opts.maxfun ?? 15000;
  const maxls = opts.maxls ?? 20;
  const n = x0.length;
  let x: Float64Array = Float64Array.from(x0);
  let { f, g } = await fg(x);
  let nfev = 1;
  let nit = 0;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const done = (message: string, converged: boolean): LbfgsResult => ({ x, f, g, nit, nfev, message, converged });
  if (infNorm(g) <= opts.pgtol) return done('CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL', true);
  for (;;) {
    const d = direction(g, S, Y);
    let gd = dot(g, d);
    let search = gd < 0 ? await lineSearch(fg, x, f, d, gd, nit === 0 ? Math.min(1 / Math.sqrt(dot(d, d)), STPMAX) : 1, maxls) : undefined;
    if (search) nfev += search.nfev;
    if (!search || !search.ok) {
      if (S.length === 0) return done('ABNORMAL_TERMINATION_IN_LNSRCH', false);
      S.length = 0;
      Y.length = 0;
      continue;
    }
    const fold = f;
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = search.x[i]! - x[i]!;
      yv[i] = search.g[i]! - g[i]!;
    }
    gd *= search.stp;
    x = search.x;
    f = search.f;
    g = search.g;
    nit++;
    if (nit >= opts.maxiter) return done('STOP: TOTAL NO. of ITERATIONS REACHED LIMIT', false);
    if (nfev > maxfun) return done('STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT', false);
    if (infNorm(g) <= opts.pgtol) return done('CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL', true);
    if (fold - f <= ftol * Math.max(Math.abs(fold), Math.abs(f), 1)) return done('CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH', true);
    const sy = dot(s, yv);
    if (sy <= EPS * -gd) continue;
    if (S.length === m) {
      S.shift();
      Y.shift();
    }
    S.push(s);
    Y.push(yv);
  }
}

/** −H g by the two-loop recursion with H₀ = (sᵀy / yᵀy) I. */
function direction(g: Float64Array, S: Float64Array[], Y: Float64Array[]): Float64Array {
  const q = Float64Array.from(g);
  const k = S.length;
  const alpha = new Float64Array(k);
  const rho = new Float64Array(k);
  for (let j = k - 1; j >= 0; j--) {
    rho[j] = 1 / dot(Y[j]!, S[j]!);
    alpha[j] = rho[j]! * dot(S[j]!, q);
    const y = Y[j]!;
    for (let i = 0; i < q.length; i++) q[i]! -= alpha[j]! * y[i]!;
  }
  if (k > 0) {
    const h0 = dot(S[k - 1]!, Y[k - 1]!) / dot(Y[k - 1]!, Y[k - 1]!);
    for (let i = 0; i < q.length; i++) q[i]! *= h0;
  }
  for (let j = 0; j < k; j++) {
    const b = rho[j]! * dot(Y[j]!, q);
    const s = S[j]!;
    for (let i = 0; i < q.length; i++) q[i]! += s[i]! * (alpha[j]! - b);
  }
  for (let i = 0; i < q.length; i++) q[i] = -q[i]!;
  return q;
}

interface SearchResult {
  ok: boolean;
  x: Float64Array;
  f: number;
  g: Float64Array;
  stp: number;
  nfev: number;
}

/** Moré–Thuente line search along d from x (MINPACK-2 dcsrch as L-BFGS-B calls it). */
async function lineSearch(fg: Objective, x: Float64Array, f0: number, d: Float64Array, g0: number, stp0: number, maxls: number): Promise<SearchResult> {
  const ls = new Dcsrch(f0, g0, stp0, 1e-3, 0.9, 0.1, 0, STPMAX);
  let stp = stp0;
  for (let k = 1; k <= maxls; k++) {
    const xt = Float64Array.from(x, (v, i) => v + stp * d[i]!);
    const r = await fg(xt);
    const dg = dot(r.g, d);
    const task = ls.step(r.f, dg);
    if (task !== 'FG') return { ok: true, x: xt, f: r.f, g: r.g, stp, nfev: k };
    stp = ls.stp;
  }
  return { ok: false, x, f: f0, g: new Float64Array(0), stp: 0, nfev: maxls };
}

/** MINPACK-2 dcsrch: state of one line search; `step(f, g)` takes φ(stp), φ'(stp) and sets the next stp. */
class Dcsrch {
  stp: number;
  private brackt = false;
  private stage = 1;
  private readonly gtest: number;
  private width: number;
  private width1: number;
  private stx = 0;
  private fx: number;
  private gx: number;
  private sty = 0;
  private fy: number;
  private gy: number;
  private stmin = 0;
  private stmax: number;

  constructor(
    private readonly finit: number,
    private readonly ginit: number,
    stp: number,
    private readonly ftol: number,
    private readonly gtol: number,
    private readonly xtol: number,
    private readonly stpmin: number,
    private readonly stpmax: number,
  ) {
    this.stp = stp;
    this.gtest = ftol * ginit;
    this.width = stpmax - stpmin;
    this.width1 = this.width / 0.5;
    this.fx = this.fy = finit;
    this.gx = this.gy = ginit;
    this.stmax = stp + 4 * stp;
  }

  /** 'FG' (evaluate at the new stp), 'CONV' or 'WARN' (accept stp). */
  step(f: number, g: number): 'FG' | 'CONV' | 'WARN' {
    const stp = this.stp;
    const ftest = this.finit + stp * this.gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;
    if (this.brackt && (stp <= this.stmin || stp >= this.stmax)) return 'WARN';
    if (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax) return 'WARN';
    if (stp === this.stpmax && f <= ftest && g <= this.gtest) return 'WARN';
    if (stp === this.stpmin && (f > ftest || g >= this.gtest)) return 'WARN';
    if (f <= ftest && Math.abs(g) <= this.gtol * -this.ginit) return 'CONV';
    if (this.stage === 1 && f <= this.fx && f > ftest) {
      const gt = this.gtest;
      const r = dcstep(this.stx, this.fx - this.stx * gt, this.gx - gt, this.sty, this.fy - this.sty * gt, this.gy - gt, stp, f - stp * gt, g - gt, this.brackt, this.stmin, this.stmax);
      this.apply(r);
      this.fx = r.fx + r.stx * gt;
      this.fy = r.fy + r.sty * gt;
      this.gx = r.dx + gt;
      this.gy = r.dy + gt;
    } else {
      const r = dcstep(this.stx, this.fx, this.gx, this.sty, this.fy, this.gy, stp, f, g, this.brackt, this.stmin, this.stmax);
      this.apply(r);
      this.fx = r.fx;
      this.fy = r.fy;
      this.gx = r.dx;
      this.gy = r.dy;
    }
    let next = this.stp;
    if (this.brackt) {
      if (Math.abs(this.sty - this.stx) >= 0.66 * this.width1) next = this.stx + 0.5 * (this.sty - this.stx);
      this.width1 = this.width;
      this.width = Math.abs(this.sty - this.stx);
      this.stmin = Math.min(this.stx, this.sty);
      this.stmax = Math.max(this.stx, this.sty);
    } else {
      this.stmin = next + 1.1 * (next - this.stx);
      this.stmax = next + 4 * (next - this.stx);
    }
    next = Math.min(Math.max(next, this.stpmin), this.stpmax);
    if ((this.brackt && (next <= this.stmin || next >= this.stmax)) || (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax)) next = this.stx;
    this.stp = next;
    return 'FG';
  }

  private apply(r: StepResult): void {
    this.stx = r.stx;
    this.sty = r.sty;
    this.brackt = r.brackt;
    this.stp = r.stp;
  }
}

interface StepResult {
  stx: number;
  fx: number;
  dx: number;
  sty: number;
  fy: number;
  dy: number;
  stp: number;
  brackt: boolean;
}

/** MINPACK-2 dcstep: a safeguarded cubic/quadratic step and the update of the interval. */
function dcstep(stx: number, fx: number, dx: number, sty: number, fy: number, dy: number, stp: number, fp: number, dp: number, brackt: boolean, stpmin: number, stpmax: number): StepResult {
  const sgnd = dp * (dx / Math.abs(dx));
  let stpf: number;
  // The cubic through (stx, fx, dx) and (stp, fp, dp): θ and γ (γ's radicand clamped at 0 when asked).
  const cubic = (a: number, fa: number, da: number) => {
    const theta = (3 * (fa - fp)) / (stp - a) + da + dp;
    const s = Math.max(Math.abs(theta), Math.abs(da), Math.abs(dp));
    const rad = (theta / s) ** 2 - (da / s) * (dp / s);
    return { theta, root: (clamp: boolean) => s * Math.sqrt(clamp ? Math.max(0, rad) : rad) };
  };
  if (fp > fx) {
    const { theta, root } = cubic(stx, fx, dx);
    let gamma = root(false);
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const stpc = stx + (p / q) * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    brackt = true;
  } else if (sgnd < 0) {
    const { theta, root } = cubic(stx, fx, dx);
    let gamma = root(false);
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const stpc = stp + (p / q) * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    const { theta, root } = cubic(stx, fx, dx);
    let gamma = root(true);
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    const stpc = r < 0 && gamma !== 0 ? stp + r * (stx - stp) : stp > stx ? stpmax : stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else if (brackt) {
    const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (dy / s) * (dp / s));
    if (stp > sty) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dy;
    stpf = stp + (p / q) * (sty - stp);
  } else stpf = stp > stx ? stpmax : stpmin;
  if (fp > fx) {
    sty = stp;
    fy = fp;
    dy = dp;
  } else {
    if (sgnd < 0) {
      sty = stx;
      fy = fx;
      dy = dx;
    }
    stx = stp;
    fx = fp;
    dx = dp;
  }
  return { stx, fx, dx, sty, fy, dy, stp: stpf, brackt };
}
