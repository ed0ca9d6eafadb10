import assert from 'node:assert';
import { connect } from 'node:net';
import { join } from 'node:path';
import { readJsonLines, startApp, tempFolder } from '../helpers/app-process';
import type { AppProcess } from '../helpers/app-process';
import { assertValidRecord } from '../helpers/schema';
import { diagnosticLines, LOGIN_APP, PRELOAD, waitFor } from './child-apps';
import { resetProblemReports } from '../../src/diagnostics';
import { HOOK_FORMS, HookHarness } from './harness';

// The limits as the README states them, written out here rather than imported.
const TEXT_LIMIT = 2048;
const USER_ID_LIMIT = 512;
const HEADER_KEYS_LIMIT = 128;
const MARKER = '...[cut]';
// The largest an event can be with every field at its limit, as JSON: a generous bound.
const MAX_EVENT_BYTES = 32 * 1024;

interface Giant {
  name: string;
  options: Record<string, unknown>;
  diagnostic: RegExp;
  check(record: Record<string, unknown>): void;
}

const GIANTS: Giant[] = [
  {
    name: 'a 1 MB user agent',
    options: { userAgent: 'Mozilla/5.0 '.padEnd(1024 * 1024, 'x') },
    diagnostic: /^tcell-hooks field-cut: userAgent /,
    check: (record) => {
      assert.strictEqual(record.user_agent, 'Mozilla/5.0 '.padEnd(TEXT_LIMIT, 'x') + MARKER);
    },
  },
  {
    name: '10,000 header keys',
    options: { headerKeys: Array.from({ length: 10_000 }, (_, index) => `x-h-${index}`) },
    diagnostic: /^tcell-hooks too-many-header-keys: /,
    check: (record) => {
      const expected = Array.from({ length: HEADER_KEYS_LIMIT }, (_, index) => `X_H_${index}`);
      assert.deepStrictEqual(record.header_keys, expected);
    },
  },
  {
    name: 'a user id of 100,000 characters',
    options: { userId: 'u'.repeat(100_000) },
    diagnostic: /^tcell-hooks field-cut: userId /,
    check: (record) => assert.strictEqual(record.user_id, 'u'.repeat(USER_ID_LIMIT) + MARKER),
  },
  {
    name: 'an IP of garbage',
    options: { remoteAddress: '999.1.1.1\r\nX-Injected: yes'.repeat(1000) },
    diagnostic: /^tcell-hooks bad-ip: /,
    check: (record) => assert.strictEqual(record.remote_addr, undefined),
  },
];

describe('login hooks given giant values directly', () => {
  let harness: HookHarness;
  before(() => {
    harness = new HookHarness({ appId: 'giant-app', hmacKey: 'giant-key' });
  });
  after(() => harness.close());

  it('should keep an event with every field at its limit under 100 KB of JSON', () => {
    // U+20AC takes three bytes in UTF-8, the most a UTF-16 unit can take.
    const wide = (length: number): string => '\u20ac'.repeat(length);
    const { records } = harness.call(() =>
      HOOK_FORMS[0][1]({
        status: 'success',
        userId: wide(100_000),
        userAgent: wide(100_000),
        referrer: `https://x/${wide(100_000)}?${wide(100_000)}=1`,
        documentUri: `/${wide(100_000)}?${wide(100_000)}=1`,
        headerKeys: Array.from({ length: 1000 }, () => wide(1000)),
        remoteAddress: '2001:db8::1',
        sessionId: 's',
      }),
    );
    assert.strictEqual(records.length, 1);
    assertValidRecord(records[0]);
    assert.ok(Buffer.byteLength(JSON.stringify(records[0])) < 100 * 1024);
  });

  for (const [formName, hook] of HOOK_FORMS) {
    for (const giant of GIANTS) {
      it(`should make ${giant.name} one bounded, valid event, one diagnostic (${formName})`, () => {
        resetProblemReports();
        const outcome = harness.call(() =>
          hook({ status: 'failure', userId: 'someone', sessionId: 's-1', ...giant.options }),
        );

        assert.strictEqual(outcome.records.length, 1);
        const [record] = outcome.records;
        assertValidRecord(record);
        assert.ok(Buffer.byteLength(JSON.stringify(record)) < MAX_EVENT_BYTES);
        giant.check(record as unknown as Record<string, unknown>);
        assert.strictEqual(outcome.diagnostics.length, 1, outcome.diagnostics.join('\n'));
        assert.match(outcome.diagnostics[0], giant.diagnostic);
      });
    }
  }
});

/** Sends one request in a single write and resolves with the response status code. */
function sendWhole(port: number, head: string, body: string): Promise<number> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    let response = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      response += chunk;
      const match = /^HTTP\/1\.1 (\d{3})/.exec(response);
      if (match !== null) {
        socket.destroy();
        done(Number(match[1]));
      }
    });
    socket.on('error', fail);
    socket.on('connect', () => socket.write(`${head}\r\n\r\n${body}`, 'latin1'));
  });
}

function loginRequest(headerLines: string[], userId: string): { head: string; body: string } {
  const body = JSON.stringify({ status: 'failure', userId, sessionId: `session-of-${userId}` });
  const head = [
    'POST /login?next=%2Fhome HTTP/1.1',
    'Host: 127.0.0.1',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...headerLines,
  ].join('\r\n');
  return { head, body };
}

