import assert from 'node:assert';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { TcellEventRecord } from '../../exporters/tcell-event';
import { IngestSink } from '../../exporters/sinks/ingest-sink';
import type { IngestSinkOptions } from '../../exporters/sinks/ingest-options';
import { resetProblemReports } from '../../src/diagnostics';
import { IngestTestServer, waitFor } from './ingest-test-server';

/** Distinct events; `user_id` is the position, `event_id` is random. */
function makeEvents(count: number, prefix = 'user'): TcellEventRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    event_type: 'login',
    event_name: 'login-failure',
    user_id: `${prefix}-${index}`,
    event_time: new Date(1_700_000_000_000 + index).toISOString(),
    event_id: randomBytes(16).toString('hex'),
  }));
}

/** Fast backoff so that tests take milliseconds, not seconds. */
function sinkFor(server: IngestTestServer, options: Partial<IngestSinkOptions> = {}): IngestSink {
  return new IngestSink({
    url: server.url,
    initialBackoffMs: 20,
    maxBackoffMs: 100,
    requestTimeoutMs: 2000,
    shutdownDeadlineMs: 3000,
    ...options,
  });
}

function droppedTotal(sink: IngestSink): number {
  return Object.values(sink.stats().dropped).reduce((sum, count) => sum + count, 0);
}

function assertBalanced(sink: IngestSink): void {
  const stats = sink.stats();
  assert.strictEqual(stats.pending, 0);
  assert.strictEqual(stats.accepted, stats.delivered + droppedTotal(sink));
}

