import { randomBytes } from 'node:crypto';
import { parseEventFormat } from '../exporters/formats/types';
import type { EventFormat } from '../exporters/formats/types';
import type { TrustedNetwork } from './client-address';
import {
  DEFAULT_CLIENT_ADDRESS_HEADER,
  DEFAULT_TRUSTED_PROXIES,
  parseTrustedProxies,
} from './client-address';
import { quoteConfigValue, readPositiveInteger } from './config-values';
import { DEFAULT_QUIET_PERIOD_MS, warnProblem } from './diagnostics';

/** Settings of the hooks, read from `TCELL_*` environment variables or passed in code. */
export interface TcellConfig {
  /** `TCELL_AGENT_ENABLED`: when false, every hook returns at once. */
  enabled: boolean;
  /** `TCELL_AGENT_APP_ID`: application id, the fallback HMAC key and part of the password fingerprint. */
  appId?: string;
  /** `TCELL_AGENT_API_KEY`: bearer token for the ingest endpoint. */
  apiKey?: string;
  /** `TCELL_HMAC_KEY`: key of the session-id HMAC. */
  hmacKey?: string;
  /** `TCELL_PASSWORD_HMAC_KEY`: key of the password fingerprint; no key, no fingerprint. */
  passwordHmacKey?: string;
  /** `TCELL_HIPAA_SAFE_MODE`: send user id and referrer as HMACs. */
  hipaaSafeMode: boolean;
  /** `TCELL_EVENTS_FILE`: the JSON Lines file for events; `-` for standard output. */
  eventsFile: string;
  /** `TCELL_EVENTS_FORMAT`: record format of the events file: tcell (default), ocsf or ecs. */
  eventsFormat: EventFormat;
  /** `TCELL_OCSF_FILE`: an extra JSON Lines file of OCSF records; `-` for standard output. */
  ocsfFile?: string;
  /** `TCELL_ECS_FILE`: an extra JSON Lines file of ECS documents; `-` for standard output. */
  ecsFile?: string;
  /** `TCELL_INPUT_URL`: where events are posted. */
  inputUrl?: string;
  /** `TCELL_AGENT_HOST_IDENTIFIER`: host name reported with events. */
  hostIdentifier?: string;
  /** `TCELL_LOG_LEVEL`: level of the diagnostics the preload prints. */
  logLevel?: string;
  /** `TCELL_REVERSE_PROXY`: take the client address from a header trusted proxies append to. */
  reverseProxy: boolean;
  /** `TCELL_REVERSE_PROXY_IP_ADDRESS_HEADER`: that header; `X-Forwarded-For` by default. */
  reverseProxyIpAddressHeader: string;
  /** `TCELL_TRUSTED_PROXIES`: the proxies whose header entries count; loopback and private. */
  trustedProxies: TrustedNetwork[];
  /** `TCELL_PASSPORT`: record passport-local logins without a hook call. */
  passportLoginEvents: boolean;
  /** `TCELL_TRACING`: false starts no HTTP tracing (log events only); unset decides from OTEL_*. */
  tracing?: boolean;
  /** `TCELL_DIAGNOSTIC_INTERVAL_SECONDS`: each kind of problem is logged at most this often. */
  diagnosticIntervalSeconds: number;
}

/** One configuration error, named for the person who set it. */
export interface ConfigProblem {
  /** The environment variable, for example `TCELL_INPUT_URL`. */
  variable: string;
  /** What is wrong with its value and what is expected; never the value of a secret. */
  message: string;
}

/** Default file for events when `TCELL_EVENTS_FILE` is not set. */
export const DEFAULT_EVENTS_FILE = './tcell-events.jsonl';

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);
// An HTTP header name (RFC 9110 token).
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const LOG_LEVELS = new Set(['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all']);

