import assert from 'node:assert';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import { TcellBridge } from '../../bridge/tcell-bridge';
import { resetProblemReports } from '../../src/diagnostics';
import { assertValidRecord } from '../helpers/schema';
import { MemorySink } from './memory-sink';

const CUT = '...[cut]';

interface OtlpValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  arrayValue?: { values: OtlpValue[] };
}

function attribute(key: string, value: OtlpValue): { key: string; value: OtlpValue } {
  return { key, value };
}

function text(key: string, value: string): { key: string; value: OtlpValue } {
  return attribute(key, { stringValue: value });
}

/** An OTLP/JSON logs request with one `tcell.login` log record. */
function logRequest(
  attributes: { key: string; value: OtlpValue }[],
  extra: { serviceName?: string; timeUnixNano?: unknown } = {},
): string {
  const resource =
    extra.serviceName === undefined
      ? undefined
      : { attributes: [text('service.name', extra.serviceName)] };
  const logRecord = {
    timeUnixNano: extra.timeUnixNano ?? '1733300000000000000',
    eventName: 'tcell.login',
    attributes,
  };
  return JSON.stringify({ resourceLogs: [{ resource, scopeLogs: [{ logRecords: [logRecord] }] }] });
}

function capturingLogger(lines: string[]): DiagLogger {
  const keep = (message: string): void => {
    lines.push(message);
  };
  return { error: keep, warn: keep, info: keep, debug: keep, verbose: keep };
}

