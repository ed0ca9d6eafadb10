import type { TcellEventRecord } from '../../exporters/tcell-event';

/**
 * The keys of a tCell record, by id (a bit in the mask of keys seen). `header_keys` holds an
 * array of strings, `user_valid` a boolean, every other key a string.
 */
const KEYS = [
  'event_type',
  'event_name',
  'user_id',
  'user_valid',
  'session',
  'user_agent',
  'referrer',
  'remote_addr',
  'header_keys',
  'document_uri',
  'password_id',
  'event_time',
  'trace_id',
  'span_id',
  'event_id',
  'password_spray_id',
] as const;
const KEY_BYTES = KEYS.map((key) => Buffer.from(key, 'latin1'));
const USER_VALID = KEYS.indexOf('user_valid');
const HEADER_KEYS = KEYS.indexOf('header_keys');
/** Keys whose values repeat from line to line (a few clients, pages): shared, not re-made. */
const SHARED_VALUE_KEYS = new Set<string>([
  'event_type',
  'event_name',
  'user_agent',
  'referrer',
  'document_uri',
]);

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const LOWER_T = 116;
const LOWER_F = 102;

/** Longest value a `SharedValues` table keeps; longer ones are made afresh each time. */
const MAX_SHARED_BYTES = 512;
/** Slots of each `SharedValues` table. */
const SHARED_SLOTS = 64;
/** Most header keys the parser reads in one record; more go to JSON.parse. */
const MAX_HEADER_KEYS = 256;

/** A record under construction: any of the keys, with the value types the parser makes. */
type ParsedRecord = Record<string, string | boolean | readonly string[]>;

/**
 * A small table from the bytes of a value to the value made from them, so that a User-Agent or
 * a header-key list that recurs on most lines is made once. Direct-mapped on a hash of the
 * bytes, checked byte for byte, at most `SHARED_SLOTS` values of `MAX_SHARED_BYTES`: bounded.
 */
class SharedValues<Value> {
  private readonly hashes = new Int32Array(SHARED_SLOTS);
  private readonly bytes: (Buffer | undefined)[] = new Array<Buffer | undefined>(SHARED_SLOTS);
  private readonly values: (Value | undefined)[] = new Array<Value | undefined>(SHARED_SLOTS);

  /** The value kept for `source[start, end)` with this hash, if any. */
  find(source: Buffer, start: number, end: number, hash: number): Value | undefined {
    const slot = hash & (SHARED_SLOTS - 1);
    const kept = this.bytes[slot];
    if (kept === undefined || this.hashes[slot] !== hash || kept.length !== end - start) {
      return undefined;
    }
    for (let index = 0; index < kept.length; index++) {
      if (kept[index] !== source[start + index]) return undefined;
    }
    return this.values[slot];
  }

  /** Keeps a value for `source[start, end)`, unless it is too long; returns the value. */
  keep(source: Buffer, start: number, end: number, hash: number, value: Value): Value {
    if (end - start > MAX_SHARED_BYTES) return value;
    const slot = hash & (SHARED_SLOTS - 1);
    this.hashes[slot] = hash;
    this.bytes[slot] = Buffer.from(source.subarray(start, end));
    this.values[slot] = value;
    return value;
  }
}

/**
 * A fast reader for the one form the exporter writes a tCell record in: a single JSON object
 * with no white space, known keys each at most once (any order), string values without escape
 * sequences, `user_valid` a boolean and `header_keys` an array of such strings. It makes the
 * same object `JSON.parse` would; for any line outside that form it returns undefined and the
 * caller parses the line with `JSON.parse`, so correctness never rests on the fast path.
 */
export class RecordParser {
  private readonly shared = KEYS.map((key) =>
    SHARED_VALUE_KEYS.has(key) ? new SharedValues<string>() : undefined,
  );
  private readonly headerKeyLists = new SharedValues<readonly string[]>();
  /** Start and end of each header key of the list being read. */
  private readonly headerKeyBounds = new Int32Array(MAX_HEADER_KEYS * 2);
  /** End of the value just read (after its closing quote, `e` or `]`). */
  private valueEnd = 0;

  /**
   * The record on `bytes[start, end)` (a line without its line feed), or undefined when the
   * line is not in the exporter's form (it may still be JSON: ask `JSON.parse`).
   */
  parse(bytes: Buffer, start: number, end: number): TcellEventRecord | undefined {
    if (end - start < 2 || bytes[start] !== OPEN_BRACE || bytes[end - 1] !== CLOSE_BRACE) {
      return undefined;
    }
    const record: ParsedRecord = {};
    let seen = 0;
    let at = start + 1;
    for (;;) {
      if (bytes[at] !== QUOTE) return undefined;
      const keyEnd = plainStringEnd(bytes, at + 1, end);
      if (keyEnd === -1 || bytes[keyEnd + 1] !== COLON) return undefined;
      const id = keyId(bytes, at + 1, keyEnd);
      if (id === -1 || (seen & (1 << id)) !== 0) return undefined;
      seen |= 1 << id;

      const value = this.readValue(id, bytes, keyEnd + 2, end);
      if (value === undefined) return undefined;
      setField(record, id, value);
      at = this.valueEnd;
      if (bytes[at] === COMMA) at += 1;
      else if (at === end - 1) return record as unknown as TcellEventRecord;
      else return undefined;
    }
  }

