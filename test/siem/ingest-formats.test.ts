import assert from 'node:assert/strict';
import { IngestSink } from '../../exporters/sinks/ingest-sink';
import { ingestSinkOptionsFromEnv } from '../../exporters/sinks/ingest-options';
import type { TcellEventRecord } from '../../exporters/tcell-event';
import { IngestTestServer } from '../delivery/ingest-test-server';
import { describeErrors, ecsProblems, ocsfValidators } from './schema-check';

const RECORD: TcellEventRecord = {
  event_type: 'login',
  event_name: 'login-failure',
  user_id: 'alice',
  user_valid: true,
  session: '0123456789abcdef0123456789abcdef',
  remote_addr: '203.0.113.9',
  header_keys: ['HOST', 'USER_AGENT'],
  document_uri: '/login?next=',
  password_id: '89abcdef',
  password_spray_id: '01234567',
  event_time: '2026-12-04T10:00:00.000Z',
  trace_id: '0af7651916cd43dd8448eb211c80319c',
  span_id: 'b7ad6b7169203331',
  event_id: 'f'.repeat(32),
};

async function postedEvents(format: string): Promise<unknown[]> {
  const server = await IngestTestServer.start();
  try {
    const { options, problems } = ingestSinkOptionsFromEnv(
      { inputUrl: server.url, apiKey: 'key', appId: 'shop' },
      { TCELL_INGEST_FORMAT: format },
    );
    assert.deepEqual(problems, []);
    assert.ok(options !== undefined);
    const sink = new IngestSink({ ...options, formatContext: { serviceName: 'shop' } });
    await sink.write([RECORD]);
    await sink.shutdown();
    return server.acceptedEvents();
  } finally {
    await server.stop();
  }
}

describe('the ingest sink with TCELL_INGEST_FORMAT', () => {
  it('should post OCSF Authentication records that validate against the OCSF 1.8 schema', async () => {
    const [event] = await postedEvents('ocsf');
    const { authentication } = ocsfValidators();
    assert.ok(authentication(event), describeErrors(authentication));
    assert.equal((event as { class_uid: number }).class_uid, 3002);
    assert.equal((event as { metadata: { uid: string } }).metadata.uid, RECORD.event_id);
  });

  it('should post ECS documents with only defined fields', async () => {
    const [event] = await postedEvents('ecs');
    assert.deepEqual(ecsProblems(event as object), []);
    assert.equal((event as { event: { outcome: string } }).event.outcome, 'failure');
  });

  it('should name an unknown format as a configuration problem', () => {
    const { problems } = ingestSinkOptionsFromEnv(
      { inputUrl: 'http://127.0.0.1:9/' },
      { TCELL_INGEST_FORMAT: 'cef' },
    );
    assert.equal(problems.length, 1);
    assert.equal(problems[0].variable, 'TCELL_INGEST_FORMAT');
    assert.match(problems[0].message, /"cef" is not a record format; expected tcell, ocsf or ecs/);
  });
});
