import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { AppProcess } from '../../test/helpers/app-process';
import { REPO_ROOT, startApp, tempFolder } from '../../test/helpers/app-process';

/** Which tracing the bench app runs under. */
export type Tracing = 'tcell' | 'otel-only' | 'dd-trace';
/** Which login hook the bench app calls (`BENCH_HOOK`). */
export type Hook = 'tcell' | 'dd' | 'none';

/** One way of running the bench app. */
export interface AppVariant {
  tracing: Tracing;
  hook: Hook;
  /** Extra node flags, for example `--expose-gc`. */
  nodeArgs?: string[];
  /** Required for `dd-trace`: the discarding agent it sends to. */
  agentUrl?: string;
}

const APP_FOLDER = join(REPO_ROOT, 'build', 'bench', 'app');

const PRELOADS: Record<Tracing, string> = {
  tcell: 'tcell-hooks/register',
  'otel-only': join(APP_FOLDER, 'otel-only-preload.js'),
  'dd-trace': join(APP_FOLDER, 'dd-trace-preload.js'),
};

// No variant may send anything anywhere: the OTel SDKs get no exporter, dd-trace a loopback
// agent the bench started, and every background channel of dd-trace is off.
const OTEL_QUIET_ENV = {
  // The tcell rows measure the tracing mode: without this, OTEL_TRACES_EXPORTER=none would
  // start the preload without tracing (bench/no-tracing.ts measures that mode).
  TCELL_TRACING: 'true',
  OTEL_TRACES_EXPORTER: 'none',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_LOGS_EXPORTER: 'none',
};
/**
 * dd-trace with every background channel off (telemetry, remote configuration, runtime metrics,
 * profiling, crash tracking, start-up logs). dd-trace reads OTEL_* variables too, so its
 * variants get these instead of the OTel ones: OTEL_TRACES_EXPORTER=none would turn it off.
 */
export const DD_QUIET_ENV = {
  DD_TRACE_STARTUP_LOGS: 'false',
  DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
  DD_REMOTE_CONFIGURATION_ENABLED: 'false',
  DD_RUNTIME_METRICS_ENABLED: 'false',
  DD_PROFILING_ENABLED: 'false',
  DD_CRASHTRACKING_ENABLED: 'false',
  DD_DATA_STREAMS_ENABLED: 'false',
  DD_TRACE_STATS_COMPUTATION_ENABLED: 'false',
};

/** A running bench app and the JSONL file its tcell-hooks events go to. */
export interface BenchApp extends AppProcess {
  eventsFile: string;
}

/** Starts the bench app in a child process on 127.0.0.1, port 0. */
export async function startBenchApp(variant: AppVariant): Promise<BenchApp> {
  if (variant.tracing === 'dd-trace' && variant.agentUrl === undefined) {
    throw new Error('the dd-trace variant needs the URL of the discarding agent');
  }
  const events = join(tempFolder('tcell-bench-'), 'events.jsonl');
  const app = await startApp(join(APP_FOLDER, 'login-app.js'), {
    nodeArgs: [...(variant.nodeArgs ?? []), '--require', PRELOADS[variant.tracing]],
    env: {
      ...(variant.tracing === 'dd-trace' ? DD_QUIET_ENV : OTEL_QUIET_ENV),
      BENCH_HOOK: variant.hook,
      TCELL_HMAC_KEY: 'bench-session-key',
      TCELL_AGENT_APP_ID: 'bench-app',
      TCELL_PASSWORD_HMAC_KEY: 'bench-password-key',
      TCELL_EVENTS_FILE: events,
      DD_TRACE_AGENT_URL: variant.agentUrl,
      DD_SERVICE: 'bench-app',
    },
  });
  return { ...app, eventsFile: events };
}

/**
 * Fails unless the app wrote tCell login events: a login figure from an app whose hook
 * recorded nothing would flatter it. Call after the app has stopped (it flushes on SIGTERM).
 */
export function checkEventsWritten(app: BenchApp): void {
  let start = '';
  if (existsSync(app.eventsFile)) {
    const file = openSync(app.eventsFile, 'r');
    const head = Buffer.alloc(64);
    start = head.toString('utf8', 0, readSync(file, head, 0, head.length, 0));
    closeSync(file);
  }
  if (!start.startsWith('{"event_type":"login"')) {
    throw new Error(`the tcell-hooks app wrote no login events to ${app.eventsFile}`);
  }
}

/** The stand-in Datadog agent and what it has seen. */
export interface DiscardingAgent {
  url: string;
  /** Trace payloads that carried a login tracked through dd-trace's AppSec SDK. */
  loginPayloads(): number;
  close(): Promise<void>;
}

const DATADOG_LOGIN_TAG = Buffer.from('appsec.events.users.login.');

/**
 * A loopback stand-in for the Datadog agent: accepts every payload, notes whether it carried
 * a tracked login (so the peer row can prove dd-trace really traced), and throws it away.
 */
export function startDiscardingAgent(): Promise<DiscardingAgent> {
  let loginPayloads = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (Buffer.concat(chunks).includes(DATADOG_LOGIN_TAG)) loginPayloads += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"rate_by_service":{}}');
    });
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      done({
        url: `http://127.0.0.1:${port}`,
        loginPayloads: () => loginPayloads,
        close: () => new Promise((closed) => server.close(() => closed())),
      });
    });
  });
}
