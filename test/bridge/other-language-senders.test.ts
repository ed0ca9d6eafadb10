import assert from 'node:assert';
import { TcellBridge } from '../../bridge/tcell-bridge';
import { MemorySink } from './memory-sink';

/** One OTLP/JSON attribute, written out as any OTLP library would encode it. */
function attribute(key: string, value: Record<string, unknown>): Record<string, unknown> {
  return { key, value };
}

describe('TcellBridge with hand-written OTLP/JSON from other languages', () => {
  const sink = new MemorySink();
  const bridge = new TcellBridge({ sinks: [sink] });
  let baseUrl: string;

  before(async () => {
    const { port } = await bridge.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${port}`;
  });

  after(() => bridge.shutdown());

  beforeEach(() => {
    sink.records.length = 0;
  });

  async function post(path: string, request: unknown): Promise<unknown> {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(request),
    });
    assert.strictEqual(response.status, 200);
    return response.json();
  }

  it('should map every contract attribute of a span event', async () => {
    const attributes = [
      attribute('tcell.login.status', { stringValue: 'success' }),
      attribute('user.id', { stringValue: 'dana@example.org' }),
      attribute('tcell.login.user_valid', { boolValue: true }),
      attribute('tcell.session.hmac', { stringValue: '0123456789abcdef0123456789abcdef' }),
      attribute('tcell.request.header_keys', {
        arrayValue: { values: [{ stringValue: 'HOST' }, { stringValue: 'ACCEPT' }] },
      }),
      attribute('client.address', { stringValue: '198.51.100.23' }),
      attribute('user_agent.original', { stringValue: 'python-requests/2.32' }),
      attribute('tcell.request.referrer', { stringValue: 'https://shop.example/cart?id=' }),
      attribute('url.path', { stringValue: '/accounts/login' }),
      attribute('url.query', { stringValue: 'next=' }),
      attribute('tcell.password.fingerprint', { stringValue: '9abc0123' }),
      attribute('tcell.password.spray_fingerprint', { stringValue: '4567cdef' }),
      attribute('tcell.login.id', { stringValue: '00112233445566778899aabbccddeeff' }),
      // Not part of the contract; must be ignored without harm.
      attribute('app.extra', { kvlistValue: { values: [] } }),
      attribute('app.blob', { bytesValue: 'AAEC' }),
    ];
    const request = {
      resourceSpans: [
        {
          resource: { attributes: [attribute('service.name', { stringValue: 'django-shop' })] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 'ABCDEF0123456789ABCDEF0123456789',
                  spanId: '0123456789ABCDEF',
                  events: [
                    { name: 'tcell.login', timeUnixNano: '1733300000999000001', attributes },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };

    assert.deepStrictEqual(await post('/v1/traces', request), {});
    assert.deepStrictEqual(sink.records, [
      {
        event_type: 'login',
        event_name: 'login-success',
        user_id: 'dana@example.org',
        user_valid: true,
        session: '0123456789abcdef0123456789abcdef',
        user_agent: 'python-requests/2.32',
        referrer: 'https://shop.example/cart?id=',
        remote_addr: '198.51.100.23',
        header_keys: ['HOST', 'ACCEPT'],
        document_uri: '/accounts/login?next=',
        password_id: '9abc0123',
        event_time: '2024-12-04T08:13:20.999Z',
        trace_id: 'abcdef0123456789abcdef0123456789',
        span_id: '0123456789abcdef',
        event_id: '00112233445566778899aabbccddeeff',
        password_spray_id: '4567cdef',
        service_name: 'django-shop',
      },
    ]);
  });

  it('should take a log record named by the event.name attribute, as older senders do', async () => {
    const request = {
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                {
                  // No time of its own: the observed time stands in.
                  observedTimeUnixNano: '1733300000500000000',
                  attributes: [
                    attribute('event.name', { stringValue: 'tcell.login' }),
                    attribute('tcell.login.status', { stringValue: 'failure' }),
                    attribute('user.id', { stringValue: 'erin' }),
                  ],
                },
                {
                  // A JSON number past 2^53 has lost its last digits; milliseconds survive.
                  timeUnixNano: 1733300000123000000,
                  eventName: 'tcell.login',
                  attributes: [attribute('tcell.login.status', { stringValue: 'success' })],
                },
                {
                  eventName: 'app.checkout',
                  attributes: [attribute('tcell.login.status', { stringValue: 'success' })],
                },
                {
                  body: { stringValue: 'GET /health 200' },
                  attributes: [attribute('event.name', { stringValue: 'http.access' })],
                },
              ],
            },
          ],
        },
      ],
    };

    assert.deepStrictEqual(await post('/v1/logs', request), {});
    assert.deepStrictEqual(sink.records, [
      {
        event_type: 'login',
        event_name: 'login-failure',
        user_id: 'erin',
        event_time: '2024-12-04T08:13:20.500Z',
      },
      { event_type: 'login', event_name: 'login-success', event_time: '2024-12-04T08:13:20.123Z' },
    ]);
  });

  it('should leave out contract attributes sent with the wrong type', async () => {
    const attributes = [
      attribute('tcell.login.status', { stringValue: 'failure' }),
      attribute('user.id', { intValue: '4217' }),
      attribute('tcell.login.user_valid', { stringValue: 'true' }),
      attribute('client.address', { doubleValue: 1.5 }),
    ];
    const request = {
      resourceSpans: [
        {
          scopeSpans: [
            { spans: [{ events: [{ name: 'tcell.login', timeUnixNano: '1000000', attributes }] }] },
          ],
        },
      ],
    };

    await post('/v1/traces', request);
    assert.deepStrictEqual(sink.records, [
      { event_type: 'login', event_name: 'login-failure', event_time: '1970-01-01T00:00:00.001Z' },
    ]);
  });
});
