import assert from 'node:assert';
import { ecsProblems, flattenEcs } from './schema-check';
import { hmacHex, RUN_SETTINGS, siemLoginRun } from './login-run';
import type { LoginRun, MadeLogin } from './login-run';

// Parsed JSON read field by field; each assertion states the value it expects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ecs = Record<string, any>;

function documentOf(run: LoginRun, login: MadeLogin): Ecs {
  const sessionHmac = hmacHex(RUN_SETTINGS.hmacKey, login.sessionId, 32);
  const outcome = login.success ? 'success' : 'failure';
  const matches = run.ecs.filter(
    (document: Ecs) =>
      document.tcell?.session_hmac === sessionHmac && document.event.outcome === outcome,
  );
  assert.strictEqual(matches.length, 1, `one ECS document for ${login.userId}`);
  return matches[0];
}

/**
 * An sshd auth.log line as Elastic's system/auth pipeline shapes it (per the expected output
 * of the Filebeat module's tests): authentication category, `ssh_login` action, `info` type,
 * outcome from Accepted or Failed, user and source IP from the text.
 */
function sshdLineToEcs(line: string): Ecs {
  const match =
    /^(Accepted|Failed) (\S+) for (?:invalid user )?(\S+) from (\S+) port (\d+) ssh2/.exec(line);
  if (match === null) throw new Error(`not an sshd login line: ${line}`);
  return {
    '@timestamp': '2026-01-02T03:04:05.000Z',
    event: {
      kind: 'event',
      category: ['authentication'],
      type: ['info'],
      action: 'ssh_login',
      outcome: match[1] === 'Accepted' ? 'success' : 'failure',
    },
    user: { name: match[3] },
    source: { ip: match[4] },
  };
}

/** The fields Elastic's security views read from an authentication event, with their values. */
const AUTHENTICATION_SHAPE = [
  'event.kind',
  'event.category',
  'event.type',
  'event.outcome',
  'user.name',
  'source.ip',
];

describe('ECS documents from real logins', function () {
  this.timeout(60000);
  let run: LoginRun;

  before(async () => {
    run = await siemLoginRun();
  });

  it('should write one document per login, every field defined by ECS or tcell.*', () => {
    assert.strictEqual(run.ecs.length, run.logins.length);
    for (const document of run.ecs) assert.deepStrictEqual(ecsProblems(document), []);
  });

  it('should describe each login as an authentication start with its outcome', () => {
    for (const login of run.logins) {
      const document = documentOf(run, login);
      assert.strictEqual(document.event.kind, 'event');
      assert.deepStrictEqual(document.event.category, ['authentication']);
      assert.deepStrictEqual(document.event.type, ['start']);
      assert.strictEqual(document.event.action, login.success ? 'login-success' : 'login-failure');
      const reason = login.success
        ? undefined
        : login.userValid
          ? 'invalid credentials'
          : 'user does not exist';
      assert.strictEqual(document.event.reason, reason);
    }
  });

  it('should carry user, source, user agent, URL, referrer, trace and span', () => {
    for (const login of run.logins) {
      const document = documentOf(run, login);
      const source: Ecs | undefined = run.tcell.find(
        (line: Ecs) => line.span_id === document.span.id,
      );
      assert.ok(source !== undefined);
      assert.strictEqual(document['@timestamp'], source.event_time);
      assert.match(document.trace.id, /^[0-9a-f]{32}$/);
      assert.strictEqual(document.trace.id, source.trace_id);
      assert.deepStrictEqual(document.user, { name: login.userId });
      assert.deepStrictEqual(document.source, { ip: '127.0.0.1' });
      assert.deepStrictEqual(document.related, { ip: ['127.0.0.1'], user: [login.userId] });
      assert.strictEqual(document.user_agent.original, login.userAgent);
      const [path, query] = login.target.split('?');
      const url: Ecs = { path };
      if (query !== undefined) url.query = query.replace(/=.*$/, '=');
      assert.deepStrictEqual(document.url, url);
      const referrer = login.referrer?.replace('next=/account&lang=en', 'next=&lang=');
      assert.strictEqual(document.http?.request.referrer, referrer);
      assert.strictEqual(document.service.name, RUN_SETTINGS.serviceName);
    }
  });

  it('should keep the session only as its HMAC under tcell.*, with the other tCell fields', () => {
    for (const login of run.logins) {
      const { tcell } = documentOf(run, login);
      assert.strictEqual(tcell.session_hmac, hmacHex(RUN_SETTINGS.hmacKey, login.sessionId, 32));
      const message = `${RUN_SETTINGS.appId}:${login.password}:${login.userId}`;
      assert.strictEqual(tcell.password_id, hmacHex(RUN_SETTINGS.passwordHmacKey, message, 8));
      assert.strictEqual(tcell.user_valid, login.userValid);
      if (login.rawHeaderNames !== undefined) {
        const expected = login.rawHeaderNames.map((name) => name.toUpperCase().replace(/-/g, '_'));
        assert.deepStrictEqual(tcell.header_keys, expected);
      }
    }
  });

  it('should map web logins and sshd logins to the same authentication shape', () => {
    const sshdAccepted = sshdLineToEcs(
      'Accepted password for alice from 203.0.113.5 port 52211 ssh2',
    );
    const sshdFailed = sshdLineToEcs(
      'Failed password for invalid user mallory from 203.0.113.9 port 40022 ssh2',
    );
    const webSuccess = documentOf(run, run.logins[1]);
    const webFailure = documentOf(run, run.logins[2]);

    for (const [sshd, web] of [
      [sshdAccepted, webSuccess],
      [sshdFailed, webFailure],
    ]) {
      assert.deepStrictEqual(ecsProblems(sshd), []);
      const sshdFields = flattenEcs(sshd);
      const webFields = flattenEcs(web);
      for (const field of AUTHENTICATION_SHAPE) {
        assert.ok(sshdFields.has(field) && webFields.has(field), `${field} in both`);
      }
      // event.type may differ (start or info): ECS expects both with authentication.
      for (const field of ['event.kind', 'event.category', 'event.outcome']) {
        assert.deepStrictEqual(webFields.get(field), sshdFields.get(field), field);
      }
    }
    assert.strictEqual(webSuccess.user.name, sshdAccepted.user.name);
    assert.strictEqual(webFailure.user.name, sshdFailed.user.name);
  });

  it('should reject documents ECS does not define', () => {
    const valid = structuredClone(run.ecs[0]) as Ecs;
    assert.deepStrictEqual(ecsProblems(valid), []);
    assert.notDeepStrictEqual(ecsProblems({ ...valid, session_id: 'x' }), []);
    assert.notDeepStrictEqual(ecsProblems({ ...valid, source: { ip: 'nowhere' } }), []);
    const badOutcome = structuredClone(valid);
    badOutcome.event.outcome = 'ok';
    assert.notDeepStrictEqual(ecsProblems(badOutcome), []);
    const scalarCategory = structuredClone(valid);
    scalarCategory.event.category = 'authentication';
    assert.notDeepStrictEqual(ecsProblems(scalarCategory), []);
    const wrongType = structuredClone(valid);
    wrongType.event.type = ['access'];
    assert.notDeepStrictEqual(ecsProblems(wrongType), []);
  });
});
