/**
 * `npm run demo`: starts the Express login example under the tcell-hooks preload on a free
 * port, drives real HTTP logins at it (successes, wrong passwords, unknown users), stops it,
 * and prints the tCell events it wrote as a table.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TcellEventRecord } from 'tcell-hooks/exporters';
import { DEMO_PASSWORDS } from './express-login/users';

const REPO_ROOT = resolve(__dirname, '..', '..');
const OUTPUT_FOLDER = join(REPO_ROOT, 'build', 'demo');
const EVENTS_FILE = join(OUTPUT_FOLDER, 'tcell-events.jsonl');
const DEMO_DEADLINE_MS = 45_000;

interface DemoApp {
  baseUrl: string;
  stop(): Promise<void>;
}

function startExampleApp(): Promise<DemoApp> {
  const child = spawn(
    process.execPath,
    ['--require', 'tcell-hooks/register', join(REPO_ROOT, 'build/examples/express-login/app.js')],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        PORT: '0',
        TCELL_AGENT_APP_ID: 'demo-app',
        TCELL_HMAC_KEY: 'demo-session-key',
        TCELL_PASSWORD_HMAC_KEY: 'demo-password-key',
        TCELL_EVENTS_FILE: EVENTS_FILE,
      },
    },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((done, fail) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match === null) return;
      done({
        baseUrl: match[1],
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then(() => fail(new Error(`the example app exited early:\n${output}`)));
  });
}

/** One browser-like visitor: keeps its session cookie between requests. */
class Visitor {
  private cookie = '';

  constructor(
    private readonly baseUrl: string,
    private readonly userAgent: string,
  ) {}

  async openLoginPage(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/login`, { headers: this.headers() });
    this.keepCookie(response);
    await response.text();
  }

  async logIn(username: string, password: string): Promise<number> {
    const response = await fetch(`${this.baseUrl}/login?next=%2Faccount`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        ...this.headers(),
        'content-type': 'application/x-www-form-urlencoded',
        referer: `${this.baseUrl}/login?lang=en`,
      },
      body: new URLSearchParams({ username, password }).toString(),
    });
    this.keepCookie(response);
    await response.text();
    return response.status;
  }

  private headers(): Record<string, string> {
    return this.cookie === ''
      ? { 'user-agent': this.userAgent }
      : { 'user-agent': this.userAgent, cookie: this.cookie };
  }

  private keepCookie(response: Response): void {
    const setCookie = response.headers.get('set-cookie');
    if (setCookie !== null) this.cookie = setCookie.split(';')[0];
  }
}

async function driveLogins(baseUrl: string): Promise<void> {
  const attempts: Array<[string, string, string]> = [
    ['alice', DEMO_PASSWORDS.alice, 'Mozilla/5.0 (X11; Linux x86_64) DemoBrowser/1.0'],
    ['bob', 'hunter2', 'Mozilla/5.0 (Macintosh) DemoBrowser/1.0'],
    ['bob', DEMO_PASSWORDS.bob, 'Mozilla/5.0 (Macintosh) DemoBrowser/1.0'],
    ['carol', DEMO_PASSWORDS.carol, 'Mozilla/5.0 (Windows NT 10.0) DemoBrowser/1.0'],
    ['admin', 'admin', 'python-requests/2.32'],
    ['root', '123456', 'python-requests/2.32'],
    ['alice', 'password1', 'curl/8.5.0'],
  ];
  for (const [username, password, userAgent] of attempts) {
    const visitor = new Visitor(baseUrl, userAgent);
    await visitor.openLoginPage();
    const status = await visitor.logIn(username, password);
    console.log(`  POST /login as ${username.padEnd(6)} -> HTTP ${status}`);
  }
}

function printEvents(): void {
  const events = readFileSync(EVENTS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as TcellEventRecord);
  const columns: Array<[string, (event: TcellEventRecord) => string]> = [
    ['event_name', (event) => event.event_name],
    ['user_id', (event) => event.user_id ?? ''],
    ['valid', (event) => (event.user_valid === undefined ? '' : String(event.user_valid))],
    ['remote_addr', (event) => event.remote_addr ?? ''],
    ['session (HMAC)', (event) => `${(event.session ?? '').slice(0, 12)}...`],
    ['password_id', (event) => event.password_id ?? ''],
    ['document_uri', (event) => event.document_uri ?? ''],
    ['user_agent', (event) => (event.user_agent ?? '').slice(0, 28)],
    ['header_keys', (event) => `${event.header_keys?.length ?? 0} keys`],
  ];
  const rows = events.map((event) => columns.map(([, cell]) => cell(event)));
  const widths = columns.map(([title], index) =>
    Math.max(title.length, ...rows.map((row) => row[index].length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, index) => cell.padEnd(widths[index]))
      .join('  ')
      .trimEnd();

  console.log(`\n${events.length} tCell login events written to ${EVENTS_FILE}\n`);
  console.log(line(columns.map(([title]) => title)));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
  if (events.length > 0) {
    console.log(`\nheader_keys of the first event, in received order:`);
    console.log(`  ${JSON.stringify(events[0].header_keys)}`);
  }
}

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    console.error('demo: did not finish within 45 seconds');
    process.exit(1);
  }, DEMO_DEADLINE_MS);
  deadline.unref();

  rmSync(OUTPUT_FOLDER, { recursive: true, force: true });
  mkdirSync(OUTPUT_FOLDER, { recursive: true });
  const app = await startExampleApp();
  console.log(`Example app under the tcell-hooks preload at ${app.baseUrl}`);
  try {
    await driveLogins(app.baseUrl);
  } finally {
    await app.stop();
  }
  printEvents();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
