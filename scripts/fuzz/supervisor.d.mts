// Types of supervisor.mjs, for test/fuzz/*.test.ts.
export interface RawResult {
  outcome: 'ok' | 'typed' | 'untyped' | 'mismatch' | 'hang' | 'crash' | 'rss';
  detail: string;
  resultBytes?: number;
  stack?: string;
  ms: number;
}
export type Files = Record<string, Uint8Array>;
export interface Seed {
  name: string;
  files: Files;
  target: string;
}
export declare class Supervisor {
  constructor(options?: { timeoutMs?: number; rssLimitMb?: number; heapMb?: number; startMs?: number });
  readonly timeoutMs: number;
  readonly starts: number;
  readonly backend: string | undefined;
  seeds(): Promise<Record<string, Seed[]>>;
  run(reader: string, files: Files, options?: { timeoutMs?: number }): Promise<RawResult>;
  close(): Promise<void>;
}
