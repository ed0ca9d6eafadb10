import assert from 'node:assert';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { problemKeyCount } from '../../src/diagnostics';
import { assertValidRecord } from '../helpers/schema';
import { loginFields, materialize, nastyText, wrapOptions, wrapping } from './arbitraries';
import { HOOK_FORMS, HookHarness } from './harness';
import type { CallOutcome } from './harness';

// Wrappings under which the fields stay readable, so a valid status must give one event.
const READABLE = new Set([
  'plain',
  'frozen',
  'null-prototype',
  'json-with-proto',
  'throwing-getter',
]);
// What a diagnostic line may look like: stable prefix, a fixed kind, nothing that breaks lines.
const DIAGNOSTIC_LINE = /^tcell-hooks [a-z][a-z0-9-]*: [^\n\r\u2028\u2029]*$/;

function checkOutcome(outcome: CallOutcome): void {
  for (const record of outcome.records) {
    assertValidRecord(record);
    const line = JSON.stringify(record);
    assert.ok(!/[\n\r\u2028\u2029]/.test(line), 'a JSON line must hold no raw line break');
  }
  for (const line of outcome.diagnostics) assert.match(line, DIAGNOSTIC_LINE);
}

describe('login hooks under hostile input', function () {
  this.timeout(180_000);
  let harness: HookHarness;

  before(() => {
    harness = new HookHarness({
      appId: 'fuzz-app',
      hmacKey: 'fuzz-session-key',
      passwordHmacKey: 'fuzz-password-key',
    });
  });
  after(() => harness.close());

  for (const [formName, hook] of HOOK_FORMS) {
    it(`should never throw from ${formName} and only produce events that match the schema`, () => {
      fc.assert(
        fc.property(loginFields, wrapping, (fields, wrap) => {
          const options = wrapOptions(materialize(fields) as Record<string, unknown>, wrap);
          const outcome = harness.call(() => hook(options));

          checkOutcome(outcome);
          const status = fields.status;
          if (READABLE.has(wrap) && (status === 'success' || status === 'failure')) {
            assert.strictEqual(outcome.records.length, 1);
            assert.strictEqual(outcome.records[0].event_name, `login-${status}`);
          } else {
            assert.ok(outcome.records.length <= 1);
          }
        }),
        { numRuns: 2500 },
      );
    });

    it(`should never let a session id or password out through ${formName}`, () => {
      fc.assert(
        fc.property(loginFields, nastyText(200), (fields, noise) => {
          // Secrets are distinctive (never a substring of other output by chance) but carry
          // nasty characters, so escaping or cleaning cannot hide a leak from the check.
          const sessionId = `sid-${randomBytes(12).toString('hex')}${noise}`;
          const password = `pw-${randomBytes(12).toString('hex')}${noise}`;
          const made = materialize(fields) as Record<string, unknown>;
          const options = { ...made, status: 'success', sessionId, password };
          const outcome = harness.call(() => hook(options));

          checkOutcome(outcome);
          assert.strictEqual(outcome.records.length, 1);
          const everything = JSON.stringify(outcome.records) + outcome.diagnostics.join('\n');
          for (const secret of [sessionId, password]) {
            assert.ok(!everything.includes(secret.slice(0, 28)), 'a secret left the process');
          }
          assert.match(outcome.records[0].session ?? '', /^[0-9a-f]{32}$/);
        }),
        { numRuns: 700 },
      );
    });
  }

  it('should leave Object.prototype untouched and keep the map of problem kinds small', () => {
    assert.deepStrictEqual(
      Object.getOwnPropertyNames(Object.prototype).sort(),
      [...Object.getOwnPropertyNames(Object.getPrototypeOf({}))].sort(),
    );
    assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(problemKeyCount() <= 40, `${problemKeyCount()} problem kinds remembered`);
  });
});
