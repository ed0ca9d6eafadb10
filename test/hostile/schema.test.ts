import assert from 'node:assert';
import { readFileSync } from 'node:fs';
import {
  assertValidEvent,
  assertValidRecord,
  EVENT_SCHEMA_PATH,
  RECORD_SCHEMA_PATH,
} from '../helpers/schema';

const GOOD_RECORD = {
  event_type: 'login',
  event_name: 'login-failure',
  user_id: 'alice@example.org',
  user_valid: true,
  session: '0123456789abcdef0123456789abcdef',
  user_agent: 'Mozilla/5.0',
  referrer: 'https://example.org/login?next=',
  remote_addr: '2001:db8::1',
  header_keys: ['HOST', 'USER_AGENT'],
  document_uri: '/login?next=',
  password_id: '89abcdef',
  password_spray_id: '01234567',
  event_time: '2026-01-02T03:04:05.678Z',
  trace_id: '0123456789abcdef0123456789abcdef',
  span_id: '0123456789abcdef',
  event_id: 'fedcba9876543210fedcba9876543210',
};

describe('the shipped JSON Schemas', () => {
  it('should accept a complete record, and the same event without its extension keys', () => {
    assertValidRecord(GOOD_RECORD);
    const event: Record<string, unknown> = { ...GOOD_RECORD };
    for (const key of ['event_time', 'trace_id', 'span_id', 'event_id', 'password_spray_id']) {
      delete event[key];
    }
    assertValidEvent(event);
    assert.throws(() => assertValidEvent(GOOD_RECORD), /must NOT have additional properties/);
  });

  it('should reject what the hooks must never produce', () => {
    const bad: Array<[string, Record<string, unknown>]> = [
      ['an unknown key', { password: 'hunter2' }],
      ['a raw session id', { session: 'not-a-hmac' }],
      ['a newline in a field', { user_agent: 'a\nb' }],
      ['a line separator', { user_id: 'a\u2028b' }],
      ['a lone surrogate', { user_id: 'a\ud800b' }],
      ['an address that is not an IP', { remote_addr: 'localhost' }],
      ['too many header keys', { header_keys: Array.from({ length: 129 }, () => 'A') }],
      ['a user agent past the limit', { user_agent: 'x'.repeat(2057) }],
      ['a long password fingerprint', { password_id: '0123456789' }],
      ['an unknown event name', { event_name: 'login-maybe' }],
      ['a local event time', { event_time: '2026-01-02T03:04:05.678+01:00' }],
      ['a malformed event id', { event_id: 'not-hex' }],
      ['a spray fingerprint without password_id', { password_id: undefined }],
    ];
    for (const [what, change] of bad) {
      assert.throws(() => assertValidRecord({ ...GOOD_RECORD, ...change }), /does not match/, what);
    }
  });

  it('should define every tCell key identically in both schemas', () => {
    const event = JSON.parse(readFileSync(EVENT_SCHEMA_PATH, 'utf8'));
    const record = JSON.parse(readFileSync(RECORD_SCHEMA_PATH, 'utf8'));
    for (const [key, definition] of Object.entries(event.properties)) {
      assert.deepStrictEqual(record.properties[key], definition, key);
    }
    assert.deepStrictEqual(
      Object.keys(record.properties).filter((key) => !(key in event.properties)),
      ['event_time', 'trace_id', 'span_id', 'event_id', 'password_spray_id', 'service_name'],
    );
  });

  it('should be reachable as tcell-hooks/schema/... through the package exports', () => {
    assert.strictEqual(
      require.resolve('tcell-hooks/schema/tcell-login-event.schema.json'),
      EVENT_SCHEMA_PATH,
    );
    assert.strictEqual(
      require.resolve('tcell-hooks/schema/tcell-event-record.schema.json'),
      RECORD_SCHEMA_PATH,
    );
  });
});
