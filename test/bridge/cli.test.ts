import assert from 'node:assert';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { cleanEnv, readJsonLines, REPO_ROOT, tempFolder } from '../helpers/app-process';

const CLI = join(REPO_ROOT, 'build', 'cli', 'tcell-hooks.js');
const LISTENING = /tcell-hooks bridge listening on http:\/\/127\.0\.0\.1:(\d+)/;

interface CliRun {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output, exited };
}

/** Resolves with the port once the bridge says it listens; rejects if it exits first. */
function listeningPort(run: CliRun): Promise<number> {
  return new Promise((done, fail) => {
    const check = (): void => {
      const match = LISTENING.exec(run.output.stdout);
      if (match === null) return;
      run.child.stdout!.off('data', check);
      done(Number(match[1]));
    };
    run.child.stdout!.on('data', check);
    void run.exited.then((code) =>
      fail(new Error(`bridge exited (${code}): ${run.output.stderr}`)),
    );
  });
}

/** A JSON trace request holding one login of `userId`. */
function loginRequest(userId: string): string {
  const attributes = [
    { key: 'tcell.login.status', value: { stringValue: 'success' } },
    { key: 'user.id', value: { stringValue: userId } },
  ];
  const events = [{ name: 'tcell.login', timeUnixNano: '1733300000000000000', attributes }];
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ events }] }] }] });
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((done) => {
    const target = { host: '127.0.0.1', port, path: '/', method: 'GET', agent: false };
    const probe = request(target, (response) => {
      response.resume();
      done(false);
    });
    probe.on('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
    probe.end();
  });
}

describe('tcell-hooks bridge command', () => {
  it('should write what a real exporter sends to TCELL_EVENTS_FILE, and exit 0 on SIGTERM', async () => {
    const eventsFile = join(tempFolder('tcell-bridge-cli-'), 'events.jsonl');
    const run = runCli(['bridge', '--port', '0', '--host', '127.0.0.1'], {
      TCELL_EVENTS_FILE: eventsFile,
    });
    const port = await listeningPort(run);
    assert.ok(run.output.stdout.includes(`; events go to ${eventsFile}\n`), run.output.stdout);

    const url = `http://127.0.0.1:${port}/v1/traces`;
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url }))],
    });
    const span = provider.getTracer('cli-test').startSpan('POST /login');
    span.addEvent('tcell.login', { 'tcell.login.status': 'failure', 'user.id': 'frank' });
    span.end();
    await provider.shutdown();

    run.child.kill('SIGTERM');
    assert.strictEqual(await run.exited, 0, run.output.stderr);
    const lines = readJsonLines(eventsFile);
    assert.deepStrictEqual(
      lines.map((line) => [line.event_name, line.user_id, line.span_id]),
      [['login-failure', 'frank', span.spanContext().spanId]],
    );
  });

  it('should finish a request in progress at SIGTERM before it exits', async () => {
    const eventsFile = join(tempFolder('tcell-bridge-cli-'), 'events.jsonl');
    const run = runCli(['bridge'], {
      TCELL_EVENTS_FILE: eventsFile,
      TCELL_BRIDGE_PORT: '0',
      TCELL_BRIDGE_HOST: '127.0.0.1',
    });
    const port = await listeningPort(run);
    const body = Buffer.from(loginRequest('grace'));
    const half = Math.floor(body.length / 2);

    const reply = new Promise<{ status: number | undefined; text: string }>((done, fail) => {
      const post = request(
        {
          host: '127.0.0.1',
          port,
          path: '/v1/traces',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            expect: '100-continue',
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => done({ status: response.statusCode, text }));
        },
      );
      post.on('error', fail);
      // 100-continue tells that the bridge has the request in hand; SIGTERM comes only then.
      post.on('continue', () => {
        post.write(body.subarray(0, half), () => {
          run.child.kill('SIGTERM');
          void finishOnceStopping();
        });
      });
      post.flushHeaders();

      // Once new connections are refused the bridge is stopping; only then send the rest.
      const finishOnceStopping = async (): Promise<void> => {
        for (let attempt = 0; attempt < 200; attempt += 1) {
          if (await connectionRefused(port)) break;
          await new Promise((wait) => setTimeout(wait, 10));
        }
        post.end(body.subarray(half));
      };
    });

    const { status, text } = await reply;
    assert.strictEqual(status, 200, text);
    assert.strictEqual(await run.exited, 0, run.output.stderr);
    assert.deepStrictEqual(
      readJsonLines(eventsFile).map((line) => line.user_id),
      ['grace'],
    );
  });

  it('should cut off a stalled sender at SIGTERM and exit 0', async function () {
    // Before the cut-off the bridge gave up only at its 10 s deadline.
    this.timeout(30_000);
    const eventsFile = join(tempFolder('tcell-bridge-cli-'), 'events.jsonl');
    const run = runCli(['bridge', '--port', '0', '--host', '127.0.0.1'], {
      TCELL_EVENTS_FILE: eventsFile,
    });
    const port = await listeningPort(run);
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((done) => {
      socket.once('data', () => socket.write('{"resourceSpans', () => done()));
      socket.write(
        'POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          'Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n',
      );
    });

    run.child.kill('SIGTERM');
    const code = await run.exited;
    socket.destroy();
    assert.strictEqual(code, 0, run.output.stderr);
    assert.doesNotMatch(run.output.stderr, /did not finish/);
  });

  it('should exit 1 with one clear line when the port is already in use', async () => {
    const holder = createServer();
    await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done));
    const { port } = holder.address() as AddressInfo;
    try {
      const run = runCli(['bridge', '--port', String(port), '--host', '127.0.0.1'], {
        TCELL_EVENTS_FILE: join(tempFolder('tcell-bridge-cli-'), 'events.jsonl'),
      });
      assert.strictEqual(await run.exited, 1, run.output.stderr);
      assert.strictEqual(
        run.output.stderr,
        `tcell-hooks bridge: cannot listen on "127.0.0.1" port ${port}: ` +
          'the port is already in use (EADDRINUSE)\n',
      );
      assert.strictEqual(run.output.stdout, '');
    } finally {
      await new Promise((done) => holder.close(done));
    }
  });

  it('should exit 2 with the usage for an unknown command', async () => {
    const run = runCli(['replay-all-the-things']);
    assert.strictEqual(await run.exited, 2);
    assert.match(run.output.stderr, /unknown command "replay-all-the-things"/);
    assert.match(run.output.stderr, /usage: tcell-hooks <command>/);
    assert.match(run.output.stderr, /bridge {2}receive login events/);
  });

  it('should exit 2 naming the bad option for a port that is not a number', async () => {
    const run = runCli(['bridge', '--port', 'http']);
    assert.strictEqual(await run.exited, 2);
    assert.match(run.output.stderr, /--port "http" is not a port; expected 0 to 65535/);
  });

  it('should exit 2 naming the variable for a bad TCELL_BRIDGE_PORT', async () => {
    const run = runCli(['bridge'], { TCELL_BRIDGE_PORT: '70000' });
    assert.strictEqual(await run.exited, 2);
    assert.match(run.output.stderr, /TCELL_BRIDGE_PORT "70000" is not a port/);
  });
});
