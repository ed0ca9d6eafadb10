/**
 * `node build/bench/no-tracing.js`: throughput of the no-tracing mode against plain Express.
 *
 * Each variant is its own child process running bench/no-tracing-app on 127.0.0.1, port 0:
 * plain Express (no OpenTelemetry loaded), tcell-hooks without tracing, and as references
 * tcell-hooks with tracing and dd-trace 5 with application security and its login tracking.
 * autocannon loads one variant at a time; the order rotates every round so that no variant
 * always runs first or last on a shared, noisy machine. A figure is the median over rounds;
 * a ratio is the median of the per-round ratios to plain Express in the same round.
 *
 * BENCH_SECONDS (default 3), BENCH_ROUNDS (default 5) and BENCH_CONNECTIONS (default 10) tune
 * it; with the defaults the whole comparison takes about two and a half minutes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { AppProcess } from '../test/helpers/app-process';
import { startApp, tempFolder } from '../test/helpers/app-process';

const APP = 'build/bench/no-tracing-app.js';
const PRELOAD = ['--require', 'tcell-hooks/register'];
const TARGET_RATIO = 0.95;

/** One server setup under comparison. */
interface Variant {
  label: string;
  nodeArgs: string[];
  env: Record<string, string>;
  /** Whether requests must be traced; checked before measuring, so a setup mistake shows. */
  traces: boolean;
  /** Where its login events go, for the written-events check. */
  eventsFile?: string;
}

/** A route under load: the request sequence each connection repeats. */
interface Route {
  label: string;
  requests: autocannon.Request[];
  logins: boolean;
}

interface Sample {
  requestsPerSecond: number;
  cpuMicrosPerRequest: number;
  loginResponses: number;
}

