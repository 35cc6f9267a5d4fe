/**
 * Warnings: a result that is valid but probably not what the caller wanted (scikit-learn's
 * `warnings.warn(..., ConvergenceWarning)`). In Node a warning is a process warning
 * (`process.emitWarning` with `type` set to the category), so `process.on('warning', …)` sees it
 * and `node --no-warnings` silences it; elsewhere it goes to `console.warn`. Internal.
 */

/** Warning categories, named as scikit-learn's. */
export type WarningCategory = 'ConvergenceWarning';

/** Emit `message` as a warning of `category`, prefixed with `gpuframe: `. */
export function warn(category: WarningCategory, message: string): void {
  const proc = (globalThis as { process?: { emitWarning?: (m: string, o: { type: string }) => void } }).process;
  if (typeof proc?.emitWarning === 'function') proc.emitWarning(`gpuframe: ${message}`, { type: category });
  else console.warn(`gpuframe: ${category}: ${message}`);
}
