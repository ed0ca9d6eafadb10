import assert from 'node:assert';
import { join } from 'node:path';
import type { AppProcess } from '../helpers/app-process';
import { readJsonLines, REPO_ROOT, startApp, tempFolder } from '../helpers/app-process';
import { IngestTestServer } from './ingest-test-server';
import { logRecordsOf, spanEventsOf } from './otlp-decode';
import { OtlpTestServer } from './otlp-test-server';

const APP = join(REPO_ROOT, 'build', 'examples', 'express-login', 'app.js');
const PRELOAD = ['--require', 'tcell-hooks/register'];

/**
 * Posts one failed login per user name, `concurrency` at a time, while `keepGoing()`; pushes
 * each user name that got an answer onto `answered` as it happens, and returns it.
 */
async function postLogins(
  app: AppProcess,
  usernames: readonly string[],
  concurrency: number,
  keepGoing: () => boolean = () => true,
  answered: string[] = [],
): Promise<string[]> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < usernames.length && keepGoing()) {
      const username = usernames[next++];
      try {
        const response = await fetch(`${app.baseUrl}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ username, password: `pw-${username}` }).toString(),
          redirect: 'manual',
        });
        await response.arrayBuffer();
        answered.push(username);
      } catch {
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answered;
}

/** The `tcell-hooks delivery-stats:` lines the preload prints at shutdown, by sink. */
function deliveryStats(stdout: string): Record<string, Record<string, number>> {
  const stats: Record<string, Record<string, number>> = {};
  for (const match of stdout.matchAll(/delivery-stats: sink=(\w+) ([^\n]*)/g)) {
    const numbers: Record<string, number> = {};
    for (const [, key, value] of match[2].matchAll(/(\w+)=(\d+)/g)) numbers[key] = Number(value);
    stats[match[1]] = numbers;
  }
  return stats;
}

function sorted(values: readonly unknown[]): unknown[] {
  return [...values].sort();
}

describe('tcell-hooks preload delivery', function () {
  this.timeout(60_000);
  let ingest: IngestTestServer;
  let otlp: OtlpTestServer;
  let app: AppProcess | undefined;

  beforeEach(async () => {
    ingest = await IngestTestServer.start();
    otlp = await OtlpTestServer.start();
  });

  afterEach(async () => {
    await app?.stop('SIGKILL');
    app = undefined;
    await ingest.stop();
    await otlp.stop();
  });

  it('should deliver 1,000 logins exactly once under a 1% trace sampler', async () => {
    const file = join(tempFolder(), 'events.jsonl');
    app = await startApp(APP, {
      nodeArgs: PRELOAD,
      env: {
        TCELL_AGENT_APP_ID: 'app-sampled',
        TCELL_AGENT_API_KEY: 'ingest-key',
        TCELL_EVENTS_FILE: file,
        TCELL_INPUT_URL: ingest.url,
        TCELL_LOG_LEVEL: 'info',
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.01',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      },
    });
    const usernames = Array.from({ length: 1000 }, (_, index) => `sampled-${index}`);
    const answered = await postLogins(app, usernames, 10);
    assert.strictEqual(answered.length, 1000);
    await app.stop('SIGTERM');

    const fileEvents = readJsonLines(file);
    const fileIds = fileEvents.map((event) => event.event_id);
    assert.strictEqual(fileEvents.length, 1000);
    assert.strictEqual(new Set(fileIds).size, 1000);
    assert.deepStrictEqual(sorted(fileEvents.map((event) => event.user_id)), sorted(usernames));

    const ingestIds = ingest.acceptedEvents().map((event) => event.event_id);
    assert.strictEqual(ingestIds.length, 1000);
    assert.deepStrictEqual(sorted(ingestIds), sorted(fileIds));
    assert.ok(
      ingest.seen.every((request) => request.headers.authorization === 'Bearer ingest-key'),
    );

    const logIds = logRecordsOf(otlp.posts)
      .filter((record) => record.name === 'tcell.login')
      .map((record) => record.attributes['tcell.login.id']);
    assert.deepStrictEqual(sorted(logIds), sorted(fileIds));
    // The sampler kept about 10 of the 1,000 spans, and their span events with them.
    const spanIds = spanEventsOf(otlp.posts)
      .filter((event) => event.name === 'tcell.login')
      .map((event) => event.attributes['tcell.login.id']);
    assert.ok(spanIds.length < 60, `${spanIds.length} span events: the sampler was not applied`);
    assert.ok(spanIds.every((id) => fileIds.includes(id)));

    const stats = deliveryStats(app.output().stdout);
    for (const sink of ['processor', 'jsonl', 'ingest']) {
      assert.deepStrictEqual(
        stats[sink],
        { accepted: 1000, delivered: 1000, pending: 0, dropped: 0 },
        sink,
      );
    }
  });

  it('should send span events and log events as OTLP http/protobuf, correlated', async () => {
    app = await startApp(APP, {
      nodeArgs: PRELOAD,
      env: {
        TCELL_AGENT_APP_ID: 'app-proto',
        TCELL_EVENTS_FILE: join(tempFolder(), 'events.jsonl'),
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      },
    });
    const usernames = Array.from({ length: 20 }, (_, index) => `proto-${index}`);
    await postLogins(app, usernames, 4);
    await app.stop('SIGTERM');

    assert.ok(otlp.posts.every((post) => post.contentType === 'application/x-protobuf'));
    const spanEvents = spanEventsOf(otlp.posts).filter((event) => event.name === 'tcell.login');
    const logRecords = logRecordsOf(otlp.posts).filter((record) => record.name === 'tcell.login');
    assert.strictEqual(spanEvents.length, 20);
    assert.strictEqual(logRecords.length, 20);
    assert.deepStrictEqual(
      sorted(logRecords.map((record) => record.attributes['user.id'])),
      sorted(usernames),
    );
    for (const record of logRecords) {
      const twin = spanEvents.find(
        (event) => event.attributes['tcell.login.id'] === record.attributes['tcell.login.id'],
      );
      assert.ok(twin !== undefined, 'log event without its span event');
      assert.strictEqual(record.traceId, twin.traceId);
      assert.strictEqual(record.spanId, twin.spanId);
      assert.deepStrictEqual(record.attributes, twin.attributes);
    }
    const everything = Buffer.concat(otlp.posts.map((post) => post.body)).toString('latin1');
    assert.ok(!everything.includes('pw-proto-'), 'a raw password left the process');
  });

  it('should deliver the queue to the ingest server after a SIGTERM while logins flow', async () => {
    const file = join(tempFolder(), 'events.jsonl');
    // A slow server and small batches, so that a backlog is queued when the signal comes.
    ingest.reply = () => ({ status: 200, delayMs: 50 });
    app = await startApp(APP, {
      nodeArgs: PRELOAD,
      env: {
        TCELL_AGENT_APP_ID: 'app-sigterm',
        TCELL_EVENTS_FILE: file,
        TCELL_INPUT_URL: ingest.url,
        TCELL_INGEST_MAX_BATCH_SIZE: '5',
        TCELL_LOG_LEVEL: 'info',
      },
    });
    const usernames = Array.from({ length: 400 }, (_, index) => `flow-${index}`);
    const running = app;
    let signalled = false;
    const answered: string[] = [];
    const flowing = postLogins(running, usernames, 5, () => !signalled, answered);
    while (answered.length < 100) await new Promise((done) => setTimeout(done, 5));

    // Every login answered so far was recorded before the signal and must be delivered.
    const answeredBeforeSignal = [...answered];
    const signalAt = Date.now();
    signalled = true;
    running.child.kill('SIGTERM');
    await flowing;
    await running.stop('SIGTERM');

    const delivered = ingest.acceptedEvents();
    const deliveredUsers = delivered.map((event) => event.user_id);
    assert.strictEqual(new Set(delivered.map((event) => event.event_id)).size, delivered.length);
    assert.ok(deliveredUsers.every((user) => usernames.includes(user as string)));
    assert.ok(
      ingest.seen.some((request) => request.at > signalAt && request.status === 200),
      'nothing was delivered after the signal: no queue to test',
    );
    const stats = deliveryStats(running.output().stdout);
    assert.strictEqual(stats.ingest.delivered, delivered.length);
    assert.strictEqual(stats.ingest.dropped, 0);
    assert.strictEqual(stats.ingest.pending, 0);
    assert.strictEqual(stats.ingest.accepted, stats.processor.delivered);
    assert.strictEqual(
      stats.processor.accepted,
      stats.processor.delivered + stats.processor.dropped,
    );
    assert.strictEqual(readJsonLines(file).length, delivered.length);
    const missing = answeredBeforeSignal.filter((user) => !deliveredUsers.includes(user));
    assert.deepStrictEqual(missing, []);
  });

  it('should name a bad ingest tuning variable and keep the hooks off', async () => {
    const file = join(tempFolder(), 'events.jsonl');
    app = await startApp(APP, {
      nodeArgs: PRELOAD,
      env: {
        TCELL_EVENTS_FILE: file,
        TCELL_INPUT_URL: ingest.url,
        TCELL_INGEST_TIMEOUT_MS: '0',
      },
    });
    await postLogins(app, ['off-1', 'off-2'], 1);
    const output = app.output();
    await app.stop('SIGTERM');

    assert.match(output.stdout + output.stderr, /tcell-hooks bad-config: TCELL_INGEST_TIMEOUT_MS /);
    assert.deepStrictEqual(readJsonLines(file), []);
    assert.strictEqual(ingest.seen.length, 0);
  });
});
