// Types of campaign.mjs, for test/fuzz/*.test.ts.
import type { Files, Seed, Supervisor } from './supervisor.mjs';
export type Outcome = 'ok' | 'typed' | 'untyped' | 'hang' | 'crash' | 'over-allocation' | 'mismatch';
export interface Case {
  reader: string;
  index?: number;
  seedName?: string;
  target: string;
  files: Files;
}
export interface Result {
  outcome: Outcome;
  detail: string;
  resultBytes?: number;
  stack?: string;
  ms: number;
}
export interface Failure extends Case {
  outcome: Outcome;
  detail: string;
  stack?: string;
}
export declare const OUTCOMES: Outcome[];
export declare const FAILING: Set<Outcome>;
export declare const ALLOC_FACTOR: number;
export declare const ALLOC_FLOOR: number;
export declare function makeCase(entry: { name: string }, seeds: Seed[], index: number, seed: number): Case;
export declare function runCase(sup: Supervisor, kase: Case, options?: { timeoutMs?: number }): Promise<Result>;
export declare function runCampaign(
  sup: Supervisor,
  options?: { readers?: string[]; cases?: number; seed?: number; maxFailures?: number; onCase?: (kase: Case, res: Result) => void },
): Promise<{ counts: Record<string, Record<Outcome, number>>; failures: Failure[] }>;
export declare function minimize(sup: Supervisor, failure: Failure, options?: { budgetMs?: number; timeoutMs?: number }): Promise<Failure>;
export declare function writeCase(dir: string, kase: Case, stem: string): string[];
export declare function fixtureCases(root: string): Array<Case & { dir: string; stem: string; reader: string | undefined }>;
