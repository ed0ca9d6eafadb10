/**
 * The no-tracing mode (`TCELL_TRACING=false`) against plain Express with no OpenTelemetry at
 * all, on the login route and an ordinary route; the tracing mode and dd-trace on the login
 * route as references against the same plain app. Each variant runs the bench app, which
 * loads a hook's library only in its own variant.
 */
import { join } from 'node:path';
import type { AppProcess } from '../../test/helpers/app-process';
import { REPO_ROOT, startApp, tempFolder } from '../../test/helpers/app-process';
import type { LoadRequest } from '../lib/load';
import { compareThroughput, ITEM_REQUESTS, LOGIN_REQUESTS } from '../lib/load';
import type { BenchRow, BenchSettings, Measurement } from '../lib/rows';
import type { DiscardingAgent } from '../lib/servers';
import { checkEventsWritten, DD_QUIET_ENV, startDiscardingAgent } from '../lib/servers';
import { throughputMeasurement } from '../lib/throughput-row';

const APP = join(REPO_ROOT, 'build', 'bench', 'app', 'login-app.js');

/** A way of running the bench app. */
type Setup = 'plain' | 'no-tracing' | 'tracing' | 'dd-trace';

interface RunningApp extends AppProcess {
  eventsFile: string;
}

async function startSetup(setup: Setup, agent?: DiscardingAgent): Promise<RunningApp> {
  const eventsFile = join(tempFolder('tcell-bench-'), 'events.jsonl');
  const tcell = {
    BENCH_HOOK: 'tcell',
    TCELL_AGENT_APP_ID: 'bench-app',
    TCELL_HMAC_KEY: 'bench-session-key',
    TCELL_PASSWORD_HMAC_KEY: 'bench-password-key',
    TCELL_EVENTS_FILE: eventsFile,
  };
  const options = {
    plain: { nodeArgs: [], env: { BENCH_HOOK: 'none' } },
    'no-tracing': {
      nodeArgs: ['--require', 'tcell-hooks/register'],
      env: { ...tcell, TCELL_TRACING: 'false' },
    },
    tracing: {
      nodeArgs: ['--require', 'tcell-hooks/register'],
      // Spans are recorded and processed; OTLP export is off so nothing leaves the process.
      env: { ...tcell, TCELL_TRACING: 'true', OTEL_TRACES_EXPORTER: 'none' },
    },
    'dd-trace': {
      nodeArgs: ['--require', 'dd-trace/init'],
      env: {
        BENCH_HOOK: 'dd',
        DD_APPSEC_ENABLED: 'true',
        DD_TRACE_AGENT_URL: agent?.url,
        DD_SERVICE: 'bench-app',
        ...DD_QUIET_ENV,
      },
    },
  }[setup];
  const app = await startApp(APP, options);
  return { ...app, eventsFile };
}

/** Whether the app's requests are traced, as the app itself reports it. */
async function traced(app: AppProcess): Promise<boolean> {
  const response = await fetch(`${app.baseUrl}/__bench/state`);
  return ((await response.json()) as { traced: boolean }).traced;
}

/** The setup against plain Express on `sequence`, in alternating rounds. */
async function againstPlain(
  settings: BenchSettings,
  setup: Setup,
  sequence: readonly LoadRequest[],
): Promise<Measurement> {
  const agent = setup === 'dd-trace' ? await startDiscardingAgent() : undefined;
  const apps: RunningApp[] = [];
  try {
    apps.push(await startSetup(setup, agent));
    apps.push(await startSetup('plain'));
    // A setup mistake (a mode that traces when it should not) must not pass as a figure.
    const expectTraced = setup === 'tracing' || setup === 'dd-trace';
    if ((await traced(apps[0])) !== expectTraced) {
      throw new Error(`${setup}: requests are ${expectTraced ? 'not ' : ''}traced`);
    }
    const rounds = await compareThroughput(settings, apps[0], apps[1], sequence);
    const logins = sequence.some(({ path }) => path === '/login');
    if (logins && setup !== 'dd-trace') {
      await apps[0].stop();
      checkEventsWritten(apps[0]);
    }
    if (setup === 'dd-trace' && agent !== undefined && agent.loginPayloads() === 0) {
      await apps[0].stop();
      if (agent.loginPayloads() === 0) throw new Error('dd-trace sent no tracked login');
    }

    return throughputMeasurement(settings, rounds, 'plain ');
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
    await agent?.close();
  }
}

const PLAIN =
  'the same Express app with no preload and no OpenTelemetry module loaded (plain Express)';

const loginRoute: BenchRow = {
  name: 'No tracing: login route',
  describe:
    'POST /login (alternating success and failure, sendExpressLoginEvent with a password, ' +
    'events to a JSONL file and the detector) under the preload with TCELL_TRACING=false vs ' +
    `${PLAIN}. The password check is a constant-time compare, so the route is cheap ` +
    '(about 130 us of CPU) and the hook is a large share of it.',
  target: { relation: '>=', value: 95, unit: '%' },
  whenMissed:
    'the server CPU per request in the note is the cost of a login: three HMACs (session, ' +
    "tCell's password fingerprint, our spray fingerprint), reading the request, the event " +
    'record, its JSON line and the detector, plus the allocations they make. Profiles in a ' +
    'loaded server show each step costing two to four times its figure in a hot loop (the ' +
    'code and tables fall out of the CPU caches between logins). 95% of a 130 us route leaves ' +
    'about 7 us per login, less than the HMACs and the JSON line alone in a loaded server. ' +
    'With the example app\u2019s scrypt the same cost is below 1% of the route.',
  measure: (settings) => againstPlain(settings, 'no-tracing', LOGIN_REQUESTS),
};

const otherRoute: BenchRow = {
  name: 'No tracing: other request',
  describe:
    'GET /items/:id (no login) under the preload with TCELL_TRACING=false vs ' +
    `${PLAIN}. The preload adds a diagnostics-channel subscriber and an AsyncLocalStorage ` +
    'entry per request.',
  target: { relation: '>=', value: 95, unit: '%' },
  whenMissed:
    'the AsyncLocalStorage entry costs a few microseconds of CPU per request on Node 20, ' +
    'where it runs on async hooks (Node 24 uses the cheaper AsyncContextFrame by default); ' +
    'requests per second swing by 10% between runs on a shared machine, so compare the CPU ' +
    'per request in the note.',
  measure: (settings) => againstPlain(settings, 'no-tracing', ITEM_REQUESTS),
};

const tracingLoginRoute: BenchRow = {
  name: 'Ref.: tracing mode, login route',
  describe:
    'POST /login as above under the preload in its tracing mode (HTTP and Express spans, the ' +
    `login span event, no OTLP export) vs ${PLAIN}: what choosing the tracing mode costs.`,
  measure: (settings) => againstPlain(settings, 'tracing', LOGIN_REQUESTS),
};

const datadogLoginRoute: BenchRow = {
  name: 'Ref.: dd-trace, login route',
  describe:
    'POST /login under dd-trace 5 with AppSec on and its login tracking ' +
    '(eventTrackingV2.trackUserLoginSuccess/Failure) vs ' +
    `${PLAIN}; dd-trace sends to a loopback stand-in agent that discards everything.`,
  measure: (settings) => againstPlain(settings, 'dd-trace', LOGIN_REQUESTS),
};

/** Rows of this group. */
export const rows: BenchRow[] = [loginRoute, otherRoute, tracingLoginRoute, datadogLoginRoute];