/**
 * Reads the configuration from an environment. Problems are returned, not thrown: the caller
 * names them at start-up and keeps the hooks off rather than guess.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): {
  config: TcellConfig;
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const value = text(name);
    if (value === undefined) return fallback;
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    problems.push({
      variable: name,
      message: `${quoteConfigValue(value)} is not a boolean word; expected true or false`,
    });
    return fallback;
  };

  const inputUrl = text('TCELL_INPUT_URL');
  const urlProblem = inputUrl === undefined ? undefined : inputUrlProblem(inputUrl);
  if (urlProblem !== undefined) problems.push({ variable: 'TCELL_INPUT_URL', message: urlProblem });
  const logLevel = text('TCELL_LOG_LEVEL')?.trim().toLowerCase();
  if (logLevel !== undefined && !LOG_LEVELS.has(logLevel)) {
    problems.push({
      variable: 'TCELL_LOG_LEVEL',
      message:
        `${quoteConfigValue(logLevel)} is not a log level; ` +
        `expected one of ${[...LOG_LEVELS].join(', ')}`,
    });
  }

  const formatWord = text('TCELL_EVENTS_FORMAT');
  const eventsFormat = formatWord === undefined ? 'tcell' : parseEventFormat(formatWord);
  if (eventsFormat === undefined) {
    problems.push({
      variable: 'TCELL_EVENTS_FORMAT',
      message: `${JSON.stringify(formatWord)} is not a record format; expected tcell, ocsf or ecs`,
    });
  }
  const proxyHeader = text('TCELL_REVERSE_PROXY_IP_ADDRESS_HEADER')?.trim();
  if (proxyHeader !== undefined && !HEADER_NAME.test(proxyHeader)) {
    problems.push({
      variable: 'TCELL_REVERSE_PROXY_IP_ADDRESS_HEADER',
      message: `${JSON.stringify(proxyHeader)} is not a header name; expected e.g. X-Forwarded-For`,
    });
  }
  const trustedProxies = parseTrustedProxies(
    text('TCELL_TRUSTED_PROXIES') ?? DEFAULT_TRUSTED_PROXIES,
  );
  if (trustedProxies.invalid.length > 0) {
    problems.push({
      variable: 'TCELL_TRUSTED_PROXIES',
      message:
        `${JSON.stringify(trustedProxies.invalid.join(','))} is not an address or CIDR network; ` +
        'expected a comma list such as loopback,10.0.0.0/8,fd00::/8',
    });
  }

  const config: TcellConfig = {
    enabled: flag('TCELL_AGENT_ENABLED', true),
    appId: text('TCELL_AGENT_APP_ID'),
    apiKey: text('TCELL_AGENT_API_KEY'),
    hmacKey: text('TCELL_HMAC_KEY'),
    passwordHmacKey: text('TCELL_PASSWORD_HMAC_KEY'),
    hipaaSafeMode: flag('TCELL_HIPAA_SAFE_MODE', false),
    eventsFile: text('TCELL_EVENTS_FILE') ?? DEFAULT_EVENTS_FILE,
    eventsFormat: eventsFormat ?? 'tcell',
    ocsfFile: text('TCELL_OCSF_FILE'),
    ecsFile: text('TCELL_ECS_FILE'),
    inputUrl,
    hostIdentifier: text('TCELL_AGENT_HOST_IDENTIFIER'),
    logLevel,
    reverseProxy: flag('TCELL_REVERSE_PROXY', false),
    reverseProxyIpAddressHeader: proxyHeader ?? DEFAULT_CLIENT_ADDRESS_HEADER,
    trustedProxies: trustedProxies.networks,
    passportLoginEvents: flag('TCELL_PASSPORT', false),
    tracing: text('TCELL_TRACING') === undefined ? undefined : flag('TCELL_TRACING', true),
    diagnosticIntervalSeconds: readPositiveInteger(
      env,
      'TCELL_DIAGNOSTIC_INTERVAL_SECONDS',
      DEFAULT_QUIET_PERIOD_MS / 1000,
      problems,
    ),
  };
  return { config, problems };
}

/** What is wrong with an ingest URL, without quoting it (it may hold credentials). */
function inputUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL; expected an absolute http:// or https:// URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'is not an http:// or https:// URL; expected an absolute http:// or https:// URL';
  }
  // fetch refuses URLs with credentials, so every post would fail; the key has its own variable.
  if (url.username !== '' || url.password !== '') {
    return 'holds a user name or password; expected a URL without them (put the key in TCELL_AGENT_API_KEY)';
  }
  return undefined;
}

let processKey: string | undefined;

/**
 * The key of the session HMAC: `TCELL_HMAC_KEY`, else the app id, else a random key made once
 * per process (then HMACs correlate within this process only). `generated` says which.
 */
export function resolveSessionKey(config: Pick<TcellConfig, 'hmacKey' | 'appId'>): {
  key: string;
  generated: boolean;
} {
  if (config.hmacKey !== undefined) return { key: config.hmacKey, generated: false };
  if (config.appId !== undefined) return { key: config.appId, generated: false };
  processKey ??= randomBytes(32).toString('hex');
  return { key: processKey, generated: true };
}

/**
 * Names each configuration problem once, with the variable, what is wrong and what is
 * expected. With any problem the hooks stay off rather than guess.
 */
export function reportConfigProblems(problems: readonly ConfigProblem[]): void {
  for (const { variable, message } of problems) {
    warnProblem('bad-config', `${variable} ${message}; tcell-hooks stays off`, variable);
  }
}
