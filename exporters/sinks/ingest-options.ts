import { hostname } from 'node:os';
import type { ConfigProblem, TcellConfig } from '../../src/config';
import { MAX_TIMER_MS, quoteConfigValue, readPositiveInteger } from '../../src/config-values';
import { parseEventFormat } from '../formats/types';
import type { EventFormat, FormatContext } from '../formats/types';

/** Options of the ingest sink. Every number is a positive integer. */
export interface IngestSinkOptions {
  /** Where batches are posted (`TCELL_INPUT_URL`). */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>` (`TCELL_AGENT_API_KEY`). */
  apiKey?: string;
  /** Put in the envelope (`TCELL_AGENT_APP_ID`). */
  appId?: string;
  /** Put in the envelope (`TCELL_AGENT_HOST_IDENTIFIER`); the host name by default. */
  hostIdentifier?: string;
  /** Most events held, in flight excluded; the oldest are dropped beyond it. Default 2048. */
  maxQueueSize?: number;
  /** Most events in one request. Default 256. */
  maxBatchSize?: number;
  /** Most requests in flight. Default 1, which keeps batches in order at the server. */
  maxConcurrentRequests?: number;
  /** Longest one request may take, in milliseconds. Default 10000. */
  requestTimeoutMs?: number;
  /** Backoff after the first failure, in milliseconds; doubles per failure. Default 500. */
  initialBackoffMs?: number;
  /** Longest backoff, in milliseconds. Default 30000. */
  maxBackoffMs?: number;
  /** Longest `Retry-After` honoured, in milliseconds; longer asks wait this long. Default 300000. */
  maxRetryAfterMs?: number;
  /** How long `shutdown()` keeps delivering before it drops what is left. Default 4000. */
  shutdownDeadlineMs?: number;
  /** Record format of the events in the envelope (`TCELL_INGEST_FORMAT`). Default `tcell`. */
  format?: EventFormat;
  /** Service name for the OCSF and ECS formats. */
  formatContext?: FormatContext;
}

/** The options with every default filled in. */
export type ResolvedIngestSinkOptions = Required<
  Omit<IngestSinkOptions, 'apiKey' | 'appId' | 'formatContext'>
> &
  Pick<IngestSinkOptions, 'apiKey' | 'appId' | 'formatContext'>;

/** Variables that tune the ingest sink, and the option each sets. */
const TUNING_VARIABLES = {
  TCELL_INGEST_MAX_QUEUE_SIZE: 'maxQueueSize',
  TCELL_INGEST_MAX_BATCH_SIZE: 'maxBatchSize',
  TCELL_INGEST_MAX_CONCURRENT_REQUESTS: 'maxConcurrentRequests',
  TCELL_INGEST_TIMEOUT_MS: 'requestTimeoutMs',
  TCELL_INGEST_INITIAL_BACKOFF_MS: 'initialBackoffMs',
  TCELL_INGEST_MAX_BACKOFF_MS: 'maxBackoffMs',
  TCELL_INGEST_SHUTDOWN_DEADLINE_MS: 'shutdownDeadlineMs',
} as const;

/** Fills in defaults. */
export function resolveIngestSinkOptions(options: IngestSinkOptions): ResolvedIngestSinkOptions {
  return {
    url: options.url,
    apiKey: options.apiKey,
    appId: options.appId,
    hostIdentifier: options.hostIdentifier ?? hostname(),
    maxQueueSize: options.maxQueueSize ?? 2048,
    maxBatchSize: options.maxBatchSize ?? 256,
    maxConcurrentRequests: options.maxConcurrentRequests ?? 1,
    requestTimeoutMs: Math.min(options.requestTimeoutMs ?? 10_000, MAX_TIMER_MS),
    initialBackoffMs: Math.min(options.initialBackoffMs ?? 500, MAX_TIMER_MS),
    maxBackoffMs: Math.min(options.maxBackoffMs ?? 30_000, MAX_TIMER_MS),
    maxRetryAfterMs: Math.min(options.maxRetryAfterMs ?? 300_000, MAX_TIMER_MS),
    shutdownDeadlineMs: Math.min(options.shutdownDeadlineMs ?? 4000, MAX_TIMER_MS),
    format: options.format ?? 'tcell',
    formatContext: options.formatContext,
  };
}

/** The largest queue, batch or concurrency a tuning variable may ask for. */
const MAX_TUNING_SIZE = 10_000_000;

/**
 * The ingest sink options from the configuration and the `TCELL_INGEST_*` tuning variables, or
 * undefined when `TCELL_INPUT_URL` is not set. A tuning variable that is not a positive integer
 * is a problem, named like the other configuration problems.
 */
export function ingestSinkOptionsFromEnv(
  config: Pick<TcellConfig, 'inputUrl' | 'apiKey' | 'appId' | 'hostIdentifier'>,
  env: NodeJS.ProcessEnv = process.env,
): { options?: IngestSinkOptions; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  if (config.inputUrl === undefined) return { problems };

  const options: IngestSinkOptions = {
    url: config.inputUrl,
    apiKey: config.apiKey,
    appId: config.appId,
    hostIdentifier: config.hostIdentifier,
  };
  const formatWord = env.TCELL_INGEST_FORMAT?.trim();
  if (formatWord !== undefined && formatWord !== '') {
    const format = parseEventFormat(formatWord);
    if (format === undefined) {
      problems.push({
        variable: 'TCELL_INGEST_FORMAT',
        message: `${quoteConfigValue(formatWord)} is not a record format; expected tcell, ocsf or ecs`,
      });
    } else {
      options.format = format;
    }
  }
  for (const [variable, option] of Object.entries(TUNING_VARIABLES)) {
    if (env[variable] === undefined || env[variable].trim() === '') continue;
    // Times become timer delays, which Node caps; sizes are bounded to keep memory bounded.
    const max = variable.endsWith('_MS') ? MAX_TIMER_MS : MAX_TUNING_SIZE;
    const value = readPositiveInteger(env, variable, 0, problems, max);
    if (value > 0) options[option] = value;
  }
  return { options, problems };
}
