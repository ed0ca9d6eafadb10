import assert from 'node:assert';
import type { HrTime } from '@opentelemetry/api';
import fc from 'fast-check';
import {
  hrTimeToIso,
  toTcellEventRecord,
  toTcellLoginEvent,
  toTcellRecord,
} from '../../exporters/login-event-mapper';

/** Attributes of a login as the recorder writes them, every field present. */
const FULL_ATTRIBUTES = {
  'tcell.login.status': 'failure',
  'user.id': 'alice',
  'tcell.login.user_valid': true,
  'tcell.session.hmac': '0123456789abcdef0123456789abcdef',
  'user_agent.original': 'curl/8.5.0',
  'tcell.request.referrer': 'https://example.com/',
  'client.address': '192.0.2.7',
  'tcell.request.header_keys': ['HOST', 'USER_AGENT', 'ACCEPT'],
  'url.path': '/login',
  'url.query': 'next=%2F',
  'tcell.password.fingerprint': '89abcdef',
  'tcell.login.id': 'fedcba9876543210fedcba9876543210',
  'tcell.password.spray_fingerprint': '01234567',
};

describe('Login record mapping', () => {
  it('should write every field in the tCell key order, extensions last', () => {
    const time: HrTime = [1_718_000_000, 123_456_789];
    const record = toTcellRecord(FULL_ATTRIBUTES, {
      time,
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
    });
    // Expected line written out by hand: the order and every value.
    const expected =
      '{"event_type":"login","event_name":"login-failure","user_id":"alice",' +
      '"user_valid":true,"session":"0123456789abcdef0123456789abcdef",' +
      '"user_agent":"curl/8.5.0","referrer":"https://example.com/",' +
      '"remote_addr":"192.0.2.7","header_keys":["HOST","USER_AGENT","ACCEPT"],' +
      '"document_uri":"/login?next=%2F","password_id":"89abcdef",' +
      '"event_time":"2024-06-10T06:13:20.123Z","trace_id":"' +
      'a'.repeat(32) +
      '","span_id":"' +
      'b'.repeat(16) +
      '","event_id":"fedcba9876543210fedcba9876543210","password_spray_id":"01234567"}';
    assert.strictEqual(JSON.stringify(record), expected);
  });

  it('should leave out malformed ids and values of the wrong type', () => {
    const record = toTcellRecord(
      {
        'tcell.login.status': 'success',
        'user.id': 42,
        'tcell.request.header_keys': ['HOST', 7, 'ACCEPT'],
        'tcell.login.id': 'FEDCBA9876543210FEDCBA9876543210',
        'tcell.password.spray_fingerprint': '0123456',
      },
      { time: [0, 0] },
    );
    assert.deepStrictEqual(record, {
      event_type: 'login',
      event_name: 'login-success',
      header_keys: ['HOST', 'ACCEPT'],
      event_time: '1970-01-01T00:00:00.000Z',
    });
  });

  it('should give no record for a missing or unknown status', () => {
    assert.strictEqual(toTcellRecord({ 'user.id': 'a' }, { time: [0, 0] }), undefined);
    assert.strictEqual(toTcellRecord({ 'tcell.login.status': 'ok' }, { time: [0, 0] }), undefined);
  });

  it('should make the same record as the event and record mappers together', () => {
    const origin = { time: [1_700_000_001, 5_000_000] as HrTime, traceId: 'c'.repeat(32) };
    const event = toTcellLoginEvent(FULL_ATTRIBUTES);
    assert.ok(event !== undefined);
    const combined = toTcellEventRecord(event, {
      ...origin,
      eventId: FULL_ATTRIBUTES['tcell.login.id'],
      passwordSprayId: FULL_ATTRIBUTES['tcell.password.spray_fingerprint'],
    });
    assert.strictEqual(
      JSON.stringify(toTcellRecord(FULL_ATTRIBUTES, origin)),
      JSON.stringify(combined),
    );
  });

  it('should format any time exactly as Date#toISOString does', () => {
    const seconds = fc.oneof(
      fc.integer({ min: -62_135_596_800, max: 253_402_300_799 }),
      fc.integer({ min: 1_600_000_000, max: 1_600_000_003 }),
    );
    const nanoseconds = fc.integer({ min: 0, max: 999_999_999 });
    fc.assert(
      fc.property(seconds, nanoseconds, (whole, fraction) => {
        const expected = new Date(whole * 1000 + Math.floor(fraction / 1e6)).toISOString();
        assert.strictEqual(hrTimeToIso([whole, fraction]), expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('should format times outside four-digit years and fractional seconds like Date', () => {
    const times: HrTime[] = [
      [253_402_300_800, 1_000_000],
      [-62_135_596_801, 999_000_000],
      [1_600_000_000.5, 250_000_000],
      [1_600_000_000, 1.5e9],
    ];
    for (const [whole, fraction] of times) {
      const expected = new Date(whole * 1000 + Math.floor(fraction / 1e6)).toISOString();
      assert.strictEqual(hrTimeToIso([whole, fraction]), expected);
    }
  });
});
