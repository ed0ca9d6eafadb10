import type { TcellEventRecord } from '../../exporters/tcell-event';
import {
  lastScannedHash,
  latin1,
  matches,
  plainStringEnd,
  plainStringEndHashed,
  sampleHash,
} from './json-bytes';
import { SharedValues } from './shared-values';

/** The keys of a tCell record, by id; the id is also a bit in the mask of keys seen. */
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
const USER_ID = 2;
const USER_VALID = 3;
const REMOTE_ADDR = 7;
const HEADER_KEYS = 8;

/** A record being built: the keys the parser knows, with the types it gives them. */
interface ParsedRecord {
  event_type?: string;
  event_name?: string;
  user_id?: string;
  user_valid?: boolean;
  session?: string;
  user_agent?: string;
  referrer?: string;
  remote_addr?: string;
  header_keys?: readonly string[];
  document_uri?: string;
  password_id?: string;
  event_time?: string;
  trace_id?: string;
  span_id?: string;
  event_id?: string;
  password_spray_id?: string;
}

const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const TRUE_BYTES = Buffer.from('true', 'latin1');
const FALSE_BYTES = Buffer.from('false', 'latin1');

/**
 * Values the code compares with string literals: a parsed value is replaced by the literal, so
 * that `record.event_name === 'login-failure'` compares two references, not two strings.
 */
const LITERALS = new Map(['login', 'login-success', 'login-failure'].map((text) => [text, text]));

/** Keys whose values recur on most lines (a few clients and pages): made once and shared. */
const SHARED_KEYS = new Set(['event_type', 'event_name', 'user_agent', 'referrer', 'document_uri']);

/**
 * A fast reader for the form the exporter writes a tCell record in: one JSON object of ASCII
 * text with no white space, known keys each at most once (in any order), string values without
 * escape sequences, `user_valid` a boolean and `header_keys` an array of such strings. It makes
 * the same object `JSON.parse` would (keys in the same order); for any other line it returns
 * undefined and the caller parses the line with `JSON.parse`, so correctness never rests on it.
 *
 * Ends of strings are found with `Buffer#indexOf` (native code); only the bytes of values made
 * into new strings, and of keys, are checked one by one in JavaScript. Values that recur on most
 * lines (the event type and name, the client's User-Agent and header-key list, the page) are
 * recognised by comparing their bytes with the ones seen before, and shared; a shared
 * header-key list is frozen.
 */
export class RecordParser {
  private readonly sharedStrings = KEYS.map((key) =>
    SHARED_KEYS.has(key) ? new SharedValues<string>() : undefined,
  );
  private readonly headerKeyLists = new SharedValues<readonly string[]>();
  /** The key that followed each key (by id; the last slot for the first key) last time. */
  private readonly nextKey = new Int8Array(KEYS.length + 1);
  /** Index just after the value `readHeaderKeys` or `readString` read last. */
  private valueEnd = 0;
  /** Bit `id` set: key `id` is made into the record; the others are only checked. */
  private readonly keptKeys: number;
  /** `hashText` of the IP and the account of the last record read, when it had them. */
  private addressHash: number | undefined;
  private accountHash: number | undefined;

  /**
   * `keys`: the keys to put in the records, by default all; the others are read and checked
   * (a line is in the fast form or not whatever keys are kept) but not decoded.
   */
  constructor(keys: readonly string[] = KEYS) {
    this.keptKeys = KEYS.reduce(
      (mask, key, id) => (keys.includes(key) ? mask | (1 << id) : mask),
      0,
    );
  }

  /**
   * The record on `bytes[start, end)` (a line without its line feed), or undefined when the
   * line is not in the exporter's form (it may still be JSON: ask `JSON.parse`).
   */
  parse(bytes: Buffer, start: number, end: number): TcellEventRecord | undefined {
    if (end - start < 2 || bytes[start] !== OPEN_BRACE || bytes[end - 1] !== CLOSE_BRACE) {
      return undefined;
    }
    // Each step checks every byte up to the next key, so the whole line is accounted for.
    const record: ParsedRecord = {};
    this.addressHash = undefined;
    this.accountHash = undefined;
    let seen = 0;
    let previous: number = KEYS.length;
    let at = start + 1;
    if (at === end - 1) return record as unknown as TcellEventRecord;
    for (;;) {
      if (bytes[at] !== QUOTE) return undefined;
      const id = this.keyId(bytes, at + 1, end, previous);
      if (id === -1 || (seen & (1 << id)) !== 0) return undefined;
      const keyEnd = at + 1 + KEY_BYTES[id].length;
      if (bytes[keyEnd + 1] !== COLON) return undefined;
      seen |= 1 << id;
      previous = id;

      const valueStart = keyEnd + 2;
      if (id === USER_VALID) {
        let valid: boolean;
        if (matches(bytes, valueStart, end, TRUE_BYTES)) valid = true;
        else if (matches(bytes, valueStart, end, FALSE_BYTES)) valid = false;
        else return undefined;
        this.valueEnd = valueStart + (valid ? 4 : 5);
        if ((this.keptKeys & (1 << id)) !== 0) record.user_valid = valid;
      } else if (id === HEADER_KEYS) {
        const keys = this.readHeaderKeys(bytes, valueStart, end);
        if (keys === undefined) return undefined;
        if ((this.keptKeys & (1 << id)) !== 0) record.header_keys = keys;
      } else {
        const text = this.readString(id, bytes, valueStart, end);
        if (text === undefined) return undefined;
        if ((this.keptKeys & (1 << id)) !== 0) setString(record, id, text);
      }

      const valueEnd = this.valueEnd;
      if (bytes[valueEnd] === COMMA) at = valueEnd + 1;
      else if (valueEnd === end - 1) return record as unknown as TcellEventRecord;
      else return undefined;
    }
  }

