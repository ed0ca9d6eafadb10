import assert from 'node:assert/strict';
import { newLoginId } from '../../src/login-id';

describe('newLoginId', () => {
  it('should give 32 lower-case hex characters, never the same twice across pool refills', () => {
    // 1,000 ids use the 256-id pool four times over.
    const ids = Array.from({ length: 1000 }, () => newLoginId());
    for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal(new Set(ids).size, ids.length);
  });
});
