import assert from 'node:assert';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import { TcellBridge } from '../../bridge/tcell-bridge';
import { resetProblemReports } from '../../src/diagnostics';
import { MemorySink } from './memory-sink';

const SECRET = 'sess-ABC-raw-secret-0123456789';

function capturingLogger(lines: string[]): DiagLogger {
  const keep = (message: string): void => {
    lines.push(message);
  };
  return { error: keep, warn: keep, info: keep, debug: keep, verbose: keep };
}

interface EchoCase {
  name: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
  message: string;
}

const CASES: EchoCase[] = [
  {
    name: 'a body that is not JSON',
    path: '/v1/traces',
    headers: { 'content-type': 'application/json' },
    body: `${SECRET} and more`,
    status: 400,
    message: 'body is not valid JSON',
  },
  {
    name: 'a JSON body cut short after a secret',
    path: '/v1/logs',
    headers: { 'content-type': 'application/json' },
    body: `{"resourceLogs": "${SECRET}`,
    status: 400,
    message: 'body is not valid JSON',
  },
  {
    name: 'a protobuf body that is a secret in plain text',
    path: '/v1/traces',
    headers: { 'content-type': 'application/x-protobuf' },
    body: SECRET,
    status: 400,
    message: 'body is not a valid protobuf ExportTraceServiceRequest',
  },
  {
    name: 'a path holding a secret',
    path: `/v1/traces/${SECRET}`,
    headers: { 'content-type': 'application/json' },
    body: '{}',
    status: 404,
    message: 'no OTLP endpoint at this path; use /v1/traces or /v1/logs',
  },
  {
    name: 'a Content-Type holding a secret',
    path: '/v1/traces',
    headers: { 'content-type': `text/plain; x=1, ${SECRET} y` },
    body: '{}',
    status: 415,
    message: 'unsupported Content-Type',
  },
];

describe('TcellBridge replies and logs', () => {
  const diagnostics: string[] = [];
  const sink = new MemorySink();
  const bridge = new TcellBridge({ sinks: [sink] });
  let baseUrl: string;

  before(async () => {
    const { port } = await bridge.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${port}`;
    diag.setLogger(capturingLogger(diagnostics), DiagLogLevel.DEBUG);
  });

  after(async () => {
    diag.disable();
    await bridge.shutdown();
  });

  beforeEach(() => {
    resetProblemReports();
    diagnostics.length = 0;
  });

  for (const echo of CASES) {
    it(`should not quote ${echo.name} in the reply or the log`, async () => {
      const response = await fetch(`${baseUrl}${echo.path}`, {
        method: 'POST',
        headers: echo.headers,
        body: echo.body,
      });
      const reply = Buffer.from(await response.arrayBuffer()).toString('latin1');
      assert.strictEqual(response.status, echo.status, reply);
      assert.ok(reply.includes(echo.message), reply);
      assert.ok(!reply.includes('sess-ABC'), reply);
      const logged = diagnostics.join('\n');
      assert.match(logged, new RegExp(`tcell-hooks bridge-bad-request: ${echo.status} `));
      assert.ok(!logged.includes('sess-ABC'), logged);
      assert.strictEqual(sink.records.length, 0);
    });
  }

  it('should give exactly the fixed reason for a body that is not JSON', async () => {
    const response = await fetch(`${baseUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `${SECRET}...`,
    });
    assert.deepStrictEqual(await response.json(), { code: 3, message: 'body is not valid JSON' });
  });
});
