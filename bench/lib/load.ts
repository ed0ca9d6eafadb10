import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { AppProcess } from '../../test/helpers/app-process';
import type { BenchSettings } from './rows';
import type { PairedRounds } from './stats';
import { alternate } from './stats';

/** One request of a load sequence; each connection sends the sequence over and over. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

// Headers a browser sends, so that header-key reading sees a realistic request.
const BROWSER_HEADERS = {
  'user-agent':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/126.0.0.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-language': 'en-GB,en;q=0.9',
  referer: 'http://127.0.0.1/login?next=%2Faccount',
  cookie: 'sid=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0; theme=dark',
};

/** An ordinary route that records no login. */
export const ITEM_REQUESTS: LoadRequest[] = [{ method: 'GET', path: '/items/42' }];

/** Alternating successful and failed logins. */
export const LOGIN_REQUESTS: LoadRequest[] = [
  { method: 'POST', path: '/login', body: 'username=alice&password=correct+horse+battery+staple' },
  { method: 'POST', path: '/login', body: 'username=alice&password=wrong-password' },
];

/** Microseconds of server CPU per request, figure and baseline app, over all rounds. */
export interface CpuPerRequest {
  figure: number;
  baseline: number;
}

/** What one load run achieved. */
export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
}

/**
 * Sends the sequence to the app for `seconds` with `connections` connections and returns the
 * throughput. Any socket error, timeout or 5xx answer fails the run: a fast error is no figure.
 */
export async function runLoad(
  app: AppProcess,
  sequence: readonly LoadRequest[],
  seconds: number,
  connections: number,
): Promise<LoadResult> {
  const result = await autocannon({
    url: app.baseUrl,
    connections,
    duration: seconds,
    requests: sequence.map((request) => ({
      method: request.method,
      path: request.path,
      body: request.body,
      headers: {
        ...BROWSER_HEADERS,
        ...(request.body === undefined
          ? {}
          : { 'content-type': 'application/x-www-form-urlencoded' }),
        ...request.headers,
      },
    })),
  });
  if (result.errors > 0 || result.timeouts > 0 || result['5xx'] > 0 || result['2xx'] === 0) {
    throw new Error(
      `load run failed: ${result.errors} errors, ${result.timeouts} timeouts, ` +
        `${result['5xx']} 5xx, ${result['2xx']} 2xx; app stderr: ${app.output().stderr.slice(-500)}`,
    );
  }
  return {
    requestsPerSecond: result.requests.total / result.duration,
    requests: result.requests.total,
  };
}

/**
 * Throughput of two running apps under the same load: both warmed up, then measured in
 * alternating rounds (figure, baseline, figure, ...), so both see the same machine.
 */
export async function compareThroughput(
  settings: BenchSettings,
  figureApp: AppProcess,
  baselineApp: AppProcess,
  sequence: readonly LoadRequest[],
): Promise<PairedRounds & { requests: number; cpuPerRequest?: CpuPerRequest }> {
  const { warmupSeconds, loadSeconds, connections } = settings;
  await runLoad(figureApp, sequence, warmupSeconds, connections);
  await runLoad(baselineApp, sequence, warmupSeconds, connections);

  let requests = 0;
  const cpuMicroseconds = [0, 0];
  const served = [0, 0];
  const measure = async (app: AppProcess, side: number): Promise<number> => {
    const cpuBefore = processCpuMicroseconds(app);
    const result = await runLoad(app, sequence, loadSeconds, connections);
    cpuMicroseconds[side] += processCpuMicroseconds(app) - cpuBefore;
    served[side] += result.requests;
    requests += result.requests;
    return result.requestsPerSecond;
  };
  const rounds = await alternate(
    settings.loadRounds,
    () => measure(figureApp, 0),
    () => measure(baselineApp, 1),
  );
  const perRequest = cpuMicroseconds.map((cpu, side) => cpu / served[side]);
  const cpuPerRequest = Number.isNaN(perRequest[0] + perRequest[1])
    ? undefined
    : { figure: perRequest[0], baseline: perRequest[1] };
  return { ...rounds, requests, cpuPerRequest };
}

/**
 * CPU time (user + system, all threads) the app's process has used, from /proc on Linux; NaN
 * elsewhere. Unlike requests per second, it is barely moved by other processes on the machine.
 */
function processCpuMicroseconds(app: AppProcess): number {
  try {
    const fields = readFileSync(`/proc/${app.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return Number.NaN;
  }
}
