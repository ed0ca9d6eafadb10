import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { readJsonLines, startApp, tempFolder } from '../helpers/app-process';
import { sendRawRequest } from '../helpers/raw-http';

/** Keys and names the run configures, so tests can compute expected values themselves. */
export const RUN_SETTINGS = {
  appId: 'siem-test-app',
  hmacKey: 'siem-session-key',
  passwordHmacKey: 'siem-password-key',
  serviceName: 'shop-login',
} as const;

/** One login the run made, with what the client knows about it. */
export interface MadeLogin {
  userId: string;
  password: string;
  success: boolean;
  userValid: boolean;
  /** The session id the app held when it reported the login (from its cookie). */
  sessionId: string;
  /** Request path with query, as sent. */
  target: string;
  referrer?: string;
  userAgent: string;
  /** Header names in the order the raw client sent them; only for the raw request. */
  rawHeaderNames?: string[];
}

/** What a run of the Express example under the preload wrote, in each format. */
export interface LoginRun {
  logins: MadeLogin[];
  tcell: Record<string, unknown>[];
  ocsf: Record<string, unknown>[];
  ecs: Record<string, unknown>[];
  /** Every byte of the three files, to search for secrets. */
  allText: string;
}

const APP = join('build', 'examples', 'express-login', 'app.js');

/** HMAC-SHA256 in lower-case hex, cut to a length: how tCell hashes. */
export function hmacHex(key: string, message: string, length: number): string {
  return createHmac('sha256', key).update(message).digest('hex').slice(0, length);
}

let run: Promise<LoginRun> | undefined;

/**
 * Runs the Express login example once under the tcell-hooks preload with a tCell events file,
 * an OCSF file and an ECS file, makes three real logins (a wrong password, a success, and an
 * unknown user over a raw socket with a known header order), stops the app and reads the files.
 */
export function siemLoginRun(): Promise<LoginRun> {
  run ??= makeRun();
  return run;
}

function sessionCookie(setCookie: string | null): string {
  const match = /sid=([^;]+)/.exec(setCookie ?? '');
  if (match === null) throw new Error(`no session cookie in ${String(setCookie)}`);
  return match[1];
}

async function makeRun(): Promise<LoginRun> {
  const folder = tempFolder('tcell-siem-');
  const files = {
    tcell: join(folder, 'tcell.jsonl'),
    ocsf: join(folder, 'ocsf.jsonl'),
    ecs: join(folder, 'ecs.jsonl'),
  };
  const app = await startApp(APP, {
    nodeArgs: ['--require', 'tcell-hooks/register'],
    env: {
      TCELL_EVENTS_FILE: files.tcell,
      TCELL_OCSF_FILE: files.ocsf,
      TCELL_ECS_FILE: files.ecs,
      TCELL_AGENT_APP_ID: RUN_SETTINGS.appId,
      TCELL_HMAC_KEY: RUN_SETTINGS.hmacKey,
      TCELL_PASSWORD_HMAC_KEY: RUN_SETTINGS.passwordHmacKey,
      OTEL_SERVICE_NAME: RUN_SETTINGS.serviceName,
      OTEL_TRACES_EXPORTER: 'none',
    },
  });
  const logins: MadeLogin[] = [];
  try {
    const userAgent = 'siem-test-client/1.0';
    const page = await fetch(`${app.baseUrl}/login`, { headers: { 'user-agent': userAgent } });
    await page.text();
    const anonymous = sessionCookie(page.headers.get('set-cookie'));

    const referrer = `${app.baseUrl}/login?next=/account&lang=en`;
    const post = (target: string, username: string, password: string): Promise<Response> =>
      fetch(`${app.baseUrl}${target}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'user-agent': userAgent,
          referer: referrer,
          cookie: `sid=${anonymous}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ username, password }).toString(),
      });

    const wrongPassword = 'not-the-password';
    const failed = await post('/login?next=/account', 'alice', wrongPassword);
    await failed.text();
    logins.push({
      userId: 'alice',
      password: wrongPassword,
      success: false,
      userValid: true,
      sessionId: anonymous,
      target: '/login?next=/account',
      referrer,
      userAgent,
    });

    const rightPassword = 'correct horse battery staple';
    const succeeded = await post('/login', 'alice', rightPassword);
    await succeeded.text();
    logins.push({
      userId: 'alice',
      password: rightPassword,
      success: true,
      userValid: true,
      sessionId: sessionCookie(succeeded.headers.get('set-cookie')),
      target: '/login',
      referrer,
      userAgent,
    });

    const rawBody = 'username=mallory&password=guess-1';
    const rawHeaders: [string, string][] = [
      ['Host', `127.0.0.1:${app.port}`],
      ['User-Agent', 'raw-siem-client'],
      ['Accept', '*/*'],
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['Content-Length', String(rawBody.length)],
      ['Connection', 'close'],
    ];
    const response = await sendRawRequest(app.port, 'POST /login HTTP/1.1', rawHeaders, rawBody);
    logins.push({
      userId: 'mallory',
      password: 'guess-1',
      success: false,
      userValid: false,
      sessionId: sessionCookie(/^set-cookie: (.*)$/im.exec(response)?.[1] ?? null),
      target: '/login',
      userAgent: 'raw-siem-client',
      rawHeaderNames: rawHeaders.map(([name]) => name),
    });
  } finally {
    await app.stop('SIGTERM');
  }

  const tcell = readJsonLines(files.tcell);
  const ocsf = readJsonLines(files.ocsf);
  const ecs = readJsonLines(files.ecs);
  const allText = [tcell, ocsf, ecs].map((lines) => JSON.stringify(lines)).join('\n');
  return { logins, tcell, ocsf, ecs, allText };
}