describe('TcellBridge with hostile login fields', () => {
  const diagnostics: string[] = [];
  const sink = new MemorySink();
  const bridge = new TcellBridge({ sinks: [sink], maxBodyBytes: 8 * 1024 * 1024 });
  let logsUrl: string;

  before(async () => {
    const { port } = await bridge.listen(0, '127.0.0.1');
    logsUrl = `http://127.0.0.1:${port}/v1/logs`;
    diag.setLogger(capturingLogger(diagnostics), DiagLogLevel.WARN);
  });

  after(async () => {
    diag.disable();
    await bridge.shutdown();
  });

  beforeEach(() => {
    resetProblemReports();
    diagnostics.length = 0;
    sink.records.length = 0;
  });

  async function post(body: string): Promise<void> {
    const response = await fetch(logsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const reply = await response.text();
    assert.strictEqual(response.status, 200, `${reply} ${sink.schemaErrors.join('\n')}`);
    assert.deepStrictEqual(JSON.parse(reply), {});
  }

  it('should clean, bound and drop hostile fields and still deliver the login', async () => {
    // Every character differs from its neighbours, so a cut in the wrong place shows.
    const longUserId = Array.from({ length: 3 * 1024 * 1024 }, (_, i) =>
      String.fromCharCode(97 + (i % 26)),
    ).join('');
    const headerNames = ['host', ...Array.from({ length: 20_000 }, (_, i) => `x-junk-${i}`)];
    const body = logRequest([
      text('tcell.login.status', 'failure'),
      text('user.id', longUserId),
      text('client.address', 'not-an-ip\nINJECT'),
      text('tcell.session.hmac', 'RAW-SESSION-SENT-BY-MISTAKE'),
      text('user_agent.original', 'Mozilla/5.0\u2028forged line\u202Eeurt'),
      attribute('tcell.request.header_keys', {
        arrayValue: { values: headerNames.map((name) => ({ stringValue: name })) },
      }),
    ]);
    await post(body);

    assert.strictEqual(sink.records.length, 1);
    const record = sink.records[0];
    assertValidRecord(record);
    assert.strictEqual(record.event_name, 'login-failure');
    assert.strictEqual(record.user_id, longUserId.slice(0, 512) + CUT);
    assert.strictEqual(record.user_agent, 'Mozilla/5.0 forged line eurt');
    assert.strictEqual(record.remote_addr, undefined);
    assert.strictEqual(record.session, undefined);
    const expectedKeys = headerNames
      .slice(0, 128)
      .map((name) => name.toUpperCase().replace(/-/g, '_'));
    assert.deepStrictEqual(record.header_keys, expectedKeys);

    const line = JSON.stringify(record);
    assert.ok(line.length < 10_000, `record is ${line.length} characters`);
    assert.ok(!line.includes('RAW-SESSION') && !line.includes('INJECT'), line);

    const logged = diagnostics.join('\n');
    for (const kind of ['field-cut', 'bad-ip', 'bad-field', 'too-many-header-keys']) {
      assert.ok(logged.includes(`tcell-hooks ${kind}: `), `no ${kind} in:\n${logged}`);
    }
    assert.ok(!logged.includes('RAW-SESSION') && !logged.includes('INJECT'), logged);
  });

  it('should keep hashes only in their exact hex form', async () => {
    const goodLoginId = 'a'.repeat(16) + '0123456789abcdef';
    await post(
      logRequest([
        text('tcell.login.status', 'success'),
        text('user.id', 'good-hashes'),
        text('tcell.session.hmac', '0123456789abcdef0123456789abcdef'),
        text('tcell.password.fingerprint', '89abcdef'),
        text('tcell.password.spray_fingerprint', '01234567'),
        text('tcell.login.id', goodLoginId),
      ]),
    );
    await post(
      logRequest([
        text('tcell.login.status', 'success'),
        text('user.id', 'bad-hashes'),
        // Upper-case hex, one digit too many, a raw password and a raw id: none is a hash.
        text('tcell.session.hmac', '0123456789ABCDEF0123456789ABCDEF'),
        text('tcell.password.fingerprint', '89abcdef0'),
        text('tcell.password.spray_fingerprint', 'hunter2!'),
        text('tcell.login.id', 'sess-ABC-raw-secret-0123456789ab'),
      ]),
    );
    await post(
      logRequest([
        text('tcell.login.status', 'success'),
        text('user.id', 'lone-fingerprint'),
        // tCell's fingerprint alone is kept: senders in other languages may not make the other.
        text('tcell.password.fingerprint', '89abcdef'),
      ]),
    );
    await post(
      logRequest([
        text('tcell.login.status', 'success'),
        text('user.id', 'lone-spray'),
        // A spray fingerprint without tCell's one is left out: both come from one password.
        text('tcell.password.spray_fingerprint', '01234567'),
      ]),
    );

    assert.deepStrictEqual(
      sink.records.map((record) => [
        record.user_id,
        record.session,
        record.password_id,
        record.password_spray_id,
        record.event_id,
      ]),
      [
        ['good-hashes', '0123456789abcdef0123456789abcdef', '89abcdef', '01234567', goodLoginId],
        ['bad-hashes', undefined, undefined, undefined, undefined],
        ['lone-fingerprint', undefined, '89abcdef', undefined, undefined],
        ['lone-spray', undefined, undefined, undefined, undefined],
      ],
    );
    for (const record of sink.records) assertValidRecord(record);
    const everything = JSON.stringify(sink.records) + diagnostics.join('\n');
    assert.ok(!everything.includes('hunter2') && !everything.includes('sess-ABC'), everything);
  });

  it('should strip query values, cut the service name and replace an impossible time', async () => {
    const before = Date.now();
    await post(
      logRequest(
        [
          text('tcell.login.status', 'failure'),
          text('tcell.request.referrer', 'https://shop.example/cart?token=s3cret&lang=en#frag'),
          text('url.path', '/login\r\nSet-Cookie: x'),
          text('url.query', 'next=/home&reset=s3cret'),
          text('client.address', '::FFFF:192.0.2.7'),
          attribute('tcell.login.user_valid', { stringValue: 'yes' }),
        ],
        // A JSON number of nanoseconds far past year 9999.
        { serviceName: 's'.repeat(5000), timeUnixNano: 1e30 },
      ),
    );
    const after = Date.now();

    assert.strictEqual(sink.records.length, 1);
    const record = sink.records[0];
    assertValidRecord(record);
    assert.strictEqual(record.referrer, 'https://shop.example/cart?token=&lang=');
    assert.strictEqual(record.document_uri, '/login  Set-Cookie: x?next=&reset=');
    assert.strictEqual(record.remote_addr, '192.0.2.7');
    assert.strictEqual(record.user_valid, undefined);
    assert.strictEqual(record.service_name, 's'.repeat(1024 - CUT.length) + CUT);
    const time = Date.parse(String(record.event_time));
    // The receive time, to the millisecond: the bridge read it between the two clock reads.
    assert.ok(time >= before - 1 && time <= after, String(record.event_time));
    assert.ok(!JSON.stringify(record).includes('s3cret'));
  });
});
