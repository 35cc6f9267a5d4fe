// The slice of papaparse's API that src/io/csv.ts uses (papaparse ships no types).
declare module 'papaparse' {
  interface ParseError {
    type: string;
    code: string;
    message: string;
    row?: number;
    index?: number;
  }
  interface ParseMeta {
    cursor: number;
    linebreak: string;
    aborted: boolean;
  }
  interface StepResult {
    data: string[];
    errors: ParseError[];
    meta: ParseMeta;
  }
  interface Parser {
    abort(): void;
  }
  interface ParseConfig {
    delimiter?: string;
    newline?: string;
    quoteChar?: string;
    escapeChar?: string;
    header?: boolean;
    dynamicTyping?: boolean;
    skipEmptyLines?: boolean | 'greedy';
    comments?: boolean | string;
    step?: (results: StepResult, parser: Parser) => void;
  }
  const Papa: { parse(input: string, config: ParseConfig): void };
  export default Papa;
}
