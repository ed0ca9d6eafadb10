import assert from 'node:assert';
import { NO_TRACING } from '../../helpers/test-mode';
import type { CollectedSpan } from './otlp-collector';
import type { LoginRun } from './preloaded-app';

/** Asserts that a user's record has exactly the expected tCell fields plus time and ids. */
export function assertEveryField(run: LoginRun, userId: string): void {
  const record = run.records.get(userId);
  assert.ok(record, `no event for ${userId}; stderr:\n${run.stderr}`);
  const {
    event_time: time,
    trace_id: traceId,
    span_id: spanId,
    event_id: eventId,
    password_spray_id: sprayId,
    ...fields
  } = record;
  assert.strictEqual(sprayId === undefined, fields.password_id === undefined);
  if (sprayId !== undefined) assert.match(sprayId as string, /^[0-9a-f]{8}$/);
  assert.match(String(eventId), /^[0-9a-f]{32}$/);
  assert.deepStrictEqual(fields, run.expected.get(userId));
  assert.match(String(time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  if (NO_TRACING) {
    // No tracing ran: the collector got no span, and the ids are left out, never made up.
    assert.deepStrictEqual(run.spans, []);
    assert.strictEqual(traceId, undefined);
    assert.strictEqual(spanId, undefined);
    return;
  }
  assert.match(String(traceId), /^[0-9a-f]{32}$/);
  assert.match(String(spanId), /^[0-9a-f]{16}$/);
}

/**
 * Asserts that every event sits on the HTTP server span of its request (kind server, no
 * parent: the clients sent no trace context), and that each request's span has it once.
 */
export function assertOnServerSpans(run: LoginRun): void {
  assert.strictEqual(run.records.size, run.expected.size);
  for (const [userId, record] of run.records) {
    const span = run.spans.find(
      (candidate) => candidate.spanId === record.span_id && candidate.traceId === record.trace_id,
    );
    assert.ok(span, `no exported span ${String(record.span_id)} for ${userId}`);
    assert.strictEqual(span.kind, 2, `${userId}'s event is on a span of kind ${span.kind}`);
    assert.strictEqual(span.parentSpanId, undefined);
    assert.deepStrictEqual(
      span.eventNames.filter((name) => name === 'tcell.login'),
      ['tcell.login'],
    );
  }
  const loginEvents = run.spans.flatMap((span) =>
    span.eventNames.filter((name) => name === 'tcell.login'),
  );
  assert.strictEqual(loginEvents.length, run.expected.size);
}

/**
 * Asserts that a framework instrumentation was really active: in the trace of every login, a
 * span named by `pattern` sits below the server span that carries the event, so the event did
 * not simply land on the active span.
 */
export function assertFrameworkSpansBelow(run: LoginRun, pattern: RegExp): void {
  for (const [userId, record] of run.records) {
    const inTrace = run.spans.filter((span) => span.traceId === record.trace_id);
    const frameworkSpan = inTrace.find((span) => pattern.test(span.name));
    assert.ok(frameworkSpan, `no span matching ${String(pattern)} in ${userId}'s trace`);
    assert.notStrictEqual(frameworkSpan.spanId, record.span_id);
    assert.deepStrictEqual(frameworkSpan.eventNames, []);
    let ancestor: CollectedSpan | undefined = frameworkSpan;
    while (ancestor?.parentSpanId !== undefined) {
      const parentId: string = ancestor.parentSpanId;
      ancestor = inTrace.find((span) => span.spanId === parentId);
    }
    assert.strictEqual(ancestor?.spanId, record.span_id);
  }
}