  /** `hashText` of the `remote_addr` of the record `parse` returned last, if it has one. */
  get lastAddressHash(): number | undefined {
    return this.addressHash;
  }

  /** `hashText` of the `user_id` of the record `parse` returned last, if it has one. */
  get lastAccountHash(): number | undefined {
    return this.accountHash;
  }

  /** The string that opens at `open` (a quote, or not a string: undefined), for key `id`. */
  private readString(id: number, bytes: Buffer, open: number, end: number): string | undefined {
    if (bytes[open] !== QUOTE) return undefined;
    const kept = (this.keptKeys & (1 << id)) !== 0;
    const shared = kept ? this.sharedStrings[id] : undefined;
    if (shared === undefined) {
      // Short and varied: one pass finds the end and checks the bytes.
      const hashed = id === REMOTE_ADDR || id === USER_ID;
      const close = hashed
        ? plainStringEndHashed(bytes, open + 1, end)
        : plainStringEnd(bytes, open + 1, end);
      if (close === -1) return undefined;
      this.valueEnd = close + 1;
      if (id === REMOTE_ADDR) this.addressHash = lastScannedHash();
      else if (id === USER_ID) this.accountHash = lastScannedHash();
      return kept ? latin1(bytes, open + 1, close) : '';
    }

    // Long and recurring: find the end natively, and compare the bytes with the kept values'
    // (equal bytes are plain: only plain values are kept).
    const close = bytes.indexOf(QUOTE, open + 1);
    if (close === -1 || close >= end) return undefined;
    this.valueEnd = close + 1;
    const hash = sampleHash(bytes, open + 1, close);
    const found = shared.find(bytes, open + 1, close, hash);
    if (found !== undefined || plainStringEnd(bytes, open + 1, end) !== close) return found;
    const text = latin1(bytes, open + 1, close);
    return shared.keep(bytes, open + 1, close, hash, LITERALS.get(text) ?? text);
  }

  /** The list of strings that opens at `open` (`[`), or undefined when it is not one. */
  private readHeaderKeys(bytes: Buffer, open: number, end: number): readonly string[] | undefined {
    if (bytes[open] !== OPEN_BRACKET) return undefined;
    // A kept list has no `]` inside its strings, so its first `]` is its end.
    const firstClose = bytes.indexOf(CLOSE_BRACKET, open + 1);
    if (firstClose !== -1 && firstClose < end) {
      const hash = sampleHash(bytes, open, firstClose + 1);
      const found = this.headerKeyLists.find(bytes, open, firstClose + 1, hash);
      if (found !== undefined) {
        this.valueEnd = firstClose + 1;
        return found;
      }
    }

    const keys: string[] = [];
    let at = open + 1;
    if (bytes[at] !== CLOSE_BRACKET) {
      for (;;) {
        if (bytes[at] !== QUOTE) return undefined;
        const close = plainStringEnd(bytes, at + 1, end);
        if (close === -1) return undefined;
        keys.push(latin1(bytes, at + 1, close));
        at = close + 1;
        if (bytes[at] !== COMMA) break;
        at += 1;
      }
      if (bytes[at] !== CLOSE_BRACKET) return undefined;
    }
    this.valueEnd = at + 1;
    // A list with `]` inside a key is not kept: the lookup above, which stops at the first `]`,
    // could never find it.
    if (at !== firstClose) return keys;
    // Shared by every record with this list, so nobody may change it.
    const hash = sampleHash(bytes, open, at + 1);
    return this.headerKeyLists.keep(bytes, open, at + 1, hash, Object.freeze(keys));
  }

  /**
   * The id of the key whose name starts at `from` and is followed by its closing quote, trying
   * first the key that followed `previous` last time; -1 for any other key.
   */
  private keyId(bytes: Buffer, from: number, end: number, previous: number): number {
    const guess = this.nextKey[previous];
    if (isKey(bytes, from, end, guess)) return guess;
    for (let id = 0; id < KEY_BYTES.length; id++) {
      if (id !== guess && isKey(bytes, from, end, id)) {
        this.nextKey[previous] = id;
        return id;
      }
    }
    return -1;
  }
}

function isKey(bytes: Buffer, from: number, end: number, id: number): boolean {
  const key = KEY_BYTES[id];
  return matches(bytes, from, end, key) && bytes[from + key.length] === QUOTE;
}

function setString(record: ParsedRecord, id: number, value: string): void {
  switch (id) {
    case 0:
      record.event_type = value;
      break;
    case 1:
      record.event_name = value;
      break;
    case 2:
      record.user_id = value;
      break;
    case 4:
      record.session = value;
      break;
    case 5:
      record.user_agent = value;
      break;
    case 6:
      record.referrer = value;
      break;
    case 7:
      record.remote_addr = value;
      break;
    case 9:
      record.document_uri = value;
      break;
    case 10:
      record.password_id = value;
      break;
    case 11:
      record.event_time = value;
      break;
    case 12:
      record.trace_id = value;
      break;
    case 13:
      record.span_id = value;
      break;
    case 14:
      record.event_id = value;
      break;
    default:
      record.password_spray_id = value;
  }
}