const BROWSER_HEADERS = {
  'user-agent':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/126.0.0.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-language': 'en-GB,en;q=0.9',
  referer: 'http://127.0.0.1/login?next=%2Faccount',
  cookie: 'sid=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0; theme=dark',
};
const FORM_HEADERS = { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' };

const ROUTES: Route[] = [
  {
    label: 'login (POST /login)',
    logins: true,
    requests: [
      {
        method: 'POST',
        path: '/login',
        headers: FORM_HEADERS,
        body: 'username=alice&password=correct+horse+battery+staple',
      },
      {
        method: 'POST',
        path: '/login',
        headers: FORM_HEADERS,
        body: 'username=alice&password=wrong-password',
      },
    ],
  },
  {
    label: 'other (GET /items/42)',
    logins: false,
    requests: [{ method: 'GET', path: '/items/42', headers: BROWSER_HEADERS }],
  },
];

function positiveSetting(name: string, fallback: number, most: number): number {
  const value = Number(process.env[name] ?? fallback);
  return Number.isInteger(value) && value > 0 ? Math.min(value, most) : fallback;
}

function tcellVariant(label: string, tracing: boolean): Variant {
  const eventsFile = join(tempFolder('tcell-bench-'), 'events.jsonl');
  return {
    label,
    nodeArgs: PRELOAD,
    traces: tracing,
    eventsFile,
    env: {
      BENCH_HOOK: 'tcell',
      TCELL_TRACING: String(tracing),
      TCELL_AGENT_APP_ID: 'bench-app',
      TCELL_HMAC_KEY: 'bench-session-key',
      TCELL_PASSWORD_HMAC_KEY: 'bench-password-key',
      TCELL_EVENTS_FILE: eventsFile,
    },
  };
}

function variants(): Variant[] {
  return [
    { label: 'plain Express', nodeArgs: [], traces: false, env: { BENCH_HOOK: 'none' } },
    tcellVariant('tcell-hooks, no tracing', false),
    tcellVariant('tcell-hooks, tracing (ref.)', true),
    {
      label: 'dd-trace 5 + appsec (ref.)',
      nodeArgs: ['--require', 'dd-trace/init'],
      traces: true,
      env: {
        BENCH_HOOK: 'dd',
        DD_APPSEC_ENABLED: 'true',
        // Nothing leaves the machine: the agent URL is a closed loopback port.
        DD_TRACE_AGENT_URL: 'http://127.0.0.1:9',
        DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
        DD_REMOTE_CONFIGURATION_ENABLED: 'false',
        DD_TRACE_STARTUP_LOGS: 'false',
        DD_RUNTIME_METRICS_ENABLED: 'false',
      },
    },
  ];
}

async function serverState(app: AppProcess): Promise<{ cpuMicros: number; traced: boolean }> {
  const response = await fetch(`${app.baseUrl}/__bench/state`);
  return (await response.json()) as { cpuMicros: number; traced: boolean };
}

async function measure(app: AppProcess, route: Route, seconds: number): Promise<Sample> {
  const before = await serverState(app);
  const result = await autocannon({
    url: app.baseUrl,
    connections: positiveSetting('BENCH_CONNECTIONS', 10, 100),
    duration: seconds,
    requests: route.requests,
  });
  const after = await serverState(app);
  if (result.errors > 0 || result.timeouts > 0 || result['5xx'] > 0 || result['2xx'] === 0) {
    throw new Error(
      `load run failed: ${result.errors} errors, ${result.timeouts} timeouts, ` +
        `${result['5xx']} 5xx; app stderr: ${app.output().stderr.slice(-500)}`,
    );
  }
  const answered = result['2xx'] + result['4xx'];
  return {
    requestsPerSecond: answered / seconds,
    cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / answered,
    loginResponses: route.logins ? answered : 0,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function countLines(path: string): number {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '').length;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const seconds = positiveSetting('BENCH_SECONDS', 3, 30);
  const rounds = positiveSetting('BENCH_ROUNDS', 5, 15);
  const setups = variants();
  const apps: AppProcess[] = [];
  try {
    for (const setup of setups) {
      apps.push(await startApp(APP, { nodeArgs: setup.nodeArgs, env: setup.env }));
    }
    for (const [index, setup] of setups.entries()) {
      const { traced } = await serverState(apps[index]);
      if (traced !== setup.traces) throw new Error(`${setup.label}: traced is ${traced}`);
    }

    const logins = setups.map(() => 0);
    const lines: string[] = [];
    for (const route of ROUTES) {
      const samples: Sample[][] = setups.map(() => []);
      for (const app of apps) await measure(app, route, 1); // warm-up, not counted
      for (let round = 0; round < rounds; round += 1) {
        for (let step = 0; step < setups.length; step += 1) {
          const index = (round + step) % setups.length;
          const sample = await measure(apps[index], route, seconds);
          samples[index].push(sample);
          logins[index] += sample.loginResponses;
        }
      }
      lines.push(...routeTable(route, setups, samples));
    }
    for (const app of apps) await app.stop('SIGTERM');

    console.log(
      `no-tracing comparison: ${rounds} rounds of ${seconds} s per variant and route, ` +
        'order rotated each round; ratios are medians of per-round ratios to plain Express',
    );
    for (const line of lines) console.log(line);
    for (const [index, setup] of setups.entries()) {
      if (setup.eventsFile === undefined) continue;
      console.log(
        `${setup.label}: ${countLines(setup.eventsFile)} tCell events written for ` +
          `${logins[index]} login responses (warm-up logins not counted)`,
      );
    }
  } finally {
    await Promise.all(apps.map((app) => app.stop('SIGKILL')));
  }
}

function routeTable(route: Route, setups: Variant[], samples: Sample[][]): string[] {
  const plain = samples[0];
  const lines = [
    '',
    route.label,
    `  ${'variant'.padEnd(30)} ${'req/s'.padStart(8)} ${'vs plain'.padStart(9)}` +
      ` ${'CPU us/req'.padStart(11)} ${'vs plain'.padStart(9)}  target`,
  ];
  for (const [index, setup] of setups.entries()) {
    const own = samples[index];
    const throughputRatio = median(
      own.map((sample, round) => sample.requestsPerSecond / plain[round].requestsPerSecond),
    );
    const cpuRatio = median(
      own.map((sample, round) => sample.cpuMicrosPerRequest / plain[round].cpuMicrosPerRequest),
    );
    const verdict =
      setup.label === 'tcell-hooks, no tracing'
        ? `>= ${TARGET_RATIO * 100}%: ${throughputRatio >= TARGET_RATIO ? 'met' : 'MISSED'}`
        : '';
    lines.push(
      `  ${setup.label.padEnd(30)} ${median(own.map((s) => s.requestsPerSecond))
        .toFixed(0)
        .padStart(8)} ${`${(throughputRatio * 100).toFixed(1)}%`.padStart(9)} ${median(
        own.map((s) => s.cpuMicrosPerRequest),
      )
        .toFixed(1)
        .padStart(11)} ${`${(cpuRatio * 100).toFixed(1)}%`.padStart(9)}  ${verdict}`,
    );
  }
  return lines;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
