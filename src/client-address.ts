import { BlockList, isIP } from 'node:net';
import type { HttpRequestLike } from './types';

/** One network of trusted proxies, in CIDR form (a single address has the full prefix). */
export interface TrustedNetwork {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** How the client address of a request is found; built once from the configuration. */
export interface ClientAddressSettings {
  /** Take the client address from `headerName` when the socket peer is a trusted proxy. */
  reverseProxy: boolean;
  /** Lower-case name of the header the proxies append the client address to. */
  headerName: string;
  /** The addresses of trusted proxies. */
  trustedProxies: BlockList;
}

/** Header the client address is read from when none is configured. */
export const DEFAULT_CLIENT_ADDRESS_HEADER = 'x-forwarded-for';

/** Trusted proxies when none are configured: loopback and the private ranges. */
export const DEFAULT_TRUSTED_PROXIES = 'loopback,private';

/** Most header entries looked at, from the right; a longer list is cut at its left. */
export const MAX_PROXY_HOPS = 32;

const NAMED_NETWORKS: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  // RFC 1918 and RFC 4193 unique local addresses.
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/**
 * Normalises one address as proxies and sockets write it: `1.2.3.4`, `1.2.3.4:5678`,
 * `2001:db8::1`, `[2001:db8::1]:443`, `fe80::1%eth0`, `::ffff:1.2.3.4`. IPv4-mapped IPv6 becomes
 * plain IPv4, IPv6 takes its canonical compressed lower-case form, the zone is dropped.
 * Returns undefined for anything that is not an IP address.
 */
export function parseIpAddress(text: string): string | undefined {
  let candidate = text.trim();
  if (candidate.startsWith('[')) {
    const close = candidate.indexOf(']');
    const rest = close === -1 ? '' : candidate.slice(close + 1);
    if (close === -1 || (rest !== '' && !/^:\d{1,5}$/.test(rest))) return undefined;
    candidate = candidate.slice(1, close);
    if (isIP(withoutZone(candidate)) !== 6) return undefined;
  } else {
    const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(candidate);
    if (withPort !== null) candidate = withPort[1];
  }

  candidate = withoutZone(candidate);
  const family = isIP(candidate);
  if (family === 4) return candidate;
  if (family !== 6) return undefined;
  return canonicalIpv6(candidate);
}

/**
 * Parses a comma list of trusted proxies: addresses, CIDR networks (`10.0.0.0/8`, `fc00::/7`)
 * and the names `loopback` and `private`. Entries that are none of these are returned in
 * `invalid`, for the configuration to name.
 */
export function parseTrustedProxies(text: string): {
  networks: TrustedNetwork[];
  invalid: string[];
} {
  const networks: TrustedNetwork[] = [];
  const invalid: string[] = [];
  for (const entry of text.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const named = NAMED_NETWORKS[entry.toLowerCase()];
    const parsed = named === undefined ? [parseNetwork(entry)] : named.map(parseNetwork);
    for (const network of parsed) {
      if (network === undefined) invalid.push(entry);
      else networks.push(network);
    }
  }
  return { networks, invalid };
}

/** Builds the settings the request path uses from the parsed configuration. */
export function createClientAddressSettings(options: {
  reverseProxy: boolean;
  headerName: string;
  trustedProxies: readonly TrustedNetwork[];
}): ClientAddressSettings {
  const trustedProxies = new BlockList();
  for (const { address, prefix, family } of options.trustedProxies) {
    trustedProxies.addSubnet(address, prefix, family);
  }
  return {
    reverseProxy: options.reverseProxy,
    headerName: options.headerName.toLowerCase(),
    trustedProxies,
  };
}

/**
 * The client address of a request. Without reverse-proxy mode, or when the socket peer is not
 * a trusted proxy, it is the socket peer: nothing the client sends can change it. Otherwise the
 * header's comma list is walked from the right, the end the nearest proxy appended to: trusted
 * proxies are skipped and the first address that is not one is the client. The walk stops at
 * an entry that is no IP address rather than step past it into entries the client may have
 * written; the last address known so far is then the answer.
 */
export function resolveClientAddress(
  socketPeer: string | undefined,
  headerValue: string | readonly string[] | undefined,
  settings: ClientAddressSettings,
): string | undefined {
  const peer = socketPeer === undefined ? undefined : parseIpAddress(socketPeer);
  if (!settings.reverseProxy || peer === undefined || headerValue === undefined) return peer;
  if (!isTrustedProxy(peer, settings)) return peer;

  const entries = (typeof headerValue === 'string' ? headerValue : headerValue.join(','))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .slice(-MAX_PROXY_HOPS);

  let client = peer;
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const address = parseIpAddress(entries[index]);
    if (address === undefined) break;
    client = address;
    if (!isTrustedProxy(address, settings)) break;
  }
  return client;
}

let activeSettings: ClientAddressSettings | undefined;

/** Installs (or, with undefined, removes) the settings `clientAddressOf` uses. */
export function useClientAddressSettings(settings: ClientAddressSettings | undefined): void {
  activeSettings = settings;
}

/** The client address of a Node HTTP request under the installed settings. */
export function clientAddressOf(request: HttpRequestLike): string | undefined {
  const peer = request.socket?.remoteAddress;
  if (activeSettings === undefined || !activeSettings.reverseProxy) return peer;
  return resolveClientAddress(peer, request.headers?.[activeSettings.headerName], activeSettings);
}

function isTrustedProxy(address: string, settings: ClientAddressSettings): boolean {
  return settings.trustedProxies.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

function parseNetwork(entry: string): TrustedNetwork | undefined {
  const slash = entry.indexOf('/');
  const address = parseIpAddress(slash === -1 ? entry : entry.slice(0, slash));
  if (address === undefined) return undefined;

  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  const bits = family === 'ipv4' ? 32 : 128;
  if (slash === -1) return { address, prefix: bits, family };
  const prefixText = entry.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return undefined;
  return { address, prefix: Number(prefixText), family };
}

function withoutZone(address: string): string {
  const zone = address.indexOf('%');
  return zone === -1 ? address : address.slice(0, zone);
}

/** RFC 5952 form through the WHATWG URL parser; a mapped IPv4 address becomes dotted IPv4. */
function canonicalIpv6(address: string): string | undefined {
  let host: string;
  try {
    host = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped === null) return host;
  const high = parseInt(mapped[1], 16);
  const low = parseInt(mapped[2], 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
