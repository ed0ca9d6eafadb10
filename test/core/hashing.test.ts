import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { passwordFingerprint, sessionHmac } from '../../src/hashing';

describe('hashing', () => {
  it('should give the first 32 hex characters of HMAC-SHA256 for a session', () => {
    const expected = createHmac('sha256', 'app-key')
      .update('124KDJFL3234')
      .digest('hex')
      .slice(0, 32);
    assert.equal(sessionHmac('app-key', '124KDJFL3234'), expected);
    assert.match(expected, /^[0-9a-f]{32}$/);
  });

  it('should fingerprint app id, password and user id joined by colons, 8 hex characters', () => {
    const expected = createHmac('sha256', 'pw-key')
      .update('my-app:s3cret:tcell@tcell.io')
      .digest('hex');
    assert.equal(
      passwordFingerprint('pw-key', 'my-app', 's3cret', 'tcell@tcell.io'),
      expected.slice(0, 8),
    );
  });

  it('should drop the user id part when there is no user id', () => {
    const expected = createHmac('sha256', 'pw-key')
      .update('my-app:s3cret')
      .digest('hex')
      .slice(0, 8);
    assert.equal(passwordFingerprint('pw-key', 'my-app', 's3cret', undefined), expected);
  });

  it('should hash UTF-8 bytes of non-ASCII input', () => {
    const expected = createHmac('sha256', Buffer.from('clé', 'utf8'))
      .update(Buffer.from('sessión', 'utf8'))
      .digest('hex')
      .slice(0, 32);
    assert.equal(sessionHmac('clé', 'sessión'), expected);
  });
});
