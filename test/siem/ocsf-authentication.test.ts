import assert from 'node:assert';
import { describeErrors, ocsfValidators } from './schema-check';
import { hmacHex, RUN_SETTINGS, siemLoginRun } from './login-run';
import type { LoginRun, MadeLogin } from './login-run';

// Parsed JSON read field by field; each assertion states the value it expects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ocsf = Record<string, any>;

function recordOf(run: LoginRun, login: MadeLogin): Ocsf {
  const sessionHmac = hmacHex(RUN_SETTINGS.hmacKey, login.sessionId, 32);
  const matches = run.ocsf.filter((record: Ocsf) => record.session?.uid === sessionHmac);
  const forUser = matches.filter((record: Ocsf) => record.status_id === (login.success ? 1 : 2));
  assert.strictEqual(forUser.length, 1, `one OCSF record for ${login.userId}`);
  return forUser[0];
}

describe('OCSF Authentication records from real logins', function () {
  this.timeout(60000);
  let run: LoginRun;
  const { authentication } = ocsfValidators();

  before(async () => {
    run = await siemLoginRun();
  });

  it('should write one record per login, each valid against the OCSF 1.8 class schema', () => {
    assert.strictEqual(run.ocsf.length, run.logins.length);
    for (const record of run.ocsf) {
      assert.ok(authentication(record), describeErrors(authentication));
    }
  });

  it('should classify each login as an Authentication Logon with its outcome', () => {
    for (const login of run.logins) {
      const record = recordOf(run, login);
      assert.strictEqual(record.class_uid, 3002);
      assert.strictEqual(record.category_uid, 3);
      assert.strictEqual(record.activity_id, 1);
      assert.strictEqual(record.type_uid, 3002 * 100 + 1);
      assert.strictEqual(record.type_name, 'Authentication: Logon');
      assert.strictEqual(record.status_id, login.success ? 1 : 2);
      assert.strictEqual(record.status, login.success ? 'Success' : 'Failure');
      assert.strictEqual(record.severity_id, 1);
      assert.strictEqual(record.severity, 'Informational');
      const detail = login.success
        ? undefined
        : login.userValid
          ? 'INVALID_CREDENTIALS'
          : 'USER_DOES_NOT_EXIST';
      assert.strictEqual(record.status_detail, detail);
    }
  });

  it('should name the user, source, service and request of each login', () => {
    for (const login of run.logins) {
      const record = recordOf(run, login);
      assert.deepStrictEqual(record.user, { name: login.userId });
      assert.deepStrictEqual(record.src_endpoint, { ip: '127.0.0.1' });
      assert.deepStrictEqual(record.service, { name: RUN_SETTINGS.serviceName });
      assert.strictEqual(record.http_request.user_agent, login.userAgent);
      const [path, query] = login.target.split('?');
      const url: Ocsf = { path };
      // The hooks keep query parameter names and drop their values.
      if (query !== undefined) url.query_string = query.replace(/=.*$/, '=');
      assert.deepStrictEqual(record.http_request.url, url);
      const referrer = login.referrer?.replace('next=/account&lang=en', 'next=&lang=');
      assert.strictEqual(record.http_request.referrer, referrer);
      assert.strictEqual(record.metadata.version, '1.8.0');
      assert.strictEqual(record.metadata.product.name, 'tcell-hooks');
    }
  });

  it('should carry the session only as its HMAC, and no password at all', () => {
    for (const login of run.logins) {
      const record = recordOf(run, login);
      assert.deepStrictEqual(record.session, {
        uid: hmacHex(RUN_SETTINGS.hmacKey, login.sessionId, 32),
      });
      assert.ok(!run.allText.includes(login.sessionId), 'raw session id written');
      assert.ok(!run.allText.includes(login.password), 'password written');
    }
  });

  it('should keep tCell-only fields in unmapped.tcell', () => {
    for (const login of run.logins) {
      const tcell = recordOf(run, login).unmapped.tcell;
      const message = `${RUN_SETTINGS.appId}:${login.password}:${login.userId}`;
      assert.strictEqual(tcell.password_id, hmacHex(RUN_SETTINGS.passwordHmacKey, message, 8));
      assert.strictEqual(tcell.user_valid, login.userValid);
      assert.match(tcell.span_id, /^[0-9a-f]{16}$/);
      if (login.rawHeaderNames !== undefined) {
        const expected = login.rawHeaderNames.map((name) => name.toUpperCase().replace(/-/g, '_'));
        assert.deepStrictEqual(tcell.header_keys, expected);
      }
    }
  });

  it('should keep the time and trace of the tCell record it maps', () => {
    for (const login of run.logins) {
      const record = recordOf(run, login);
      const sessionHmac = hmacHex(RUN_SETTINGS.hmacKey, login.sessionId, 32);
      const source: Ocsf | undefined = run.tcell.find(
        (line: Ocsf) =>
          line.session === sessionHmac &&
          line.event_name === (login.success ? 'login-success' : 'login-failure'),
      );
      assert.ok(source !== undefined);
      assert.strictEqual(record.time, new Date(source.event_time).getTime());
      assert.strictEqual(record.metadata.original_time, source.event_time);
      assert.match(record.metadata.correlation_uid, /^[0-9a-f]{32}$/);
      assert.strictEqual(record.metadata.correlation_uid, source.trace_id);
    }
  });

  it('should reject records the OCSF class does not allow', () => {
    const valid = structuredClone(run.ocsf[0]) as Ocsf;
    assert.ok(authentication(valid), describeErrors(authentication));

    const noTarget = structuredClone(valid);
    delete noTarget.service;
    assert.ok(!authentication(noTarget), 'service or dst_endpoint is required');
    const noUser = structuredClone(valid);
    noUser.user = {};
    assert.ok(!authentication(noUser), 'user needs a name, uid or account');
    const wrongClass = { ...structuredClone(valid), class_uid: 3003 };
    assert.ok(!authentication(wrongClass), 'class_uid must be 3002');
    const stringTime = { ...structuredClone(valid), time: new Date().toISOString() };
    assert.ok(!authentication(stringTime), 'time is epoch milliseconds');
    const unknownAttribute = { ...structuredClone(valid), session_id: 'abc' };
    assert.ok(!authentication(unknownAttribute), 'unknown attributes belong in unmapped');
    const badIp = structuredClone(valid);
    badIp.src_endpoint = { ip: 'not-an-ip' };
    assert.ok(!authentication(badIp), 'src_endpoint.ip must be an IP');
  });
});
