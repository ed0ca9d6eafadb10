import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { REPO_ROOT } from '../helpers/app-process';

/** The fixture login endpoint (JSON body chooses every secret), compiled. */
export const LOGIN_APP = join(REPO_ROOT, 'build', 'test', 'hostile', 'fixtures', 'login-app.js');
/** The Express example app, compiled. */
export const EXPRESS_APP = join(REPO_ROOT, 'build', 'examples', 'express-login', 'app.js');
/** Node flags that load the tcell-hooks preload. */
export const PRELOAD = ['--require', 'tcell-hooks/register'];

/** Posts one login to the fixture app. */
export async function postLogin(baseUrl: string, fields: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fields),
  });
  await response.text();
  if (response.status !== 200) throw new Error(`login-app answered ${response.status}`);
}

/** A local OTLP/HTTP receiver that keeps every request body it gets, unzipped. */
export interface OtlpRecorder {
  url: string;
  bodies: Buffer[];
  close(): Promise<void>;
}

/** Starts an OTLP recorder on 127.0.0.1, port 0; it answers every POST with `{}`. */
export function startOtlpRecorder(): Promise<OtlpRecorder> {
  const bodies: Buffer[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      bodies.push(request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      done({
        url: `http://127.0.0.1:${port}`,
        bodies,
        close: () => new Promise((closed) => server.close(() => closed())),
      });
    });
  });
}

/** Lines of `text` that carry the given tcell-hooks diagnostic kind. */
export function diagnosticLines(text: string, kind: string): string[] {
  return text.split('\n').filter((line) => line.includes(`tcell-hooks ${kind}:`));
}

/** Polls until `ready()` holds; fails after `timeoutMs`. Not a timed assertion: a bound. */
export async function waitFor(
  ready: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** How many times `needle` occurs in the OTLP bodies received so far. */
export function otlpCount(otlp: OtlpRecorder, needle: string): number {
  return Buffer.concat(otlp.bodies).toString('utf8').split(needle).length - 1;
}
