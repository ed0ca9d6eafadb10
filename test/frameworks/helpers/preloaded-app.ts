import assert from 'node:assert';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { AppProcess } from '../../helpers/app-process';
import { readJsonLines, startApp, tempFolder } from '../../helpers/app-process';
import type { CollectedSpan } from './otlp-collector';
import { startOtlpCollector } from './otlp-collector';

/** Keys the apps run with; expected hashes are computed from them in the tests. */
export const TEST_KEYS = {
  appId: 'frameworks-test-app',
  hmacKey: 'frameworks-session-key',
  passwordKey: 'frameworks-password-key',
} as const;

/** A login example to drive: its built script and how node starts it. */
export interface LoginAppCase {
  /** Script path relative to the repository root. */
  script: string;
  /** Node flags; the CommonJS preload by default. */
  nodeArgs?: string[];
  env?: Record<string, string>;
}

/** What one run produced and what the test expects of it. */
export interface LoginRun {
  /** JSON Lines records by user id. */
  records: Map<string, Record<string, unknown>>;
  /** The tCell fields each user's record must have, exactly (no more, no fewer). */
  expected: Map<string, Record<string, unknown>>;
  spans: CollectedSpan[];
  stderr: string;
}

/** An app under the preload, exporting spans to a loopback OTLP receiver of the test. */
export interface PreloadedApp {
  app: AppProcess;
  /** Stops the app (SIGTERM: the preload flushes) and collects its events and spans. */
  finish: (expected: Map<string, Record<string, unknown>>) => Promise<LoginRun>;
}

/** HMAC-SHA256 in lower-case hex, cut: the tCell rule, computed independently of the code. */
export function hmac(key: string, message: string, length: number): string {
  return createHmac('sha256', key).update(message).digest('hex').slice(0, length);
}

/** `Content-Type` -> `CONTENT_TYPE`: the tCell form of a header name. */
export function tcellKey(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

/** Starts an example app under the preload with the test keys and OTLP/JSON span export. */
export async function startPreloadedApp(appCase: LoginAppCase): Promise<PreloadedApp> {
  const eventsFile = join(tempFolder('tcell-frameworks-'), 'events.jsonl');
  const collector = await startOtlpCollector();
  let app: AppProcess;
  try {
    app = await startApp(appCase.script, {
      nodeArgs: appCase.nodeArgs ?? ['--require', 'tcell-hooks/register'],
      env: {
        TCELL_EVENTS_FILE: eventsFile,
        TCELL_AGENT_APP_ID: TEST_KEYS.appId,
        TCELL_HMAC_KEY: TEST_KEYS.hmacKey,
        TCELL_PASSWORD_HMAC_KEY: TEST_KEYS.passwordKey,
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.tracesUrl,
        ...appCase.env,
      },
    });
  } catch (error) {
    await collector.close();
    throw error;
  }

  const finish = async (expected: Map<string, Record<string, unknown>>): Promise<LoginRun> => {
    await app.stop('SIGTERM');
    await collector.close();
    const records = new Map<string, Record<string, unknown>>();
    for (const record of readJsonLines(eventsFile)) {
      const userId = String(record.user_id);
      assert.ok(!records.has(userId), `two events for ${userId}`);
      records.set(userId, record);
    }
    return { records, expected, spans: collector.spans(), stderr: app.output().stderr };
  };
  return { app, finish };
}
