import assert from 'node:assert';
import { gzipSync } from 'node:zlib';
import { Field, Type } from 'protobufjs';
import { TcellBridge } from '../../bridge/tcell-bridge';
import { MemorySink } from './memory-sink';

const BODY_LIMIT = 2048;

/** google.rpc.Status, declared here from its public definition to read protobuf error bodies. */
const RPC_STATUS = new Type('Status')
  .add(new Field('code', 1, 'int32'))
  .add(new Field('message', 2, 'string'));

interface Reply {
  status: number;
  contentType: string | null;
  body: Buffer;
}

/** A hand-written OTLP/JSON trace request with one login, as a non-JS sender would post it. */
function validTraceRequest(userId: string): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'py-shop' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: '5b8efff798038103d269b633813fc60c',
                spanId: 'eee19b7ec3c1b174',
                events: [
                  {
                    timeUnixNano: '1733300000123456789',
                    name: 'tcell.login',
                    attributes: [
                      { key: 'tcell.login.status', value: { stringValue: 'failure' } },
                      { key: 'user.id', value: { stringValue: userId } },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
}

interface MalformedCase {
  name: string;
  path?: string;
  method?: string;
  headers: Record<string, string>;
  body?: Buffer | string;
  status: number;
  reason: string;
}

const MALFORMED: MalformedCase[] = [
  {
    name: 'JSON that does not parse',
    headers: { 'content-type': 'application/json' },
    body: '{"resourceSpans": [',
    status: 400,
    reason: 'body is not valid JSON',
  },
  {
    name: 'JSON that is not an object',
    headers: { 'content-type': 'application/json' },
    body: '[1, 2]',
    status: 400,
    reason: 'body must be a JSON object holding an ExportTraceServiceRequest',
  },
  {
    name: 'JSON with a list where OTLP has an object',
    headers: { 'content-type': 'application/json' },
    body: '{"resourceSpans": {"scopeSpans": []}}',
    status: 400,
    reason: 'body is not an OTLP traces request: resourceSpans must be an array',
  },
  {
    name: 'JSON with an attribute key that is not a string',
    headers: { 'content-type': 'application/json' },
    body: validTraceRequest('x').replace('"key":"user.id"', '"key":7'),
    status: 400,
    reason: 'resourceSpans[0].scopeSpans[0].spans[0].events[0].attributes[1].key must be a string',
  },
  {
    name: 'protobuf with an invalid wire type',
    headers: { 'content-type': 'application/x-protobuf' },
    // Field 1 with wire type 7, which protobuf does not define.
    body: Buffer.from([0x0f, 0x01, 0x02]),
    status: 400,
    reason: 'body is not a valid protobuf ExportTraceServiceRequest',
  },
  {
    name: 'protobuf cut off inside a field',
    headers: { 'content-type': 'application/x-protobuf' },
    // Field 1, length-delimited, says 100 bytes follow; 2 do.
    body: Buffer.from([0x0a, 0x64, 0x0a, 0x00]),
    status: 400,
    reason: 'body is not a valid protobuf ExportTraceServiceRequest',
  },
  {
    name: 'a text/plain body',
    headers: { 'content-type': 'text/plain' },
    body: 'hello',
    status: 415,
    reason: 'unsupported Content-Type "text/plain"; expected application/json or',
  },
  {
    name: 'a body without Content-Type',
    headers: {},
    body: Buffer.from('{}'),
    status: 415,
    reason: 'missing Content-Type; expected application/json or application/x-protobuf',
  },
  {
    name: 'a brotli-encoded body',
    headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
    body: '{}',
    status: 415,
    reason: 'unsupported Content-Encoding "br"',
  },
  {
    name: 'a gzip label on a body that is not gzip',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: '{}',
    status: 400,
    reason: 'body is not valid gzip',
  },
  {
    name: 'a body over the limit',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ resourceSpans: [], padding: 'x'.repeat(BODY_LIMIT) }),
    status: 413,
    reason: `body is larger than the limit of ${BODY_LIMIT} bytes`,
  },
  {
    name: 'a small gzip body that inflates over the limit',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: gzipSync(JSON.stringify({ resourceSpans: [], padding: ' '.repeat(100 * BODY_LIMIT) })),
    status: 413,
    reason: `decompressed body is larger than the limit of ${BODY_LIMIT} bytes`,
  },
  {
    name: 'a GET',
    method: 'GET',
    headers: {},
    status: 405,
    reason: 'GET is not allowed; use POST',
  },
  {
    name: 'a path that is not an OTLP endpoint',
    path: '/v1/metrics',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    status: 404,
    reason: 'no OTLP endpoint at this path; use /v1/traces or /v1/logs',
  },
];

