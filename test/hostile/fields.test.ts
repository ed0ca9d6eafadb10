import assert from 'node:assert';
import { createHmac } from 'node:crypto';
import { resetProblemReports } from '../../src/diagnostics';
import { assertValidRecord } from '../helpers/schema';
import { HOOK_FORMS, HookHarness } from './harness';
import type { CallOutcome } from './harness';

const KEY = 'fields-key';
const hmac32 = (message: string): string =>
  createHmac('sha256', KEY).update(message, 'utf8').digest('hex').slice(0, 32);

describe('login event fields', () => {
  let harness: HookHarness;
  before(() => {
    harness = new HookHarness({ appId: 'fields-app', hmacKey: KEY, passwordHmacKey: 'pw-key' });
  });
  after(() => harness.close());

  for (const [formName, hook] of HOOK_FORMS) {
    describe(formName, () => {
      const call = (options: unknown): CallOutcome => {
        resetProblemReports();
        const outcome = harness.call(() => hook(options));
        outcome.records.forEach(assertValidRecord);
        return outcome;
      };
      const one = (options: unknown): Record<string, unknown> => {
        const { records } = call(options);
        assert.strictEqual(records.length, 1);
        return records[0] as unknown as Record<string, unknown>;
      };

      it('should stringify numeric, bigint and text-object user ids', () => {
        class AccountId {
          toString(): string {
            return 'acct-7';
          }
        }
        assert.strictEqual(one({ status: 'success', userId: 42 }).user_id, '42');
        assert.strictEqual(
          one({ status: 'success', userId: 12345678901234567890n }).user_id,
          '12345678901234567890',
        );
        assert.strictEqual(one({ status: 'success', userId: new AccountId() }).user_id, 'acct-7');
      });

      it('should omit null, undefined and empty fields without a diagnostic', () => {
        const outcome = call({
          status: 'failure',
          userId: null,
          sessionId: undefined,
          userAgent: '',
        });
        assert.strictEqual(outcome.records.length, 1);
        const record = outcome.records[0];
        assert.strictEqual(record.user_id, undefined);
        assert.strictEqual(record.session, undefined);
        assert.strictEqual(record.user_agent, undefined);
        assert.deepStrictEqual(outcome.diagnostics, []);
      });

      it('should survive a user id whose toString throws, losing only that field', () => {
        const userId = {
          toString() {
            throw new Error('no');
          },
        };
        const outcome = call({ status: 'failure', userId, sessionId: 'sid-1' });
        assert.strictEqual(outcome.records.length, 1);
        assert.strictEqual(outcome.records[0].user_id, undefined);
        assert.strictEqual(outcome.records[0].session, hmac32('sid-1'));
        assert.deepStrictEqual(outcome.diagnostics, [
          'tcell-hooks bad-field: userId could not be turned into text; left out',
        ]);
      });

      it('should survive a throwing getter on the options, losing only that field', () => {
        const options = { status: 'success', userId: 'carol' };
        Object.defineProperty(options, 'userAgent', {
          get() {
            throw new Error('boom');
          },
        });
        const record = one(options);
        assert.strictEqual(record.user_id, 'carol');
        assert.strictEqual(record.user_agent, undefined);
      });

      it('should survive a Proxy that throws on every access, recording nothing', () => {
        const trap = (): never => {
          throw new Error('trap');
        };
        const options = new Proxy(
          {},
          { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap },
        );
        assert.strictEqual(call(options).records.length, 0);
        const { proxy, revoke } = Proxy.revocable({ status: 'success' }, {});
        revoke();
        assert.strictEqual(call(proxy).records.length, 0);
      });

      it('should accept frozen and null-prototype options', () => {
        assert.strictEqual(one(Object.freeze({ status: 'success', userId: 'f' })).user_id, 'f');
        const bare = Object.assign(Object.create(null), { status: 'failure', userId: 'n' });
        assert.strictEqual(one(bare).user_id, 'n');
      });

      it('should record nothing, with one bad-options line, for options that are no object', () => {
        for (const options of ['success', 42, null, undefined, true]) {
          const outcome = call(options);
          assert.strictEqual(outcome.records.length, 0);
          assert.strictEqual(outcome.diagnostics.length, 1);
          assert.match(outcome.diagnostics[0], /^tcell-hooks bad-options: /);
        }
      });

      it('should keep __proto__ and constructor keys inert', () => {
        const options = JSON.parse(
          '{"__proto__":{"status":"success","userId":"evil","polluted":1},' +
            '"constructor":{"prototype":{"polluted":1}},"status":"failure","userId":"alice"}',
        );
        const record = one(options);
        assert.strictEqual(record.event_name, 'login-failure');
        assert.strictEqual(record.user_id, 'alice');
        assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
        const onlyInProto = JSON.parse('{"__proto__":{"status":"success"}}');
        assert.strictEqual(call(onlyInProto).records.length, 0);
      });

      it('should neutralise line breaks, controls, bidi overrides and lone surrogates', () => {
        const record = one({
          status: 'success',
          userId: 'alice\n{"event_type":"login"}\r\u2028\u202e\u0000\u001b[2J\ud800',
          userAgent: 'UA\r\nX-Injected: 1\u0085',
        });
        assert.strictEqual(record.user_id, 'alice {"event_type":"login"}     [2J\ufffd');
        assert.strictEqual(record.user_agent, 'UA  X-Injected: 1 ');
        assert.ok(!JSON.stringify(record).includes('\n'));
      });

      it('should cut long text with a marker, never inside a surrogate pair', () => {
        const userAgent = `${'x'.repeat(2047)}\ud83d\ude00tail`;
        assert.strictEqual(
          one({ status: 'success', userAgent }).user_agent,
          `${'x'.repeat(2047)}...[cut]`,
        );
        const fits = `${'x'.repeat(2046)}\ud83d\ude00`;
        assert.strictEqual(one({ status: 'success', userAgent: fits }).user_agent, fits);
      });

      it('should drop invalid IP strings and normalise valid ones', () => {
        for (const garbage of [
          '1.2.3',
          'localhost',
          '::ffff:999.1.1.1',
          '1.2.3.4.5',
          'x'.repeat(100),
        ]) {
          const outcome = call({ status: 'success', remoteAddress: garbage });
          assert.strictEqual(outcome.records[0].remote_addr, undefined, garbage);
          assert.deepStrictEqual(outcome.diagnostics, [
            'tcell-hooks bad-ip: remoteAddress is not an IP address; the field is left out',
          ]);
        }
        const forms: Array<[string, string]> = [
          ['::ffff:10.0.0.1', '10.0.0.1'],
          ['[::1]', '::1'],
          ['fe80::1%eth0', 'fe80::1'],
          ['FE80::ABCD', 'fe80::abcd'],
          [' 192.168.0.1 ', '192.168.0.1'],
        ];
        for (const [given, expected] of forms) {
          assert.strictEqual(
            one({ status: 'success', remoteAddress: given }).remote_addr,
            expected,
          );
        }
      });

      it('should normalise header keys, keep order and duplicates, and cap key length', () => {
        const headerKeys = [
          'Host',
          'user-agent',
          'HTTP_X_FORWARDED_FOR',
          '__proto__',
          'constructor',
          42,
          null,
          '',
          'host',
        ];
        assert.deepStrictEqual(one({ status: 'success', headerKeys }).header_keys, [
          'HOST',
          'USER_AGENT',
          'X_FORWARDED_FOR',
          '__PROTO__',
          'CONSTRUCTOR',
          '42',
          'HOST',
        ]);
        const long = one({ status: 'success', headerKeys: ['k'.repeat(500)] });
        assert.deepStrictEqual(long.header_keys, [`${'K'.repeat(128)}...[cut]`]);
      });

      it('should hash a long session id whole, so ids that share a prefix never collide', () => {
        const prefix = 's'.repeat(9999);
        const first = one({ status: 'success', sessionId: `${prefix}1` }).session;
        const second = one({ status: 'success', sessionId: `${prefix}2` }).session;
        assert.strictEqual(first, hmac32(`${prefix}1`));
        assert.strictEqual(second, hmac32(`${prefix}2`));
        assert.notStrictEqual(first, second);
      });

      it('should drop a non-string password, with one line that does not quote it', () => {
        const outcome = call({ status: 'success', userId: 'u', password: 1234567 });
        assert.strictEqual(outcome.records[0].password_id, undefined);
        assert.strictEqual(outcome.diagnostics.length, 1);
        assert.ok(!outcome.diagnostics[0].includes('1234567'));
      });

      it('should name a wrong status without quoting arbitrary text', () => {
        const likely = call({ status: 'SUCCESS' });
        assert.strictEqual(likely.records.length, 0);
        assert.match(
          likely.diagnostics[0],
          /^tcell-hooks unknown-login-status: unknown login status "SUCCESS"/,
        );
        const secret = call({ status: 'hunter2-password' });
        assert.ok(!secret.diagnostics[0].includes('hunter2'));
        assert.match(secret.diagnostics[0], /a string of 16 characters/);
      });
    });
  }
});

describe('HIPAA-safe mode in process', () => {
  let harness: HookHarness;
  before(() => {
    harness = new HookHarness({ hmacKey: KEY, hipaaSafeMode: true });
  });
  after(() => harness.close());

  it('should send user id and value-stripped referrer as HMACs under the session key', () => {
    const userId = 'patient-0042@example.org';
    const longUserId = 'p'.repeat(100_000);
    for (const [given, expected] of [
      [userId, hmac32(userId)],
      [42, hmac32('42')],
      [longUserId, hmac32(longUserId)],
    ] as const) {
      resetProblemReports();
      const { records, diagnostics } = harness.call(() =>
        HOOK_FORMS[0][1]({
          status: 'success',
          userId: given,
          sessionId: 'hipaa-session',
          referrer: 'https://clinic.example/chart?patient=0042&tab=notes#top',
        }),
      );
      assert.strictEqual(records.length, 1);
      assertValidRecord(records[0]);
      assert.strictEqual(records[0].user_id, expected);
      assert.strictEqual(records[0].referrer, hmac32('https://clinic.example/chart?patient=&tab='));
      assert.strictEqual(records[0].session, hmac32('hipaa-session'));
      assert.deepStrictEqual(diagnostics, []);
    }
  });
});
