import { createHmac } from 'node:crypto';
import { readJsonLines } from '../helpers/app-process';

/** Keys the tests configure, so every hash can be recomputed here. */
export const TEST_KEYS = {
  TCELL_AGENT_APP_ID: 'clients-test-app',
  TCELL_HMAC_KEY: 'clients-test-session-key',
  TCELL_PASSWORD_HMAC_KEY: 'clients-test-password-key',
} as const;

/** The tCell session HMAC, computed with node:crypto alone. */
export function expectedSessionHmac(sessionId: string): string {
  return createHmac('sha256', TEST_KEYS.TCELL_HMAC_KEY)
    .update(sessionId, 'utf8')
    .digest('hex')
    .slice(0, 32);
}

/** The tCell password fingerprint, computed with node:crypto alone. */
export function expectedPasswordId(password: string, userId: string): string {
  return createHmac('sha256', TEST_KEYS.TCELL_PASSWORD_HMAC_KEY)
    .update(`${TEST_KEYS.TCELL_AGENT_APP_ID}:${password}:${userId}`, 'utf8')
    .digest('hex')
    .slice(0, 8);
}

/**
 * Waits until the events file holds more than `seen` events and returns the new ones. The
 * preload writes events in batches about a second after the request; the wait is bounded.
 */
export async function waitForNewEvents(
  eventsFile: string,
  seen: number,
  timeoutMs = 10000,
): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = readJsonLines(eventsFile);
    if (events.length > seen) return events.slice(seen);
    if (Date.now() > deadline) throw new Error(`no new event in ${eventsFile} after ${seen}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** An event without the JSONL extension keys (time, trace and span ids), after checking them. */
export function tcellFieldsOf(event: Record<string, unknown>): Record<string, unknown> {
  const {
    event_time: time,
    trace_id: traceId,
    span_id: spanId,
    event_id: eventId,
    password_spray_id: sprayId,
    ...fields
  } = event;
  if ((sprayId === undefined) !== (fields.password_id === undefined)) {
    throw new Error('password_spray_id must come exactly with password_id');
  }
  if (sprayId !== undefined && (typeof sprayId !== 'string' || !/^[0-9a-f]{8}$/.test(sprayId))) {
    throw new Error(`password_spray_id is not a fingerprint: ${JSON.stringify(sprayId)}`);
  }
  if (typeof eventId !== 'string' || !/^[0-9a-f]{32}$/.test(eventId)) {
    throw new Error(`event_id is not a login id: ${String(eventId)}`);
  }
  if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) {
    throw new Error(`event_time is not a time: ${String(time)}`);
  }
  if (typeof traceId !== 'string' || !/^[0-9a-f]{32}$/.test(traceId)) {
    throw new Error(`trace_id is not a trace id: ${String(traceId)}`);
  }
  if (typeof spanId !== 'string' || !/^[0-9a-f]{16}$/.test(spanId)) {
    throw new Error(`span_id is not a span id: ${String(spanId)}`);
  }
  return fields;
}

/** The value of cookie `name` among Set-Cookie header values, undefined if not set. */
export function cookieFrom(setCookies: readonly string[], name: string): string | undefined {
  for (const line of setCookies) {
    const [pair] = line.split(';');
    const equals = pair.indexOf('=');
    if (pair.slice(0, equals).trim() === name) return decodeURIComponent(pair.slice(equals + 1));
  }
  return undefined;
}
