/**
 * Export: login events mapped to tCell records and written by a sink, on this one process (one
 * core for the JavaScript; file writes use libuv's thread pool). This is the preload's path:
 * the recorder emits a `tcell.login` log record, TcellLoginLogProcessor maps it and hands
 * batches to the sinks. The log records are made beforehand by the real recorder, through a
 * real LoggerProvider, so mapping sees real attributes, trace ids and times.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { node } from '@opentelemetry/sdk-node';
import type { LogRecordProcessor, SdkLogRecord } from '@opentelemetry/sdk-logs';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { LOGIN_FAILURE, LOGIN_SUCCESS, sendExpressLoginEvent } from 'tcell-hooks';
import type { TcellEventSink } from 'tcell-hooks/exporters';
import { IngestSink, JsonlFileSink, TcellLoginLogProcessor } from 'tcell-hooks/exporters';
import { TcellLoginInstrumentation } from 'tcell-hooks/instrumentation';
import { REPO_ROOT, startApp, tempFolder } from '../../test/helpers/app-process';
import { browserLoginRequest, SESSION_IDS, USER_IDS } from '../lib/login-request';
import type { BenchRow, BenchSettings, Measurement } from '../lib/rows';
import { formatCount, median } from '../lib/stats';

/** Log records per batch: the login log processor hands the sinks 512 events at a time. */
const BATCH_SIZE = 512;

let loginRecords: SdkLogRecord[] | undefined;

/**
 * Records BATCH_SIZE logins, one per server span, and returns the `tcell.login` log records the
 * recorder emitted. Built once per process: providers can be registered globally only once.
 */
function buildLoginRecords(): SdkLogRecord[] {
  if (loginRecords !== undefined) return loginRecords;
  const emitted: SdkLogRecord[] = [];
  const collector: LogRecordProcessor = {
    onEmit: (record) => void emitted.push(record),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  new node.NodeTracerProvider().register();
  logs.setGlobalLoggerProvider(new LoggerProvider({ processors: [collector] }));
  new TcellLoginInstrumentation({ hmacKey: 'k', appId: 'bench-app', passwordHmacKey: 'p' });

  const tracer = trace.getTracer('bench');
  const request = browserLoginRequest();
  for (let index = 0; index < BATCH_SIZE; index += 1) {
    const span = tracer.startSpan('POST /login', { kind: SpanKind.SERVER });
    context.with(trace.setSpan(context.active(), span), () =>
      sendExpressLoginEvent({
        status: index % 3 === 0 ? LOGIN_FAILURE : LOGIN_SUCCESS,
        request,
        userId: USER_IDS[index & 7],
        sessionId: SESSION_IDS[index & 7],
        userValid: true,
        password: `password ${index}`,
      }),
    );
    span.end();
  }
  if (emitted.length !== BATCH_SIZE || emitted.some((record) => !record.spanContext)) {
    throw new Error('the recorder did not emit one correlated log record per login');
  }
  loginRecords = emitted;
  return emitted;
}

/** One batch through the processor, as logins arrive, then until the sink has it all. */
async function emitBatch(processor: TcellLoginLogProcessor, records: SdkLogRecord[]) {
  for (const record of records) processor.onEmit(record);
  await processor.forceFlush();
}

/**
 * Events per second through `sink`, median over rounds. Each round sends its events in batches,
 * one after another, each flushed to the sink before the next.
 */
async function measureEventsPerSecond(
  settings: BenchSettings,
  sink: TcellEventSink,
  afterRound: () => void = () => undefined,
): Promise<{ rates: number[]; events: number; perCpuSecond: number }> {
  const records = buildLoginRecords();
  const processor = new TcellLoginLogProcessor({ sinks: [sink] });
  const batches = Math.max(1, Math.round(settings.exportEventsPerRound / BATCH_SIZE));
  await emitBatch(processor, records);
  afterRound();

  const rates: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < settings.exportRounds; round += 1) {
    const start = performance.now();
    for (let batch = 0; batch < batches; batch += 1) await emitBatch(processor, records);
    rates.push((batches * BATCH_SIZE * 1000) / (performance.now() - start));
    afterRound();
  }
  const cpu = process.cpuUsage(cpuBefore);
  await processor.shutdown();
  const stats = processor.stats();
  const measured = settings.exportRounds * batches * BATCH_SIZE;
  if (stats.delivered !== measured + BATCH_SIZE) {
    throw new Error(`the processor delivered ${stats.delivered} of ${measured + BATCH_SIZE}`);
  }
  return {
    rates,
    events: measured + BATCH_SIZE,
    perCpuSecond: (measured * 1e6) / (cpu.user + cpu.system),
  };
}