describe('IngestSink', () => {
  let server: IngestTestServer;

  beforeEach(async () => {
    server = await IngestTestServer.start();
    resetProblemReports();
  });

  afterEach(async () => {
    diag.disable();
    await server.stop();
  });

  it('should post gzip JSON envelopes with the bearer token, app id and host identifier', async () => {
    const events = makeEvents(5);
    const sink = sinkFor(server, { apiKey: 'key-123', appId: 'app-9', hostIdentifier: 'web-1' });
    await sink.write(events.slice(0, 2));
    await sink.write(events.slice(2));
    await sink.forceFlush();

    assert.ok(server.seen.length >= 1);
    for (const request of server.seen) {
      assert.strictEqual(request.headers.authorization, 'Bearer key-123');
      assert.strictEqual(request.headers['content-encoding'], 'gzip');
      assert.strictEqual(request.headers['content-type'], 'application/json');
      assert.strictEqual(request.envelope?.app_id, 'app-9');
      assert.strictEqual(request.envelope?.host_identifier, 'web-1');
      assert.strictEqual(request.envelope?.agent, 'tcell-hooks/0.1.0');
    }
    assert.deepStrictEqual(server.acceptedEvents(), events);
    assert.deepStrictEqual(sink.stats().delivered, 5);
    assertBalanced(sink);
  });

  it('should report the host name when no host identifier is set', async () => {
    const sink = sinkFor(server);
    await sink.write(makeEvents(1));
    await sink.forceFlush();

    assert.strictEqual(server.seen[0].envelope?.host_identifier, hostname());
    assert.strictEqual(server.seen[0].envelope?.app_id, undefined);
    assert.strictEqual(server.seen[0].headers.authorization, undefined);
  });

  it('should deliver, in order and once, what the queue bound kept while the server was down', async () => {
    await server.down();
    const events = makeEvents(80);
    const sink = sinkFor(server, { maxQueueSize: 50, maxBatchSize: 10 });
    for (const event of events) await sink.write([event]);

    // Retries go on while the server is down; the oldest 30 give way to the newest 50.
    await waitFor(() => sink.stats().dropped.queue_full === 30 && sink.stats().pending === 50);
    await new Promise((done) => setTimeout(done, 200));
    assert.strictEqual(sink.stats().delivered, 0);
    await server.up();
    await sink.forceFlush();

    assert.deepStrictEqual(server.acceptedEvents(), events.slice(30));
    assert.deepStrictEqual(sink.stats().dropped, { queue_full: 30 });
    assert.strictEqual(sink.stats().delivered, 50);
    assertBalanced(sink);
  });

  it('should retry after timeouts and deliver once the server answers in time', async () => {
    server.reply = (index) => (index < 2 ? 'hang' : { status: 200 });
    const events = makeEvents(7);
    const sink = sinkFor(server, { requestTimeoutMs: 150 });
    await sink.write(events);
    await sink.forceFlush();

    assert.strictEqual(server.seen.length, 3);
    assert.deepStrictEqual(server.seen[0].envelope?.events, events);
    assert.deepStrictEqual(server.acceptedEvents(), events);
    assert.deepStrictEqual(sink.stats().dropped, {});
    assertBalanced(sink);
  });

  it('should retry 5xx answers and deliver once', async () => {
    server.reply = (index) => ({ status: index < 2 ? 503 : 200 });
    const events = makeEvents(4);
    const sink = sinkFor(server);
    await sink.write(events);
    await sink.forceFlush();

    assert.deepStrictEqual(
      server.seen.map((request) => request.status),
      [503, 503, 200],
    );
    assert.deepStrictEqual(server.acceptedEvents(), events);
    assertBalanced(sink);
  });

  it('should wait as long as a 429 Retry-After in seconds asks', async () => {
    server.reply = (index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 };
    const events = makeEvents(3);
    const sink = sinkFor(server);
    await sink.write(events);
    await sink.forceFlush();

    assert.strictEqual(server.seen.length, 2);
    // Without the header the backoff would be 10-20 ms; the server asked for one second.
    assert.ok(server.seen[1].at - server.seen[0].at >= 900, 'retried before Retry-After');
    assert.deepStrictEqual(server.acceptedEvents(), events);
    assertBalanced(sink);
  });

  it('should wait until the HTTP date a 429 Retry-After names', async () => {
    let retryAt = 0;
    server.reply = (index) => {
      if (index > 0) return { status: 200 };
      // HTTP dates have whole seconds: two seconds ahead is at least one second ahead.
      const date = new Date(Date.now() + 2000);
      retryAt = Math.floor(date.getTime() / 1000) * 1000;
      return { status: 429, headers: { 'retry-after': date.toUTCString() } };
    };
    const sink = sinkFor(server);
    await sink.write(makeEvents(2));
    await sink.forceFlush();

    assert.strictEqual(server.seen.length, 2);
    assert.ok(server.seen[1].at >= retryAt - 100, 'retried before the Retry-After date');
    assertBalanced(sink);
  });

  it('should not retry a 400, count the events as rejected and log the status once', async () => {
    const warnings: string[] = [];
    diag.setLogger(
      {
        error: () => {},
        warn: (...parts: unknown[]) => warnings.push(parts.join(' ')),
        info: () => {},
        debug: () => {},
        verbose: () => {},
      },
      DiagLogLevel.WARN,
    );
    server.reply = () => ({ status: 400 });
    const sink = sinkFor(server);
    for (let batch = 0; batch < 3; batch += 1) {
      await sink.write(makeEvents(4, `batch${batch}`));
      await sink.forceFlush();
    }
    await new Promise((done) => setTimeout(done, 300));

    assert.strictEqual(server.seen.length, 3);
    assert.deepStrictEqual(sink.stats().dropped, { rejected: 12 });
    assert.strictEqual(sink.stats().delivered, 0);
    const rejections = warnings.filter((message) => message.includes('ingest-rejected'));
    assert.strictEqual(rejections.length, 1);
    assert.match(rejections[0], /HTTP 400/);
    assertBalanced(sink);
  });

  it('should not follow a redirect, so the API key goes nowhere else', async () => {
    const elsewhere = await IngestTestServer.start();
    server.reply = () => ({ status: 307, headers: { location: elsewhere.url } });
    const sink = sinkFor(server, { apiKey: 'secret-key' });
    try {
      await sink.write(makeEvents(2));
      await sink.forceFlush();
    } finally {
      await elsewhere.stop();
    }

    assert.strictEqual(server.seen.length, 1);
    assert.strictEqual(elsewhere.seen.length, 0);
    assert.deepStrictEqual(sink.stats().dropped, { rejected: 2 });
    assertBalanced(sink);
  });

  it('should keep at most the configured number of requests in flight', async () => {
    server.reply = () => ({ status: 200, delayMs: 100 });
    const events = makeEvents(120);
    const sink = sinkFor(server, { maxConcurrentRequests: 3, maxBatchSize: 10 });
    await sink.write(events);
    await sink.forceFlush();

    assert.strictEqual(server.maxConcurrent, 3);
    const delivered = server.acceptedEvents().map((event) => event.event_id);
    assert.deepStrictEqual([...delivered].sort(), events.map((event) => event.event_id).sort());
    assertBalanced(sink);
  });

  it('should deliver what it holds on shutdown', async () => {
    server.reply = () => ({ status: 200, delayMs: 50 });
    const events = makeEvents(30);
    const sink = sinkFor(server, { maxBatchSize: 7 });
    await sink.write(events);
    await sink.shutdown();

    assert.deepStrictEqual(server.acceptedEvents(), events);
    await sink.write(makeEvents(2, 'late'));
    assert.deepStrictEqual(sink.stats().dropped, { shutdown: 2 });
    assertBalanced(sink);
  });

  it('should give up at the shutdown deadline and count what was left', async () => {
    server.reply = () => 'hang';
    const sink = sinkFor(server, { shutdownDeadlineMs: 300, requestTimeoutMs: 10_000 });
    await sink.write(makeEvents(5));
    await waitFor(() => server.seen.length === 1);
    await sink.write(makeEvents(3, 'queued'));
    await sink.shutdown();

    assert.deepStrictEqual(sink.stats().dropped, { shutdown: 8 });
    assert.strictEqual(sink.stats().delivered, 0);
    assertBalanced(sink);
  });
});
