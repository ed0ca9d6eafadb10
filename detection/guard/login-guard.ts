import { isIP } from 'node:net';
import { BoundedMap } from '../bounded-map';
import type { Detector } from '../detector';
import type { DetectionAlert, RuleName } from '../types';

/** Options of the guard. */
export interface LoginGuardOptions {
  /** How long a flagged IP or account+IP is answered 429, in seconds; default 900. */
  blockSeconds?: number;
  /** Rules whose alerts block; all by default. */
  rules?: RuleName[];
  /** Most blocks held at once; the least recently used is forgotten. Default 20,000. */
  maxBlocks?: number;
  /** The clock, in milliseconds; for tests. */
  now?: () => number;
}

/** What the guard decided for one request. */
export interface GuardDecision {
  blocked: boolean;
  /** Seconds until the block ends, rounded up; 0 when not blocked. */
  retryAfterSeconds: number;
  /** The rule behind the block. */
  rule?: RuleName;
}

/** Rules whose alert names one account, so only that account from that IP is blocked. */
const ACCOUNT_RULES: ReadonlySet<RuleName> = new Set(['brute-force', 'takeover-suspected']);

const ALLOWED: GuardDecision = Object.freeze({ blocked: false, retryAfterSeconds: 0 });

/**
 * The core of the guard middlewares: turns alerts into blocks and answers whether a request
 * from an IP (and for an account) is blocked. Blocks follow the wall clock, since they act on
 * live requests. Brute force and takeover block the account from the IP that fired; other rules
 * block the IP.
 */
export class LoginGuard {
  private readonly blockMs: number;
  private readonly rules: ReadonlySet<RuleName> | undefined;
  private readonly blocks: BoundedMap<string, { until: number; rule: RuleName }>;
  private readonly now: () => number;

  constructor(options: LoginGuardOptions = {}) {
    this.blockMs = (options.blockSeconds ?? 900) * 1000;
    this.rules = options.rules === undefined ? undefined : new Set(options.rules);
    this.blocks = new BoundedMap(options.maxBlocks ?? 20_000);
    this.now = options.now ?? Date.now;
  }

  /** Blocks on every alert the detector raises from now on; returns a function that stops. */
  follow(detector: Detector): () => void {
    return detector.onAlert((alert) => this.protect(alert));
  }

  /** Blocks the IP, or account+IP, that an alert names. */
  protect(alert: DetectionAlert): void {
    if (this.rules !== undefined && !this.rules.has(alert.rule)) return;
    const address = alert.trigger.remote_addr;
    if (address === undefined) return;
    const account = ACCOUNT_RULES.has(alert.rule) ? alert.trigger.user_id : undefined;
    const key = account === undefined ? ipKey(address) : accountKey(address, account);
    this.blocks.set(key, { until: this.now() + this.blockMs, rule: alert.rule });
  }

  /** Whether a request from `remoteAddress`, for `account` if known, is to be answered 429. */
  check(remoteAddress: string | undefined, account?: string): GuardDecision {
    if (remoteAddress === undefined) return ALLOWED;
    const address = normaliseAddress(remoteAddress);
    const now = this.now();
    const keys = [ipKey(address)];
    if (account !== undefined) keys.push(accountKey(address, account));
    for (const key of keys) {
      const block = this.blocks.peek(key);
      if (block === undefined) continue;
      if (block.until <= now) {
        this.blocks.delete(key);
        continue;
      }
      return {
        blocked: true,
        retryAfterSeconds: Math.ceil((block.until - now) / 1000),
        rule: block.rule,
      };
    }
    return ALLOWED;
  }

  /** Number of blocks held, expired ones included until they are next looked at. */
  get size(): number {
    return this.blocks.size;
  }
}

function ipKey(address: string): string {
  return `ip ${address}`;
}

function accountKey(address: string, account: string): string {
  return `account ${address} ${account}`;
}

/** The form the events use: IPv4-mapped IPv6 as plain IPv4, IPv6 in lower case. */
function normaliseAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped !== null) return mapped[1];
  return isIP(address) === 6 ? address.toLowerCase() : address;
}
