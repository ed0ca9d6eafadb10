import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { hmacSha256Hex, sha256Hex } from '../../src/hmac-sha256';

/** Any UTF-16 text: single code units (lone surrogates included) and whole code points. */
const anyText = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.constantFrom('\ud800', '\udfff', '\u0000', '\u00e9', '\u{1f600}', '\u20ac'),
    ),
    maxLength,
  });

function nodeHmac(key: string, message: string, length: number): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('hex').slice(0, length);
}

describe('hmacSha256Hex', () => {
  it('should match node:crypto around every block and padding boundary', () => {
    const keys = ['k', '', 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(65), 'clé🔑'.repeat(30)];
    for (const key of keys) {
      for (let bytes = 0; bytes <= 200; bytes++) {
        const message = 'm'.repeat(bytes);
        assert.equal(hmacSha256Hex(key, message, 64), nodeHmac(key, message, 64), `${bytes}`);
      }
    }
  });

  it('should match node:crypto for messages at and past the fast-path limit', () => {
    for (const message of [
      'a'.repeat(2047),
      'a'.repeat(2048),
      'a'.repeat(2049),
      'é'.repeat(1024),
      'é'.repeat(1025),
      '€'.repeat(683),
      '😀'.repeat(513),
      'z'.repeat(100_000),
    ]) {
      assert.equal(hmacSha256Hex('key', message, 64), nodeHmac('key', message, 64));
    }
  });

  it('should match node:crypto for arbitrary keys, messages and lengths', () => {
    fc.assert(
      fc.property(anyText(80), anyText(300), fc.integer({ min: 0, max: 64 }), (key, message, n) => {
        assert.equal(hmacSha256Hex(key, message, n), nodeHmac(key, message, n));
      }),
      { numRuns: 3000 },
    );
  });

  it('should clamp the length to the 64 hex characters of a digest', () => {
    const full = nodeHmac('k', 'm', 64);
    assert.equal(hmacSha256Hex('k', 'm', 500), full);
    assert.equal(hmacSha256Hex('k', 'm', -3), '');
    // As String#slice takes a fractional end: cut toward zero.
    assert.equal(hmacSha256Hex('k', 'm', 7.5), full.slice(0, 7.5));
    assert.equal(hmacSha256Hex('k', 'm', Number.NaN), full.slice(0, Number.NaN));
  });

  it('should keep results apart when many keys are used in turn', () => {
    // More keys than the prepared-key cache holds, revisited: a stale entry would show here.
    for (let round = 0; round < 3; round++) {
      for (let index = 0; index < 40; index++) {
        const key = `key-${index}`;
        assert.equal(hmacSha256Hex(key, 'session', 32), nodeHmac(key, 'session', 32));
      }
    }
  });
  it('should leave no byte of a long message in its buffer once it returns', () => {
    // The buffer is private; it is the destination of TextEncoder#encodeInto, which is watched.
    // Long enough to reach past the first 64-byte block, which the outer hash writes over.
    const password = 'correct horse battery staple, then more words for a long passphrase';
    const message = `an-app-id:${password}:someone@example.com`;
    const destinations: Uint8Array[] = [];
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const encodeInto = TextEncoder.prototype.encodeInto;
    TextEncoder.prototype.encodeInto = function (
      this: InstanceType<typeof TextEncoder>,
      text,
      destination,
    ) {
      destinations.push(destination);
      return encodeInto.call(this, text, destination);
    };
    let digest: string;
    try {
      digest = hmacSha256Hex('password-key', message, 8);
    } finally {
      TextEncoder.prototype.encodeInto = encodeInto;
    }

    assert.equal(digest, nodeHmac('password-key', message, 8));
    assert.equal(destinations.length, 1);
    const held = Buffer.from(destinations[0]);
    // Any 8 bytes of the password would do; each slice is looked for.
    for (let start = 0; start + 8 <= password.length; start++) {
      assert.equal(held.indexOf(password.slice(start, start + 8)), -1, `${start}`);
    }
  });
});

describe('sha256Hex', () => {
  it('should match node:crypto for arbitrary text', () => {
    fc.assert(
      fc.property(anyText(3000), fc.integer({ min: 0, max: 64 }), (message, n) => {
        const expected = createHash('sha256').update(message, 'utf8').digest('hex').slice(0, n);
        assert.equal(sha256Hex(message, n), expected);
      }),
      { numRuns: 1500 },
    );
  });

  it('should give the published digest of "abc"', () => {
    // FIPS 180-2, appendix B.1.
    assert.equal(
      sha256Hex('abc', 64),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
