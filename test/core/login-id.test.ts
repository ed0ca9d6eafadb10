import assert from 'node:assert';
import { newLoginId } from '../../src/login-id';

describe('newLoginId', () => {
  it('should make 32 lower-case hex characters, never the same twice across pool refills', () => {
    const seen = new Set<string>();
    // 10,000 ids span 39 refills of the 256-id pool.
    for (let index = 0; index < 10_000; index++) {
      const id = newLoginId();
      assert.match(id, /^[0-9a-f]{32}$/);
      seen.add(id);
    }
    assert.strictEqual(seen.size, 10_000);
  });

  it('should use every hex digit in every position, as random bytes would', () => {
    const digits = Array.from({ length: 32 }, () => new Set<string>());
    for (let index = 0; index < 2000; index++) {
      const id = newLoginId();
      for (let position = 0; position < 32; position++) digits[position].add(id[position]);
    }
    // 2000 draws of 16 equally likely digits miss one with probability about 16 * (15/16)^2000.
    for (const seen of digits) assert.strictEqual(seen.size, 16);
  });
});
