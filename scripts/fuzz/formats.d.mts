// Types of formats.mjs, for test/fuzz/*.test.ts.
export interface Field {
  pos: number;
  size: number;
  le: boolean;
  kind: 'int' | 'float';
}
export declare function arrowFields(b: Uint8Array): Field[];
export declare function parquetLayout(b: Uint8Array): {
  fields: Field[];
  varints: Array<{ pos: number; len: number; zigzag: boolean; value: bigint }>;
  binaries: Array<{ pos: number; lenLen: number; data: number; dataLen: number }>;
  footerStart: number;
};
export declare function encodeVarint(value: bigint | number, zigzag: boolean, minLen?: number): Uint8Array;
export declare function shpFields(b: Uint8Array): Field[];
export declare function dbfFields(b: Uint8Array): Field[];
export declare function dbfTypeBytes(b: Uint8Array): number[];
export declare function zipFields(b: Uint8Array): Field[];
