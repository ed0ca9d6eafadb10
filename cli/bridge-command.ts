import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { installConsoleDiagLogger } from '../register/diag-logger';
import { TcellBridge } from '../bridge/tcell-bridge';
import { IngestSink } from '../exporters/sinks/ingest-sink';
import { ingestSinkOptionsFromEnv } from '../exporters/sinks/ingest-options';
import { STANDARD_OUTPUT } from '../exporters/sinks/jsonl-file-sink';
import { eventFileSinks, formatContext } from '../register/event-sinks';
import type { TcellEventSink } from '../exporters/sinks/types';
import { readConfig } from '../src/config';
import type { TcellConfig } from '../src/config';
import type { CliCommand } from './command';
import { UsageError } from './command';

/** The OTLP/HTTP port, as collectors and SDKs expect it. */
const DEFAULT_PORT = 4318;
const DEFAULT_HOST = '127.0.0.1';
/** Longest the bridge takes to stop (requests in progress, then sinks) when asked to. */
const SHUTDOWN_DEADLINE_MS = 10_000;

const USAGE = `usage: tcell-hooks bridge [--port N] [--host ADDRESS]

Receives OTLP/HTTP traces and logs (POST /v1/traces, /v1/logs; JSON or protobuf, gzip or not)
and writes every tcell.login event to TCELL_EVENTS_FILE as a tCell event.

  --port N         port to listen on (env TCELL_BRIDGE_PORT, default ${DEFAULT_PORT}; 0 = any free)
  --host ADDRESS   address to listen on (env TCELL_BRIDGE_HOST, default ${DEFAULT_HOST})`;

/** `tcell-hooks bridge`: runs the bridge until SIGTERM or SIGINT, then flushes and exits. */
export const bridgeCommand: CliCommand = {
  summary: 'receive login events over OTLP/HTTP from any service and write tCell events',
  usage: USAGE,
  async run(args, env) {
    const { values } = parseOptions(args);
    if (values.help === true) {
      console.log(USAGE);
      return 0;
    }
    const port = readPort(values.port, env.TCELL_BRIDGE_PORT);
    const host = values.host ?? nonEmpty(env.TCELL_BRIDGE_HOST) ?? DEFAULT_HOST;
    const { config, problems: configProblems } = readConfig(env);
    const problems = [...configProblems, ...ingestSinkOptionsFromEnv(config, env).problems];
    if (problems.length > 0) {
      for (const problem of problems) {
        console.error(`tcell-hooks bridge: ${problem.variable} ${problem.message}`);
      }
      return 1;
    }

    // No SDK here to honour OTEL_LOG_LEVEL, so TCELL_LOG_LEVEL always decides.
    installConsoleDiagLogger(config.logLevel, {});
    const bridge = new TcellBridge({ sinks: bridgeSinks(config, env) });
    let address: AddressInfo;
    try {
      address = await bridge.listen(port, host);
    } catch (error) {
      console.error(`tcell-hooks bridge: ${listenFailure(host, port, error)}`);
      await bridge.shutdown();
      return 1;
    }
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    // Status lines must not mix with events when the events go to standard output.
    const print = config.eventsFile === STANDARD_OUTPUT ? console.error : console.log;
    print(
      `tcell-hooks bridge listening on http://${shown}:${address.port}; ` +
        `events go to ${config.eventsFile}`,
    );

    await waitForStopSignal();
    return stopWithin(bridge, SHUTDOWN_DEADLINE_MS);
  },
};

function parseOptions(args: string[]): ReturnType<typeof parseBridgeArgs> {
  try {
    return parseBridgeArgs(args);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseBridgeArgs(args: string[]) {
  return parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: true,
  });
}

/** The sinks the bridge delivers to, from the tcell-hooks configuration. */
/**
 * The same sinks the preload would use: the events file (and OCSF/ECS files) in their formats,
 * and the ingest sink when `TCELL_INPUT_URL` is set. Configuration problems were checked first.
 */
function bridgeSinks(config: TcellConfig, env: NodeJS.ProcessEnv): TcellEventSink[] {
  const sinks: TcellEventSink[] = [...eventFileSinks(config, env)];
  const ingest = ingestSinkOptionsFromEnv(config, env).options;
  if (ingest !== undefined) {
    sinks.push(new IngestSink({ ...ingest, formatContext: formatContext(config, env) }));
  }
  return sinks;
}

function readPort(flag: string | undefined, variable: string | undefined): number {
  const text = flag ?? nonEmpty(variable);
  if (text === undefined) return DEFAULT_PORT;
  const port = Number(text);
  if (/^\d+$/.test(text.trim()) && port <= 65535) return port;
  const source = flag === undefined ? 'TCELL_BRIDGE_PORT' : '--port';
  throw new UsageError(`${source} ${JSON.stringify(text)} is not a port; expected 0 to 65535`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      done(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

// Why listening failed, in words, for the error codes a wrong --host or --port gives.
const LISTEN_FAILURES = new Map<string, string>([
  ['EADDRINUSE', 'the port is already in use'],
  ['EACCES', 'permission denied (ports below 1024 need privileges)'],
  ['EADDRNOTAVAIL', 'the address is not one of this machine'],
  ['ENOTFOUND', 'the host name does not resolve'],
  ['EAI_AGAIN', 'the host name could not be resolved now'],
]);

/** One line saying why the bridge could not listen, without the raw error object. */
function listenFailure(host: string, port: number, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    typeof code === 'string'
      ? `${LISTEN_FAILURES.get(code) ?? 'the system refused'} (${code})`
      : 'the system refused';
  return `cannot listen on ${JSON.stringify(host)} port ${port}: ${reason}`;
}

const STAGE_WORDS = {
  running: 'the bridge',
  requests: 'requests in progress',
  sinks: 'sinks',
  stopped: 'the bridge',
};

async function stopWithin(bridge: TcellBridge, milliseconds: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<number>((done) => {
    timer = setTimeout(() => {
      const part = STAGE_WORDS[bridge.shutdownStage];
      console.error(`tcell-hooks bridge: ${part} did not finish within ${milliseconds} ms`);
      done(1);
    }, milliseconds);
  });
  const stopped = bridge.shutdown().then(() => 0);
  const code = await Promise.race([stopped, deadline]);
  clearTimeout(timer);
  return code;
}
