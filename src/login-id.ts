import { randomBytes } from 'node:crypto';

/** Random bytes drawn at a time: 256 ids per call into the CSPRNG. */
const POOL_BYTES = 4096;
const ID_BYTES = 16;

let pool = Buffer.alloc(0);
let offset = 0;

/**
 * A new login id (`tcell.login.id`): 16 bytes from the CSPRNG as 32 hex characters. The bytes
 * are drawn 4 KiB at a time, as `crypto.randomUUID` does, because one `randomBytes` call per
 * login costs more than the rest of the id; each byte is still used for one id only.
 */
export function newLoginId(): string {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}
