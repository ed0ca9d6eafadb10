import assert from 'node:assert';
import {
  createClientAddressSettings,
  parseIpAddress,
  parseTrustedProxies,
  resolveClientAddress,
} from '../../src/client-address';
import type { ClientAddressSettings } from '../../src/client-address';
import { readConfig } from '../../src/config';

function settings(trusted: string, reverseProxy = true): ClientAddressSettings {
  const { networks, invalid } = parseTrustedProxies(trusted);
  assert.deepStrictEqual(invalid, []);
  return createClientAddressSettings({
    reverseProxy,
    headerName: 'X-Forwarded-For',
    trustedProxies: networks,
  });
}

describe('parseIpAddress', () => {
  const cases: Array<[string, string | undefined]> = [
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['203.0.113.7:51234', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:203.0.113.7', '203.0.113.7'],
    ['::ffff:cb00:7107', '203.0.113.7'],
    ['0:0:0:0:0:ffff:203.0.113.7', '203.0.113.7'],
    ['[::ffff:203.0.113.7]:8080', '203.0.113.7'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['[fe80::1%eth0]:80', 'fe80::1'],
    ['::1', '::1'],
    ['unknown', undefined],
    ['', undefined],
    ['203.0.113', undefined],
    ['203.0.113.256', undefined],
    ['01.2.3.4', undefined],
    ['[2001:db8::1', undefined],
    ['[2001:db8::1]x', undefined],
    ['[203.0.113.7]', undefined],
    ['2001:db8::1:443:x', undefined],
    ['203.0.113.7:port', undefined],
    ['_hidden', undefined],
  ];
  for (const [input, expected] of cases) {
    it(`should read ${JSON.stringify(input)} as ${String(expected)}`, () => {
      assert.strictEqual(parseIpAddress(input), expected);
    });
  }
});

describe('parseTrustedProxies', () => {
  it('should expand the names and read addresses and networks', () => {
    const { networks, invalid } = parseTrustedProxies('loopback, 198.51.100.0/24,2001:db8::/32 ,');
    assert.deepStrictEqual(invalid, []);
    assert.deepStrictEqual(networks, [
      { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
      { address: '::1', prefix: 128, family: 'ipv6' },
      { address: '198.51.100.0', prefix: 24, family: 'ipv4' },
      { address: '2001:db8::', prefix: 32, family: 'ipv6' },
    ]);
  });

  it('should name every entry that is no address or network', () => {
    const { invalid } = parseTrustedProxies(
      '10.0.0.0/33,fc00::/129,proxy.local,10.0.0.0/x,1.2.3.4',
    );
    assert.deepStrictEqual(invalid, ['10.0.0.0/33', 'fc00::/129', 'proxy.local', '10.0.0.0/x']);
  });
});

describe('resolveClientAddress', () => {
  const defaults = settings('loopback,private');

  it('should return the normalised socket peer when reverse-proxy mode is off', () => {
    const off = settings('loopback,private', false);
    assert.strictEqual(resolveClientAddress('::ffff:127.0.0.1', '198.51.100.9', off), '127.0.0.1');
  });

  it('should ignore the header when the socket peer is not a trusted proxy', () => {
    assert.strictEqual(
      resolveClientAddress('203.0.113.50', '198.51.100.9, 127.0.0.1', defaults),
      '203.0.113.50',
    );
  });

  it('should take the rightmost address that is not a trusted proxy', () => {
    // The client forged 198.51.100.9; the proxy appended the real peer, 203.0.113.7.
    assert.strictEqual(
      resolveClientAddress('127.0.0.1', '198.51.100.9, 203.0.113.7, 10.1.2.3', defaults),
      '203.0.113.7',
    );
  });

  it('should read IPv6, mapped, bracketed and port forms in the header and the peer', () => {
    assert.strictEqual(
      resolveClientAddress('::ffff:10.0.0.2', '[2001:DB8::7]:4711, fd00::1', defaults),
      '2001:db8::7',
    );
    assert.strictEqual(
      resolveClientAddress('::1', '::ffff:203.0.113.7, 192.168.1.1:80', defaults),
      '203.0.113.7',
    );
  });

  it('should join repeated header lines in order', () => {
    assert.strictEqual(
      resolveClientAddress('127.0.0.1', ['203.0.113.1', '203.0.113.2, 10.0.0.5'], defaults),
      '203.0.113.2',
    );
  });

  it('should stop at a garbage entry rather than step past it', () => {
    assert.strictEqual(
      resolveClientAddress('127.0.0.1', '198.51.100.9, unknown, 10.0.0.5', defaults),
      '10.0.0.5',
    );
    assert.strictEqual(resolveClientAddress('127.0.0.1', 'garbage', defaults), '127.0.0.1');
  });

  it('should skip empty entries', () => {
    assert.strictEqual(
      resolveClientAddress('127.0.0.1', ' , 203.0.113.7,, ', defaults),
      '203.0.113.7',
    );
    assert.strictEqual(resolveClientAddress('127.0.0.1', '', defaults), '127.0.0.1');
  });

  it('should return the farthest proxy when every entry is a trusted proxy', () => {
    assert.strictEqual(
      resolveClientAddress('127.0.0.1', '10.0.0.9, 10.0.0.5', defaults),
      '10.0.0.9',
    );
  });

  it('should trust only the configured proxies', () => {
    const exact = settings('127.0.0.1,198.51.100.0/24');
    assert.strictEqual(
      resolveClientAddress('127.0.0.1', '203.0.113.7, 10.0.0.5, 198.51.100.20', exact),
      '10.0.0.5',
    );
    assert.strictEqual(resolveClientAddress('::1', '203.0.113.7', exact), '::1');
  });

  it('should return undefined for a socket peer that is no address', () => {
    assert.strictEqual(resolveClientAddress(undefined, '203.0.113.7', defaults), undefined);
    assert.strictEqual(resolveClientAddress('not-an-ip', '203.0.113.7', defaults), undefined);
  });

  it('should look at no more than the last 32 entries', () => {
    const proxies = Array.from({ length: 40 }, (_, index) => `10.0.${index}.1`);
    const header = ['203.0.113.7', ...proxies].join(', ');
    assert.strictEqual(resolveClientAddress('127.0.0.1', header, defaults), '10.0.8.1');
  });
});

describe('readConfig reverse-proxy settings', () => {
  it('should default to the socket peer, X-Forwarded-For, loopback and private ranges', () => {
    const { config, problems } = readConfig({});
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(config.reverseProxy, false);
    assert.strictEqual(config.reverseProxyIpAddressHeader, 'x-forwarded-for');
    assert.deepStrictEqual(
      config.trustedProxies.map(({ address, prefix }) => `${address}/${prefix}`),
      ['127.0.0.0/8', '::1/128', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
    );
  });

  it('should name a malformed trusted proxy list and a bad header name', () => {
    const { problems } = readConfig({
      TCELL_REVERSE_PROXY: 'true',
      TCELL_TRUSTED_PROXIES: '10.0.0.0/8,10.0.0.0/40',
      TCELL_REVERSE_PROXY_IP_ADDRESS_HEADER: 'X Forwarded For',
    });
    assert.deepStrictEqual(
      problems.map(({ variable }) => variable),
      ['TCELL_REVERSE_PROXY_IP_ADDRESS_HEADER', 'TCELL_TRUSTED_PROXIES'],
    );
    assert.match(problems[1].message, /"10\.0\.0\.0\/40" is not an address or CIDR network/);
  });
});
