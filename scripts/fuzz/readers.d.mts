// Types of readers.mjs, for test/fuzz/*.test.ts.
export interface ReaderEntry {
  name: string;
  fixtureDir: string | null;
  ext: string;
  mutators: Array<(bytes: Uint8Array, r: () => number) => Uint8Array>;
  run: (...args: unknown[]) => unknown;
}
export declare const READERS: ReaderEntry[];
export declare const SELF_TEST_READERS: ReaderEntry[];
export declare const ALL_READERS: ReaderEntry[];
export declare function readerByName(name: string): ReaderEntry | undefined;
