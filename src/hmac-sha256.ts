import { createHash, createHmac } from 'node:crypto';
import { BLOCK_BYTES, compressBlock, finishHash, INITIAL_STATE, writeWord } from './sha256';

/** Bytes of a SHA-256 digest. */
const DIGEST_BYTES = 32;
/** Longest UTF-8 message hashed in JavaScript; longer ones go to node:crypto. */
const MAX_FAST_MESSAGE_BYTES = 2048;
/** Keys kept with their absorbed pads; a process has two or three (session, password). */
const MAX_CACHED_KEYS = 16;

/** A key with its inner and outer pads compressed, ready for any number of HMACs. */
interface PreparedKey {
  inner: Int32Array;
  outer: Int32Array;
}

const HEX_DIGITS = '0123456789abcdef';
const encoder = new TextEncoder();
// Message, padding and the length block: the largest fast message plus two blocks.
const scratch = new Uint8Array(MAX_FAST_MESSAGE_BYTES + 2 * BLOCK_BYTES);
const messageArea = scratch.subarray(0, MAX_FAST_MESSAGE_BYTES);
const working = new Int32Array(8);
const preparedKeys = new Map<string, PreparedKey>();

/**
 * HMAC-SHA256 (RFC 2104) of `message` under `key`, both taken as UTF-8 like node:crypto takes
 * strings, as lower-case hex cut to `length` characters (at most 64). Equal to
 * `createHmac('sha256', key).update(message, 'utf8').digest('hex').slice(0, length)`; the tests
 * compare the two over arbitrary strings, lone surrogates included.
 */
export function hmacSha256Hex(key: string, message: string, length: number): string {
  const wanted = Math.max(0, Math.min(Math.trunc(length), 2 * DIGEST_BYTES));
  // encodeInto writes whole characters only, so `read` short of the length means "too long".
  if (message.length > MAX_FAST_MESSAGE_BYTES) return nodeHmacHex(key, message, wanted);
  const { read, written } = encoder.encodeInto(message, messageArea);
  if (read !== message.length) return nodeHmacHex(key, message, wanted);

  const prepared = preparedKey(key);
  working.set(prepared.inner);
  finishHash(working, scratch, written, BLOCK_BYTES);
  for (let index = 0; index < 8; index++) writeWord(scratch, index * 4, working[index]);
  working.set(prepared.outer);
  finishHash(working, scratch, DIGEST_BYTES, BLOCK_BYTES);
  // The outer hash wrote over the first block; the rest of a longer message (the end of a
  // password, say) would stay in this long-lived buffer until a longer one came.
  if (written > BLOCK_BYTES) scratch.fill(0, BLOCK_BYTES, written);
  return toHex(working, wanted);
}

/**
 * SHA-256 of `message` (UTF-8) as lower-case hex cut to `length` characters (at most 64); equal
 * to `createHash('sha256').update(message, 'utf8').digest('hex').slice(0, length)`.
 */
export function sha256Hex(message: string, length: number): string {
  const wanted = Math.max(0, Math.min(Math.trunc(length), 2 * DIGEST_BYTES));
  if (message.length > MAX_FAST_MESSAGE_BYTES) return nodeHashHex(message, wanted);
  const { read, written } = encoder.encodeInto(message, messageArea);
  if (read !== message.length) return nodeHashHex(message, wanted);

  working.set(INITIAL_STATE);
  finishHash(working, scratch, written, 0);
  return toHex(working, wanted);
}

function nodeHashHex(message: string, length: number): string {
  return createHash('sha256').update(message, 'utf8').digest('hex').slice(0, length);
}

function nodeHmacHex(key: string, message: string, length: number): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('hex').slice(0, length);
}

function preparedKey(key: string): PreparedKey {
  const known = preparedKeys.get(key);
  if (known !== undefined) return known;

  let keyBytes: Uint8Array = Buffer.from(key, 'utf8');
  if (keyBytes.length > BLOCK_BYTES) keyBytes = createHash('sha256').update(keyBytes).digest();
  const innerPad = new Uint8Array(BLOCK_BYTES).fill(0x36);
  const outerPad = new Uint8Array(BLOCK_BYTES).fill(0x5c);
  for (let index = 0; index < keyBytes.length; index++) {
    innerPad[index] ^= keyBytes[index];
    outerPad[index] ^= keyBytes[index];
  }
  const prepared = { inner: new Int32Array(INITIAL_STATE), outer: new Int32Array(INITIAL_STATE) };
  compressBlock(prepared.inner, innerPad, 0);
  compressBlock(prepared.outer, outerPad, 0);

  if (preparedKeys.size >= MAX_CACHED_KEYS) preparedKeys.clear();
  preparedKeys.set(key, prepared);
  return prepared;
}

function toHex(state: Int32Array, length: number): string {
  let hex = '';
  for (let index = 0; hex.length < length; index++) {
    const word = state[index >> 3];
    hex += HEX_DIGITS[(word >>> (28 - 4 * (index & 7))) & 0xf];
  }
  return hex;
}
