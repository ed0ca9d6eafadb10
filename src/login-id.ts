import { randomFillSync } from 'node:crypto';

const ID_BYTES = 16;
// Why a pool: one randomBytes call per login cost about a fifth of the hook's CPU time in the
// no-tracing benchmark (each call enters OpenSSL's generator); one call per 256 ids does not.
const pool = Buffer.alloc(ID_BYTES * 256);
let offset = pool.length;

/** A fresh login id: 16 bytes from the system's secure random generator, as 32 hex characters. */
export function newLoginId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}
