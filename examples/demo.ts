/**
 * `npm run demo`: starts the Express login example under the tcell-hooks preload on a free
 * port, drives real HTTP logins at it (successes, wrong passwords, unknown users), then an
 * attack (credential stuffing from a few addresses, one of which gets in, and a password
 * spray), stops the app, and prints the tCell events it wrote and the alerts the built-in
 * detector raised.
 *
 * The clients' addresses are given in X-Forwarded-For and the app runs with
 * TCELL_REVERSE_PROXY=true: the demo's client is on loopback, a trusted proxy by default.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TcellEventRecord } from 'tcell-hooks/exporters';
import { DEMO_PASSWORDS, STAFF_ACCOUNTS } from './express-login/users';

const REPO_ROOT = resolve(__dirname, '..', '..');
const OUTPUT_FOLDER = join(REPO_ROOT, 'build', 'demo');
const EVENTS_FILE = join(OUTPUT_FOLDER, 'tcell-events.jsonl');
const ALERTS_FILE = join(OUTPUT_FOLDER, 'tcell-alerts.jsonl');
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
        TCELL_ALERTS_FILE: ALERTS_FILE,
        TCELL_REVERSE_PROXY: 'true',
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
    private readonly clientAddress: string,
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
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      'x-forwarded-for': this.clientAddress,
    };
    if (this.cookie !== '') headers.cookie = this.cookie;
    return headers;
  }

  private keepCookie(response: Response): void {
    const setCookie = response.headers.get('set-cookie');
    if (setCookie !== null) this.cookie = setCookie.split(';')[0];
  }
}

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) DemoBrowser/1.0';
const ATTACK_TOOL = 'python-requests/2.32';

async function attempt(
  baseUrl: string,
  [username, password, userAgent, clientAddress]: [string, string, string, string],
): Promise<number> {
  const visitor = new Visitor(baseUrl, userAgent, clientAddress);
  await visitor.openLoginPage();
  return visitor.logIn(username, password);
}

async function driveNormalLogins(baseUrl: string): Promise<void> {
  const attempts: Array<[string, string, string, string]> = [
    ['alice', DEMO_PASSWORDS.alice, BROWSER, '198.51.100.10'],
    ['bob', 'hunter2', 'Mozilla/5.0 (Macintosh) DemoBrowser/1.0', '198.51.100.11'],
    ['bob', DEMO_PASSWORDS.bob, 'Mozilla/5.0 (Macintosh) DemoBrowser/1.0', '198.51.100.11'],
    ['carol', DEMO_PASSWORDS.carol, 'Mozilla/5.0 (Windows NT 10.0) DemoBrowser/1.0', '192.0.2.44'],
    ['admin', 'admin', 'curl/8.5.0', '192.0.2.45'],
    ['alice', 'password1', BROWSER, '198.51.100.10'],
  ];
  for (const login of attempts) {
    const status = await attempt(baseUrl, login);
    console.log(`  ${login[3].padEnd(15)} POST /login as ${login[0].padEnd(6)} -> HTTP ${status}`);
  }
}

/**
 * Credential stuffing: three addresses replay a leaked list of user/password pairs, a few
 * tries per account; one pair is alice's real password. Then a password spray: one common
 * password against many accounts, from one more address.
 */
async function driveAttack(baseUrl: string): Promise<void> {
  // Mostly real accounts, as in a leaked list from another site, and a few unknown ones.
  const leakedAccounts = ['bob', 'carol', ...STAFF_ACCOUNTS, 'dave', 'erin'];
  const stuffers = ['203.0.113.7', '203.0.113.8'];
  let requests = 0;
  for (const [index, address] of stuffers.entries()) {
    for (let round = 0; round < 2; round += 1) {
      for (const account of leakedAccounts) {
        await attempt(baseUrl, [
          account,
          `leaked-${account}-${index}-${round}`,
          ATTACK_TOOL,
          address,
        ]);
        requests += 1;
      }
    }
  }
  console.log(`  ${requests} credential-stuffing attempts from ${stuffers.join(', ')}`);
  const takeover = await attempt(baseUrl, [
    'alice',
    DEMO_PASSWORDS.alice,
    ATTACK_TOOL,
    stuffers[0],
  ]);
  console.log(
    `  ${stuffers[0].padEnd(15)} POST /login as alice  -> HTTP ${takeover} (a leaked pair works)`,
  );

  const sprayed = Array.from({ length: 12 }, (_, index) => `member${index + 1}`);
  for (const account of sprayed) {
    await attempt(baseUrl, [account, 'Winter2026!', ATTACK_TOOL, '203.0.113.50']);
  }
  console.log(`  ${sprayed.length} password-spray attempts from 203.0.113.50 with one password`);
}

function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

function printTable(titles: string[], rows: string[][]): void {
  const widths = titles.map((title, index) =>
    Math.max(title.length, ...rows.map((row) => row[index].length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, index) => cell.padEnd(widths[index]))
      .join('  ')
      .trimEnd();
  console.log(line(titles));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}

function printEvents(): void {
  const all = readJsonLines<TcellEventRecord>(EVENTS_FILE);
  // The normal logins in full; the attack only in the summary below.
  const events = all.slice(0, 6);
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
  console.log(`\n${all.length} tCell login events written to ${EVENTS_FILE}`);
  console.log(`The first ${events.length}, the normal logins:\n`);
  printTable(
    columns.map(([title]) => title),
    events.map((event) => columns.map(([, cell]) => cell(event))),
  );
  if (events.length > 0) {
    console.log(`\nheader_keys of the first event, in received order:`);
    console.log(`  ${JSON.stringify(events[0].header_keys)}`);
  }
}

interface DemoAlert {
  rule: string;
  severity: string;
  key: Record<string, string>;
  counts: Record<string, number>;
  reason: string;
}

function printAlerts(): void {
  const alerts = readJsonLines<DemoAlert>(ALERTS_FILE);
  console.log(`\n${alerts.length} alerts raised by the built-in detector, in ${ALERTS_FILE}\n`);
  printTable(
    ['rule', 'severity', 'key', 'counts'],
    alerts.map((alert) => [
      alert.rule,
      alert.severity,
      Object.entries(alert.key)
        .map(([name, value]) => `${name}=${value}`)
        .join(' '),
      Object.entries(alert.counts)
        .map(([name, value]) => `${name}=${value}`)
        .join(' '),
    ]),
  );
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
    console.log('Normal logins:');
    await driveNormalLogins(app.baseUrl);
    console.log('An attack:');
    await driveAttack(app.baseUrl);
  } finally {
    await app.stop();
  }
  printEvents();
  printAlerts();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
