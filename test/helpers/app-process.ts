import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { modeEnv } from './test-mode';
import { assertValidRecord } from './schema';

/** The repository root (tests run from build/test/...). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** A child Node process running an app, usually under the tcell-hooks preload. */
export interface AppProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  output(): { stdout: string; stderr: string };
  /** Sends the signal and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartAppOptions {
  /** Extra environment; merged over `cleanEnv()`. */
  env?: Record<string, string | undefined>;
  /** Node flags before the script, for example ['--require', 'tcell-hooks/register']. */
  nodeArgs?: string[];
  /** Pattern whose first group is the port, matched against stdout. */
  readyPattern?: RegExp;
  timeoutMs?: number;
  /** Working folder of the app; the repository root by default. */
  cwd?: string;
}

/**
 * Environment without any OTEL_* or TCELL_* variable of the test runner's own; with
 * `TCELL_TRACING=false` when the tests run in the no-tracing mode (see test-mode.ts).
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('OTEL_') && !name.startsWith('TCELL_')) env[name] = value;
  }
  // Apps under test must not leave files in the repository: alerts go to a temporary folder
  // unless the test names a file.
  env.TCELL_ALERTS_FILE = join(tempFolder('tcell-alerts-'), 'alerts.jsonl');
  for (const [name, value] of Object.entries({ ...modeEnv(), ...extra })) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Starts `script` with node, waits until it prints the port it listens on. */
export function startApp(script: string, options: StartAppOptions = {}): Promise<AppProcess> {
  const readyPattern = options.readyPattern ?? /listening on http:\/\/127\.0\.0\.1:(\d+)/;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    cwd: options.cwd ?? REPO_ROOT,
    env: cleanEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`app did not start in time\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 15000);
    const check = (): void => {
      const match = readyPattern.exec(stdout);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      const port = Number(match[1]);
      done({
        child,
        port,
        baseUrl: `http://127.0.0.1:${port}`,
        output: () => ({ stdout, stderr }),
        stop: (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(
        new Error(`app exited (${code}) before it was ready\nstdout: ${stdout}\nstderr: ${stderr}`),
      );
    });
  });
}

/** A fresh temporary folder for one test's files. */
export function tempFolder(prefix = 'tcell-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * The JSON objects of a JSON Lines file; empty when the file does not exist. Every tCell login
 * record read this way is checked against the shipped JSON Schema, so each test that reads
 * events also proves they are valid.
 */
export function readJsonLines(path: string): Record<string, unknown>[] {
  if (!existsSync(path)) return [];
  const objects = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const object of objects) {
    if (object.event_type === 'login') assertValidRecord(object);
  }
  return objects;
}