// Node's default limit on the request head. llhttp counts the target and each header's name
// and value, not the colons, spaces and line breaks, so 8,000 tiny headers still fit.
const NODE_MAX_HEADER_SIZE = 16 * 1024;

/**
 * The most room for extra header bytes that this Node accepts, found by asking the server:
 * how llhttp counts the head differs between Node versions. Bounded: about 16 requests.
 */
async function largestRoom(
  port: number,
  lines: (room: number) => string[],
  probeUser: string,
): Promise<number> {
  let accepted = 0;
  let refused = 2 * NODE_MAX_HEADER_SIZE;
  while (refused - accepted > 8) {
    const middle = Math.floor((accepted + refused) / 2);
    const { head, body } = loginRequest(lines(middle), probeUser);
    if ((await sendWhole(port, head, body)) === 200) accepted = middle;
    else refused = middle;
  }
  return accepted;
}

/** The bytes of a request head that count towards Node's limit. */
function countedBytes(head: string): number {
  const [requestLine, ...lines] = head.split('\r\n');
  let counted = requestLine.split(' ')[1].length;
  for (const line of lines) counted += line.length - 2;
  return counted;
}

describe('login hooks given the largest request Node accepts', function () {
  this.timeout(60_000);
  let app: AppProcess;
  let eventsFile: string;

  before(async () => {
    eventsFile = join(tempFolder(), 'events.jsonl');
    app = await startApp(LOGIN_APP, {
      nodeArgs: PRELOAD,
      env: { TCELL_EVENTS_FILE: eventsFile, TCELL_HMAC_KEY: 'largest-key' },
    });
  });
  after(() => app.stop('SIGKILL'));

  const cases = [
    {
      name: 'a user agent filling the head',
      kind: 'field-cut',
      lines: (room: number) => [`User-Agent: ${'U'.repeat(room - 'User-Agent'.length)}`],
      check: (record: Record<string, unknown>) =>
        assert.strictEqual(record.user_agent, 'U'.repeat(TEXT_LIMIT) + MARKER),
    },
    {
      name: 'as many headers as fit in the head',
      kind: 'too-many-header-keys',
      lines: (room: number) => Array.from({ length: Math.floor(room / 2) }, () => 'A: b'),
      check: (record: Record<string, unknown>) => {
        const keys = record.header_keys as string[];
        assert.strictEqual(keys.length, HEADER_KEYS_LIMIT);
        assert.deepStrictEqual(keys.slice(0, 4), ['HOST', 'CONTENT_TYPE', 'CONTENT_LENGTH', 'A']);
      },
    },
  ];

  cases.forEach((testCase, index) => {
    it(`should turn ${testCase.name} into a bounded, valid event and one diagnostic`, async () => {
      const userId = `largest-${index}`;
      const room = await largestRoom(app.port, testCase.lines, `probe-${index}`);
      const { head, body } = loginRequest(testCase.lines(room), userId);
      // Node 20 stops at the byte limit; Node 22 refuses many tiny headers sooner, by count.
      assert.ok(countedBytes(head) > 2000, `${countedBytes(head)} bytes`);

      assert.strictEqual(await sendWhole(app.port, head, body), 200);
      // Proof that this is the edge: 32 more bytes and Node refuses the request itself.
      const over = loginRequest(testCase.lines(room + 32), userId);
      assert.strictEqual(await sendWhole(app.port, over.head, over.body), 431);
      await waitFor(
        () => readJsonLines(eventsFile).some((record) => record.user_id === userId),
        'the event in the JSONL file',
      );

      const record = readJsonLines(eventsFile).find((entry) => entry.user_id === userId)!;
      assertValidRecord(record);
      assert.ok(Buffer.byteLength(JSON.stringify(record)) < MAX_EVENT_BYTES);
      testCase.check(record);
      assert.strictEqual(diagnosticLines(app.output().stderr, testCase.kind).length, 1);
    });
  });

  it('should answer a request whose hook call gets options that throw on every access', async () => {
    const { head, body } = loginRequest([], 'after-hostile');
    const hostileBody = JSON.stringify({ ...JSON.parse(body), hostile: true });
    const hostileHead = head.replace(
      /Content-Length: \d+/,
      `Content-Length: ${hostileBody.length}`,
    );
    assert.strictEqual(await sendWhole(app.port, hostileHead, hostileBody), 200);
    // The hostile call cost itself only: the ordinary call after it in the same request records.
    await waitFor(
      () => readJsonLines(eventsFile).some((record) => record.user_id === 'after-hostile'),
      'the event after the hostile call',
    );
  });

  it('should print one line for each kind of problem met, no more', () => {
    const lines = app
      .output()
      .stderr.split('\n')
      .filter((line) => line.includes('tcell-hooks'));
    const kinds = lines.map((line) => /^tcell-hooks ([a-z-]+):/.exec(line)?.[1]).sort();
    // The hostile Proxy: its status could not be read, so one bad-field and one unknown status.
    assert.deepStrictEqual(
      kinds,
      ['bad-field', 'field-cut', 'too-many-header-keys', 'unknown-login-status'],
      lines.join('\n'),
    );
  });
});