function eventsPerSecondMeasurement(rates: number[], target: number, note: string): Measurement {
  const rate = median(rates);
  return {
    figure: `${formatCount(rate)} events/s`,
    compared: '-',
    ratio: `${((rate / target) * 100).toFixed(0)}% of target`,
    value: rate,
    note,
  };
}

const jsonlExport: BenchRow = {
  name: 'Export to JSONL',
  describe:
    "The preload's path: pre-recorded tcell.login log records through " +
    `TcellLoginLogProcessor.onEmit, ${BATCH_SIZE} per batch, each batch flushed into a ` +
    'JsonlFileSink on a temporary file; events per second, median of rounds.',
  target: { relation: '>=', value: 200_000, unit: '/s' },
  whenMissed:
    'records are now built in one pass (toTcellRecord) with the time text cached per second, ' +
    'and a CPU profile shows JSON.stringify in the sink and garbage collection as the largest ' +
    'parts; the file append of each batch runs on the thread pool and is awaited before the ' +
    'next batch, so a loaded machine costs wall-clock time: compare the events per CPU-second ' +
    'in the note.',
  async measure(settings) {
    const file = join(tempFolder('tcell-bench-export-'), 'events.jsonl');
    const { rates, events, perCpuSecond } = await measureEventsPerSecond(
      settings,
      new JsonlFileSink(file),
      () => rmSync(file, { force: true }),
    );
    return eventsPerSecondMeasurement(
      rates,
      200_000,
      `${settings.exportRounds} rounds, ${formatCount(events)} events written; ` +
        `${formatCount(perCpuSecond)} events per CPU-second of this process (all threads).`,
    );
  },
};

const ingestExport: BenchRow = {
  name: 'Export to ingest (gzip)',
  describe:
    'The same path into the IngestSink (default options, as TCELL_INPUT_URL sets them up), ' +
    'posting gzip to a local stand-in ingest server in another process that gunzips and ' +
    'counts the events; events per second, median of rounds.',
  target: { relation: '>=', value: 50_000, unit: '/s' },
  async measure(settings) {
    const ingest = await startApp(join(REPO_ROOT, 'build', 'bench', 'app', 'ingest-server.js'));
    try {
      const sink = new IngestSink({
        url: `${ingest.baseUrl}/api/v1/events`,
        apiKey: 'bench-api-key',
        appId: 'bench-app',
        hostIdentifier: 'bench-host',
      });
      const { rates, events, perCpuSecond } = await measureEventsPerSecond(settings, sink);
      await sink.shutdown();
      const response = await fetch(`${ingest.baseUrl}/__bench/received`);
      const received = (await response.json()) as Record<string, number>;
      const stats = sink.stats();
      if (stats.delivered !== events) {
        throw new Error(`the ingest sink delivered ${stats.delivered} of ${events} events`);
      }
      if (received.events < events || received.gzipRequests < received.requests) {
        throw new Error(
          `the ingest server got ${received.events} of ${events} events, ` +
            `${received.gzipRequests} of ${received.requests} posts gzipped`,
        );
      }
      return eventsPerSecondMeasurement(
        rates,
        50_000,
        `${settings.exportRounds} rounds, ${formatCount(events)} events in ` +
          `${formatCount(received.requests)} gzip posts (${formatCount(received.bytes)} bytes); ` +
          `${formatCount(perCpuSecond)} events per CPU-second of this process (all threads).`,
      );
    } finally {
      await ingest.stop();
    }
  },
};

/** Rows of this group. */
export const rows: BenchRow[] = [jsonlExport, ingestExport];
