import assert from 'node:assert/strict';
import {
  normaliseIpAddress,
  splitDocumentUri,
  stripReferrer,
  toBoundedText,
  toTcellHeaderKeys,
} from '../../src/fields';

describe('fields', () => {
  it('should strip query values and keep parameter names in order', () => {
    assert.deepEqual(splitDocumentUri('/login?next=/home&lang=en&flag'), {
      path: '/login',
      query: 'next=&lang=&flag',
    });
    assert.deepEqual(splitDocumentUri('/login'), { path: '/login' });
    assert.deepEqual(splitDocumentUri('/a?b=1#frag'), { path: '/a', query: 'b=' });
  });

  it('should strip referrer query values and drop the fragment', () => {
    assert.equal(stripReferrer('https://x.test/p?token=abc&u=1#f'), 'https://x.test/p?token=&u=');
    assert.equal(stripReferrer('https://x.test/'), 'https://x.test/');
  });

  it('should put caller header keys in tCell form without sorting or merging', () => {
    assert.deepEqual(toTcellHeaderKeys(['Host', 'user-agent', 'HTTP_ACCEPT', 'X-A', 'x-a']), [
      'HOST',
      'USER_AGENT',
      'ACCEPT',
      'X_A',
      'X_A',
    ]);
  });

  it('should normalise IPv4-mapped IPv6 and drop what is not an IP address', () => {
    assert.equal(normaliseIpAddress('::ffff:192.0.2.7'), '192.0.2.7');
    assert.equal(normaliseIpAddress('2001:DB8::1'), '2001:db8::1');
    assert.equal(normaliseIpAddress('[::1]'), '::1');
    assert.equal(normaliseIpAddress('fe80::1%eth0'), 'fe80::1');
    assert.equal(normaliseIpAddress('999.1.1.1'), undefined);
    assert.equal(normaliseIpAddress('not an ip'), undefined);
  });

  it('should stringify numbers, omit null and neutralise control characters', () => {
    assert.equal(toBoundedText(42, 'userId', 100), '42');
    assert.equal(toBoundedText(null, 'userId', 100), undefined);
    assert.equal(toBoundedText('a\nb\r\u0000c', 'userId', 100), 'a b  c');
    assert.equal(toBoundedText('x'.repeat(10), 'userId', 4), 'xxxx...[cut]');
  });
});

describe('header key lists from the application', () => {
  it('should read a bounded number of entries from a huge sparse array', () => {
    // Length 2^32 - 1 and no entries: reading every hole would block for over a minute.
    const sparse = Object.assign([], { length: 2 ** 32 - 1 }) as unknown[];
    assert.deepEqual(toTcellHeaderKeys(sparse), []);
    const mostlyEmpty = Object.assign(['Host'], { length: 2 ** 32 - 1, 9999999: 'Late' });
    assert.deepEqual(toTcellHeaderKeys(mostlyEmpty), ['HOST']);
  });
});

describe('URLs with credentials', () => {
  it('should drop the user name and password of an absolute referrer or document URI', () => {
    assert.equal(
      stripReferrer('https://user:pw-alice-SECRET@x.example/p?q=1'),
      'https://x.example/p?q=',
    );
    assert.deepEqual(splitDocumentUri('http://u:p@h.example/login?a=b'), {
      path: 'http://h.example/login',
      query: 'a=',
    });
    assert.deepEqual(splitDocumentUri('/mail/user@example.com'), {
      path: '/mail/user@example.com',
    });
  });
});
