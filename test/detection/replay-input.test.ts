import assert from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Detector } from '../../detection/detector';
import { replayFiles } from '../../detection/replay/replay-files';
import type { DetectionAlert } from '../../detection/types';
import type { TcellEventRecord } from '../../exporters/tcell-event';
import { tempFolder } from '../helpers/app-process';
import { generateTraffic } from './traffic';

/** The same record written in forms the fast parser leaves to JSON.parse, by line number. */
function variantLine(event: TcellEventRecord, index: number): string {
  switch (index % 7) {
    case 1:
      return JSON.stringify(event, null, 1).replace(/\n/g, ' ');
    case 2:
      return JSON.stringify({ ...event, user_id: `${event.user_id}\u00e9\u{1f600}` });
    case 3:
      return JSON.stringify({ ...event, extra: [1, { nested: null }] });
    case 4:
      return JSON.stringify({ ...event, user_agent: `${event.user_agent}\t"quoted"\\` });
    case 5:
      return `${JSON.stringify(event)}\r`;
    default:
      return JSON.stringify(event);
  }
}

/** Whether a parsed line is a login event the detector takes, judged here independently. */
function isLogin(value: unknown): value is TcellEventRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    (record.event_name === 'login-success' || record.event_name === 'login-failure') &&
    typeof record.event_time === 'string' &&
    !Number.isNaN(Date.parse(record.event_time))
  );
}

describe('replayFiles input', () => {
  it('should read fast-form, other JSON and broken lines as JSON.parse does', async () => {
    const traffic = generateTraffic({ seed: 5, users: 1500, attacks: true });
    const lines = traffic.events.map(variantLine);
    // Lines that are not login events, among the others.
    const hostile = [
      'not json',
      'null',
      '[]',
      '5',
      '{"event_name":"login-success"}',
      '{"event_name":"login-success","event_time":"yesterday"}',
      '{"event_name":"login-failure","event_time":"2024-03-01T00:00:00.000Z",',
      '\u00ff\u00fe{}',
      ' ',
    ];
    hostile.forEach((line, index) => lines.splice(index * 97 + 5, 0, line));
    const path = join(tempFolder(), 'mixed.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n\n${'z'.repeat(16 * 1024 * 1024)}\n`);

    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return undefined;
      }
    });
    const events = parsed.filter(isLogin);
    const live: DetectionAlert[] = [];
    const liveDetector = new Detector({ telemetry: false, onAlert: (alert) => live.push(alert) });
    for (const event of events) liveDetector.observe(event);
    const perAccount = new Map<string, number>();
    for (const event of events) {
      perAccount.set(event.user_id!, (perAccount.get(event.user_id!) ?? 0) + 1);
    }
    const topAccount = [...perAccount].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    const replayed: DetectionAlert[] = [];

    const summary = await replayFiles(
      [path],
      new Detector({ telemetry: false, onAlert: (alert) => replayed.push(alert) }),
    );

    assert.strictEqual(summary.events, events.length);
    // The lines that are not login events, and the oversized line; not the empty line.
    assert.strictEqual(summary.skippedLines, lines.length - events.length + 1);
    assert.strictEqual(
      summary.failures,
      events.filter((e) => e.event_name === 'login-failure').length,
    );
    assert.deepStrictEqual(summary.topAccounts[0], { name: topAccount[0], count: topAccount[1] });
    assert.ok(live.length >= 6);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(replayed)), JSON.parse(JSON.stringify(live)));
  });
});

describe('replayFiles with values of other types than the exporter writes', () => {
  it('should count accounts given as numbers or objects, as distinct values', async () => {
    // 40 failures from one IP within a minute, each on its own account; the accounts are JSON
    // numbers, objects and strings, as another sender might write them. The balanced preset's
    // credential-stuffing rule needs 30 failures over 5 accounts: one alert.
    const start = Date.parse('2026-03-01T10:00:00.000Z');
    const lines = Array.from({ length: 40 }, (_, index) =>
      JSON.stringify({
        event_type: 'login',
        event_name: 'login-failure',
        user_id: [index, { id: index }, `user-${index}`][index % 3],
        remote_addr: '203.0.113.9',
        event_time: new Date(start + index * 1000).toISOString(),
      }),
    );
    const file = join(tempFolder(), 'typed.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const summary = await replayFiles([file], new Detector({ telemetry: false }));

    assert.strictEqual(summary.events, 40);
    assert.strictEqual(summary.alertsPerRule['credential-stuffing'], 1);
  });
});
