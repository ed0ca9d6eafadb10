/**
 * Export: login spans mapped to tCell events by TcellLoginExporter and written by a sink, on
 * this one process (one core for the JavaScript; file writes use libuv's thread pool). The
 * spans are built beforehand with the real recorder, so mapping sees real attributes.
 */
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { node } from '@opentelemetry/sdk-node';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LOGIN_FAILURE, LOGIN_SUCCESS, sendExpressLoginEvent } from 'tcell-hooks';
import type { TcellEventSink } from 'tcell-hooks/exporters';
import { JsonlFileSink, TcellLoginExporter } from 'tcell-hooks/exporters';
import { TcellLoginInstrumentation } from 'tcell-hooks/instrumentation';
import { REPO_ROOT, startApp, tempFolder } from '../../test/helpers/app-process';
import { browserLoginRequest, SESSION_IDS, USER_IDS } from '../lib/login-request';
import type { BenchRow, BenchSettings, Measurement } from '../lib/rows';
import { formatCount, median } from '../lib/stats';

/** Spans per export call, as the login span processor batches them. */
const BATCH_SIZE = 512;
const INGEST_SINK_MODULE = join(REPO_ROOT, 'build', 'exporters', 'sinks', 'ingest-sink.js');

let loginSpans: ReadableSpan[] | undefined;

/**
 * Records BATCH_SIZE logins, one per server span, and returns the ended spans. Built once per
 * process: a tracer provider can be registered globally only once.
 */
function buildLoginSpans(): ReadableSpan[] {
  if (loginSpans !== undefined) return loginSpans;
  const ended: ReadableSpan[] = [];
  const collector: SpanProcessor = {
    onStart: () => undefined,
    onEnd: (span) => void ended.push(span),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  new node.NodeTracerProvider({ spanProcessors: [collector] }).register();
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
  if (ended.length !== BATCH_SIZE || ended.some((span) => span.events.length !== 1)) {
    throw new Error('the spans do not each hold one login event; the figure would mean nothing');
  }
  loginSpans = ended;
  return ended;
}

function exportOnce(exporter: TcellLoginExporter, spans: ReadableSpan[]): Promise<void> {
  return new Promise((done, fail) =>
    exporter.export(spans, (result) =>
      result.code === ExportResultCode.SUCCESS
        ? done()
        : fail(result.error ?? new Error('export failed')),
    ),
  );
}

/**
 * Events per second through `sink`, median over rounds. Each round exports its events in
 * batches, one after another as the span processor would, then flushes the sink.
 */
async function measureEventsPerSecond(
  settings: BenchSettings,
  sink: TcellEventSink,
  afterRound: () => void = () => undefined,
): Promise<{ rates: number[]; events: number; perCpuSecond: number }> {
  const spans = buildLoginSpans();
  const exporter = new TcellLoginExporter({ sinks: [sink] });
  const batches = Math.max(1, Math.round(settings.exportEventsPerRound / BATCH_SIZE));
  await exportOnce(exporter, spans);
  afterRound();

  const rates: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < settings.exportRounds; round += 1) {
    const start = performance.now();
    for (let batch = 0; batch < batches; batch += 1) await exportOnce(exporter, spans);
    await sink.forceFlush();
    rates.push((batches * BATCH_SIZE * 1000) / (performance.now() - start));
    afterRound();
  }
  const cpu = process.cpuUsage(cpuBefore);
  await exporter.shutdown();
  const measured = settings.exportRounds * batches * BATCH_SIZE;
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
    `TcellLoginExporter.export of pre-built spans (one login event each, ${BATCH_SIZE} per ` +
    'call) into a JsonlFileSink on a temporary file; events per second, median of rounds.',
  target: { relation: '>=', value: 200_000, unit: '/s' },
  whenMissed:
    'in a CPU profile the time goes to JSON.stringify in the sink (~22%), the object spread ' +
    'that adds event_time in toTcellEventRecord (~19%), garbage collection (~21%) and ' +
    'Date#toISOString (~5%). Building each record as one object literal and formatting the ' +
    'time without a Date per event (exporters/login-event-mapper.ts) are the first fixes; ' +
    'the events per CPU-second in the note say how far a quiet machine would get.',
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

type IngestSinkClass = new (options: { url: string; apiKey: string }) => TcellEventSink;

/** The ingest sink class, when the delivery work is built into this tree. */
function loadIngestSink(): IngestSinkClass | undefined {
  if (!existsSync(INGEST_SINK_MODULE)) return undefined;
  // Loaded at run time: the module may not exist in this tree, so it cannot be imported.
  const exports = createRequire(__filename)(INGEST_SINK_MODULE) as Record<string, unknown>;
  const candidates = Object.entries(exports).filter(
    ([name, value]) => typeof value === 'function' && /Sink$/.test(name),
  );
  return candidates[0]?.[1] as IngestSinkClass | undefined;
}

const ingestExport: BenchRow = {
  name: 'Export to ingest (gzip)',
  describe:
    'The same export into the ingest sink (exporters/sinks/ingest-sink.ts, constructed with ' +
    '{ url, apiKey }), posting gzip to a local stand-in ingest server in another process that ' +
    'gunzips and counts the events; events per second, median of rounds.',
  target: { relation: '>=', value: 50_000, unit: '/s' },
  async measure(settings) {
    const IngestSink = loadIngestSink();
    if (IngestSink === undefined) {
      return { unavailable: `no sink class in ${INGEST_SINK_MODULE} (not built or not merged)` };
    }
    const ingest = await startApp(join(REPO_ROOT, 'build', 'bench', 'app', 'ingest-server.js'));
    try {
      const sink = new IngestSink({ url: ingest.baseUrl, apiKey: 'bench-api-key' });
      const { rates, events, perCpuSecond } = await measureEventsPerSecond(settings, sink);
      await sink.shutdown();
      const response = await fetch(`${ingest.baseUrl}/__bench/received`);
      const received = (await response.json()) as Record<string, number>;
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
