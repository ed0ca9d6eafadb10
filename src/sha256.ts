/**
 * SHA-256 (FIPS 180-4) compression in plain JavaScript, for the HMACs of short login fields.
 *
 * Node's `createHmac` builds a fresh OpenSSL context per call: a few microseconds in a loop, and
 * three to four times that inside a busy server, where the library's code and tables fall out
 * of the CPU caches between two logins. A login hashes two or three short strings under keys
 * fixed at start-up, so the key's inner and outer blocks are compressed once (hmac-sha256.ts)
 * and each HMAC then costs two compressions over a few hundred bytes of tables. SHA-256 has no
 * secret-dependent branches or table indexes, so this is as constant-time as OpenSSL's.
 */

/** Bytes in one SHA-256 block. */
export const BLOCK_BYTES = 64;

/** The initial hash value H(0). */
export const INITIAL_STATE: readonly number[] = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/** The 64 round constants K. */
const ROUND_CONSTANTS = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** The message schedule, reused by every compression (JavaScript runs one at a time). */
const schedule = new Int32Array(64);

/**
 * Compresses the 64-byte block of `bytes` at `offset` into `state` (eight 32-bit words, updated
 * in place).
 */
export function compressBlock(state: Int32Array, bytes: Uint8Array, offset: number): void {
  const w = schedule;
  for (let index = 0; index < 16; index++) {
    const at = offset + index * 4;
    w[index] = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
  }
  for (let index = 16; index < 64; index++) {
    const a = w[index - 15];
    const b = w[index - 2];
    const sigma0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const sigma1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[index] = (w[index - 16] + sigma0 + w[index - 7] + sigma1) | 0;
  }

  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let round = 0; round < 64; round++) {
    const sum1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const choice = (e & f) ^ (~e & g);
    const t1 = (h + sum1 + choice + ROUND_CONSTANTS[round] + w[round]) | 0;
    const sum0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const majority = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (sum0 + majority) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

/**
 * Finishes a hash whose state has absorbed `before` bytes already (whole blocks): compresses the
 * `length` bytes at the start of `bytes`, then the padding and the total bit length. `bytes`
 * must have room for the padding: at least `length` rounded up to a block, plus one block.
 */
export function finishHash(
  state: Int32Array,
  bytes: Uint8Array,
  length: number,
  before: number,
): void {
  let offset = 0;
  for (; offset + BLOCK_BYTES <= length; offset += BLOCK_BYTES) {
    compressBlock(state, bytes, offset);
  }

  let end = length;
  bytes[end++] = 0x80;
  const blockEnd = offset + (end - offset <= BLOCK_BYTES - 8 ? BLOCK_BYTES : 2 * BLOCK_BYTES);
  bytes.fill(0, end, blockEnd - 8);
  // Messages here are far below 2^32 bytes; the high word of the 64-bit length is the carry.
  const bits = (before + length) * 8;
  const high = Math.floor(bits / 0x100000000);
  writeWord(bytes, blockEnd - 8, high);
  writeWord(bytes, blockEnd - 4, bits >>> 0);
  for (; offset < blockEnd; offset += BLOCK_BYTES) compressBlock(state, bytes, offset);
}

/** Writes one 32-bit word big-endian at `offset`. */
export function writeWord(bytes: Uint8Array, offset: number, word: number): void {
  bytes[offset] = word >>> 24;
  bytes[offset + 1] = (word >>> 16) & 0xff;
  bytes[offset + 2] = (word >>> 8) & 0xff;
  bytes[offset + 3] = word & 0xff;
}