  private readValue(
    id: number,
    bytes: Buffer,
    start: number,
    end: number,
  ): string | boolean | readonly string[] | undefined {
    if (id === USER_VALID) return this.readBoolean(bytes, start, end);
    if (id === HEADER_KEYS) return this.readHeaderKeys(bytes, start, end);
    if (bytes[start] !== QUOTE) return undefined;
    const shared = this.shared[id];
    if (shared === undefined) {
      const close = plainStringEnd(bytes, start + 1, end);
      if (close === -1) return undefined;
      this.valueEnd = close + 1;
      return decode(bytes, start + 1, close);
    }
    const close = plainStringEndHashed(bytes, start + 1, end);
    if (close === -1) return undefined;
    this.valueEnd = close + 1;
    const hash = lastHash;
    return (
      shared.find(bytes, start + 1, close, hash) ??
      shared.keep(bytes, start + 1, close, hash, decode(bytes, start + 1, close))
    );
  }

  private readBoolean(bytes: Buffer, start: number, end: number): boolean | undefined {
    if (bytes[start] === LOWER_T && start + 4 <= end && matches(bytes, start, TRUE_BYTES)) {
      this.valueEnd = start + 4;
      return true;
    }
    if (bytes[start] === LOWER_F && start + 5 <= end && matches(bytes, start, FALSE_BYTES)) {
      this.valueEnd = start + 5;
      return false;
    }
    return undefined;
  }

  private readHeaderKeys(bytes: Buffer, start: number, end: number): readonly string[] | undefined {
    if (bytes[start] !== OPEN_BRACKET) return undefined;
    const bounds = this.headerKeyBounds;
    let count = 0;
    let hash = FNV_OFFSET;
    let wide = false;
    let at = start + 1;
    if (bytes[at] !== CLOSE_BRACKET) {
      for (;;) {
        if (bytes[at] !== QUOTE || count === MAX_HEADER_KEYS) return undefined;
        const close = plainStringEndHashed(bytes, at + 1, end);
        if (close === -1) return undefined;
        wide ||= lastWide;
        bounds[count * 2] = at + 1;
        bounds[count * 2 + 1] = close;
        count += 1;
        // Mix each key's hash with a separator, so that ["AB"] and ["A","B"] differ.
        hash = Math.imul(hash ^ lastHash ^ (count << 24), FNV_PRIME);
        at = close + 1;
        if (bytes[at] === COMMA) at += 1;
        else break;
      }
      if (bytes[at] !== CLOSE_BRACKET) return undefined;
    }
    this.valueEnd = at + 1;
    const found = this.headerKeyLists.find(bytes, start, at + 1, hash);
    if (found !== undefined) return found;
    const keys: string[] = [];
    lastWide = wide;
    for (let index = 0; index < count; index++) {
      keys.push(decode(bytes, bounds[index * 2], bounds[index * 2 + 1]));
    }
    // Shared by every record with this list, so nobody may change it.
    return this.headerKeyLists.keep(bytes, start, at + 1, hash, Object.freeze(keys));
  }
}

const TRUE_BYTES = Buffer.from('true', 'latin1');
const FALSE_BYTES = Buffer.from('false', 'latin1');
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Whether the string just scanned had a byte above 0x7f (then it is decoded as UTF-8). */
let lastWide = false;
/** FNV-1a hash of the bytes of the string `plainStringEndHashed` just scanned. */
let lastHash = 0;

/**
 * Index of the quote that closes a string starting at `from`, or -1 when the string has an
 * escape or a control character (JSON.parse decides those) or does not close before `end`.
 */
function plainStringEnd(bytes: Buffer, from: number, end: number): number {
  let wide = false;
  for (let index = from; index < end; index++) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      lastWide = wide;
      return index;
    }
    if (byte < 0x20 || byte === BACKSLASH) return -1;
    if (byte > 0x7f) wide = true;
  }
  return -1;
}

/** `plainStringEnd` that also leaves the hash of the string's bytes in `lastHash`. */
function plainStringEndHashed(bytes: Buffer, from: number, end: number): number {
  let wide = false;
  let hash = FNV_OFFSET;
  for (let index = from; index < end; index++) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      lastWide = wide;
      lastHash = hash;
      return index;
    }
    if (byte < 0x20 || byte === BACKSLASH) return -1;
    if (byte > 0x7f) wide = true;
    hash = Math.imul(hash ^ byte, FNV_PRIME);
  }
  return -1;
}

/** The string on `bytes[start, end)`, scanned just before by one of the functions above. */
function decode(bytes: Buffer, start: number, end: number): string {
  // Latin-1 and UTF-8 agree on bytes below 0x80, and Latin-1 is the cheaper decoder.
  return bytes.toString(lastWide ? 'utf8' : 'latin1', start, end);
}

function keyId(bytes: Buffer, start: number, end: number): number {
  const length = end - start;
  for (let id = 0; id < KEY_BYTES.length; id++) {
    const key = KEY_BYTES[id];
    if (key.length === length && matches(bytes, start, key)) return id;
  }
  return -1;
}

function matches(bytes: Buffer, start: number, expected: Buffer): boolean {
  for (let index = 0; index < expected.length; index++) {
    if (bytes[start + index] !== expected[index]) return false;
  }
  return true;
}

function setField(record: ParsedRecord, id: number, value: string | boolean | readonly string[]) {
  record[KEYS[id]] = value;
}
