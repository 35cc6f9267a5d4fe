/**
 * A JSON parser (RFC 8259) that keeps what JSON.parse loses for a dataframe: a number's text
 * (so 1.0 stays a float, 9007199254740993 an exact int64), object keys in document order (even
 * integer-like ones), and the line of every error and of every record.
 */
import { ParseError } from '../errors.js';

/** A JSON number, as written. */
export class JsonNumber {
  constructor(readonly text: string) {}
  /** Whether the literal is an integer (no fraction, no exponent). */
  get isInteger(): boolean {
    return !/[.eE]/.test(this.text);
  }
}

/** A parsed JSON value: objects are Maps (document order; a repeated key keeps its last value). */
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | Map<string, JsonValue>;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/**
 * Parses JSON text from an offset, with the line of each position for errors.
 *
 * For instance `new JsonParser('[{"a": 1.0}]', 'x.json', 'readJSON').value()` is
 * `[Map { 'a' => JsonNumber { text: '1.0' } }]`.
 */
export class JsonParser {
  pos = 0;
  /** The line of `pos` (1-based), kept up to date by `ws`. */
  line = 1;

  constructor(
    readonly text: string,
    readonly file: string,
    readonly op: string,
  ) {}

  /** Skip whitespace (counting lines). */
  ws(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 10) this.line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      this.pos++;
    }
  }

  fail(expected: string): never {
    const rest = this.text.slice(this.pos, this.pos + 12);
    throw new ParseError(`${this.op}: expected ${expected}, got ${rest === '' ? 'the end of the input' : JSON.stringify(rest.split('\n')[0]! + (rest.length === 12 ? '…' : ''))}`, { file: this.file, row: this.line });
  }

  /** One value at pos (after whitespace). */
  value(depth = 0): JsonValue {
    this.ws();
    const t = this.text;
    const c = t[this.pos];
    if (depth > 512) this.fail('at most 512 levels of nesting');
    if (c === '{') {
      this.pos++;
      const m = new Map<string, JsonValue>();
      this.ws();
      if (t[this.pos] === '}') return (this.pos++, m);
      for (;;) {
        this.ws();
        if (t[this.pos] !== '"') this.fail('a key string');
        const k = this.string();
        this.ws();
        if (t[this.pos] !== ':') this.fail("':' after a key");
        this.pos++;
        m.set(k, this.value(depth + 1));
        this.ws();
        if (t[this.pos] === ',') this.pos++;
        else if (t[this.pos] === '}') return (this.pos++, m);
        else this.fail("',' or '}' in an object");
      }
    }
    if (c === '[') {
      this.pos++;
      const a: JsonValue[] = [];
      this.ws();
      if (t[this.pos] === ']') return (this.pos++, a);
      for (;;) {
        a.push(this.value(depth + 1));
        this.ws();
        if (t[this.pos] === ',') this.pos++;
        else if (t[this.pos] === ']') return (this.pos++, a);
        else this.fail("',' or ']' in an array");
      }
    }
    if (c === '"') return this.string();
    if (t.startsWith('true', this.pos)) return ((this.pos += 4), true);
    if (t.startsWith('false', this.pos)) return ((this.pos += 5), false);
    if (t.startsWith('null', this.pos)) return ((this.pos += 4), null);
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(t);
    if (m) return ((this.pos += m[0].length), new JsonNumber(m[0]));
    return this.fail('a JSON value');
  }

  private string(): string {
    STRING.lastIndex = this.pos;
    const m = STRING.exec(this.text);
    if (!m) this.fail('a well-formed string (escapes, no raw control characters, closed)');
    this.pos += m[0].length;
    return m[0].includes('\\') ? (JSON.parse(m[0]) as string) : m[0].slice(1, -1);
  }
}