describe('TcellBridge with malformed requests', () => {
  const sink = new MemorySink();
  const bridge = new TcellBridge({ sinks: [sink], maxBodyBytes: BODY_LIMIT });
  let baseUrl: string;

  before(async () => {
    const { port } = await bridge.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${port}`;
  });

  after(() => bridge.shutdown());

  async function send(
    path: string,
    init: { method?: string; headers: Record<string, string>; body?: Buffer | string },
  ): Promise<Reply> {
    const response = await fetch(`${baseUrl}${path}`, init);
    const body = Buffer.from(await response.arrayBuffer());
    return { status: response.status, contentType: response.headers.get('content-type'), body };
  }

  async function assertValidRequestDelivers(userId: string): Promise<void> {
    const before = sink.records.length;
    const reply = await send('/v1/traces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: validTraceRequest(userId),
    });
    assert.strictEqual(reply.status, 200, reply.body.toString());
    assert.deepStrictEqual(JSON.parse(reply.body.toString()), {});
    assert.strictEqual(sink.records.length, before + 1);
    assert.deepStrictEqual(sink.records.at(-1), {
      event_type: 'login',
      event_name: 'login-failure',
      user_id: userId,
      event_time: '2024-12-04T08:13:20.123Z',
      trace_id: '5b8efff798038103d269b633813fc60c',
      span_id: 'eee19b7ec3c1b174',
      service_name: 'py-shop',
    });
  }

  for (const [index, malformed] of MALFORMED.entries()) {
    it(`should answer ${malformed.status} to ${malformed.name}, then keep serving`, async () => {
      const reply = await send(malformed.path ?? '/v1/traces', {
        method: malformed.method ?? 'POST',
        headers: malformed.headers,
        body: malformed.body,
      });

      assert.strictEqual(reply.status, malformed.status);
      const isProtobuf = malformed.headers['content-type'] === 'application/x-protobuf';
      const status = isProtobuf
        ? (RPC_STATUS.toObject(RPC_STATUS.decode(reply.body)) as { message: string })
        : (JSON.parse(reply.body.toString()) as { message: string });
      assert.strictEqual(
        reply.contentType,
        isProtobuf ? 'application/x-protobuf' : 'application/json',
      );
      assert.ok(
        status.message.includes(malformed.reason),
        `${JSON.stringify(status.message)} should contain ${JSON.stringify(malformed.reason)}`,
      );
      assert.strictEqual(sink.records.length, index);

      await assertValidRequestDelivers(`user-after-case-${index}`);
    });
  }

  it('should answer 503 when a sink fails, and deliver the retried request', async () => {
    sink.failingWrites = 1;
    const request = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: validTraceRequest('retried-user'),
    };
    const before = sink.records.length;

    const failed = await send('/v1/traces', request);
    assert.strictEqual(failed.status, 503);
    assert.match(JSON.parse(failed.body.toString()).message, /a sink failed/);
    assert.strictEqual(sink.records.length, before);

    const retried = await send('/v1/traces', request);
    assert.strictEqual(retried.status, 200);
    assert.strictEqual(sink.records.length, before + 1);
    assert.strictEqual(sink.records.at(-1)?.user_id, 'retried-user');
  });
});
