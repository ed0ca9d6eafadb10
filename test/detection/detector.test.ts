import assert from 'node:assert';
import { Detector } from '../../detection/detector';
import type { DetectionAlert } from '../../detection/types';
import type { TcellEventRecord } from '../../exporters/tcell-event';
import { generateTraffic } from './traffic';
import type { PlantedAttack } from './traffic';

function runDetector(events: TcellEventRecord[], detector?: Detector): DetectionAlert[] {
  const alerts: DetectionAlert[] = [];
  const running = detector ?? new Detector({ telemetry: false });
  running.onAlert((alert) => alerts.push(alert));
  for (const event of events) running.observe(event);
  return alerts;
}

function matches(alert: DetectionAlert, attack: PlantedAttack): boolean {
  const key = alert.key as Record<string, string | undefined>;
  return alert.rule === attack.rule && Object.entries(attack.key).every(([n, v]) => key[n] === v);
}

function failure(time: string, userId: string, address: string): TcellEventRecord {
  return {
    event_type: 'login',
    event_name: 'login-failure',
    user_id: userId,
    user_valid: true,
    remote_addr: address,
    event_time: time,
  };
}

describe('Detector', () => {
  const withAttacks = generateTraffic({ seed: 7, users: 5000, attacks: true });

  it('should raise no alert on a day of ordinary logins with typos', () => {
    const normal = generateTraffic({ seed: 7, users: 5000, attacks: false });
    const failures = normal.events.filter((event) => event.event_name === 'login-failure');
    assert.ok(normal.events.length > 10_000, `only ${normal.events.length} events`);
    assert.ok(failures.length > 500, `only ${failures.length} typos`);

    assert.deepStrictEqual(runDetector(normal.events), []);
  });

  it('should raise the alert of every planted attack, and nothing else', () => {
    const alerts = runDetector(withAttacks.events);

    assert.strictEqual(withAttacks.attacks.length, 7);
    for (const attack of withAttacks.attacks) {
      const found = alerts.filter((alert) => matches(alert, attack));
      assert.strictEqual(found.length, 1, `${attack.rule} ${JSON.stringify(attack.key)}`);
    }
    assert.strictEqual(alerts.length, withAttacks.attacks.length);
  });

  it('should mark a takeover critical and other rules below it', () => {
    const alerts = runDetector(withAttacks.events);

    for (const alert of alerts) {
      const expected = alert.rule === 'takeover-suspected' ? 'critical' : ['high', 'medium'];
      if (typeof expected === 'string') assert.strictEqual(alert.severity, expected);
      else assert.ok(expected.includes(alert.severity), alert.rule);
    }
  });

  it('should carry counts, times and at most three secret-free examples', () => {
    const alerts = runDetector(withAttacks.events);
    const brute = alerts.find((alert) => alert.rule === 'brute-force');
    const bruteEvents = withAttacks.events.filter(
      (event) => event.user_id === 'user17@example.com' && event.remote_addr === '203.0.113.10',
    );

    assert.ok(brute !== undefined);
    assert.strictEqual(brute.counts.failures, 10);
    assert.strictEqual(brute.first_time, bruteEvents[0].event_time);
    assert.strictEqual(brute.last_time, bruteEvents[9].event_time);
    assert.strictEqual(brute.window_seconds, 3600);
    assert.strictEqual(brute.examples.length, 3);
    for (const example of brute.examples) {
      assert.deepStrictEqual(Object.keys(example).sort(), [
        'event_name',
        'event_time',
        'password_id',
        'remote_addr',
        'user_agent',
        'user_id',
        'user_valid',
      ]);
    }
  });

  it('should raise one alert per key and window, and another in the next window', () => {
    const start = Date.UTC(2024, 0, 1);
    const events: TcellEventRecord[] = [];
    // 200 failures a minute apart: 200 minutes is windows of 60 min starting at 0, 60, 120, 180.
    for (let minute = 0; minute < 200; minute++) {
      const time = new Date(start + minute * 60_000).toISOString();
      events.push(failure(time, 'victim', '198.18.0.1'));
    }

    const alerts = runDetector(events).filter((alert) => alert.rule === 'brute-force');

    assert.deepStrictEqual(
      alerts.map((alert) => alert.first_time),
      [0, 60, 120, 180].map((minute) => new Date(start + minute * 60_000).toISOString()),
    );
  });

  it('should keep every table within its cap and count what it forgot', () => {
    const cap = 100;
    const detector = new Detector({ telemetry: false, maxKeysPerTable: cap });
    const start = Date.UTC(2024, 0, 1);
    for (let index = 0; index < 5000; index++) {
      const time = new Date(start + index).toISOString();
      detector.observe(failure(time, `account${index}`, `10.${index >> 8}.${index & 255}.1`));
    }

    const tables = detector.stats().tables;
    const brute = tables.find((table) => table.name === 'brute-force');
    for (const table of tables) assert.ok(table.size <= cap, `${table.name} ${table.size}`);
    assert.strictEqual(brute?.size, cap);
    assert.strictEqual(brute?.evictions, 5000 - cap);
  });

  it('should use event time, so the wall clock does not matter', () => {
    const oldEvents: TcellEventRecord[] = [];
    for (let index = 0; index < 10; index++) {
      oldEvents.push(failure(`2001-01-01T00:0${index}:00.000Z`, 'old', '198.18.0.2'));
    }
    const spread: TcellEventRecord[] = [];
    for (let index = 0; index < 10; index++) {
      // Two hours apart in event time, although observed within a millisecond.
      spread.push(
        failure(
          new Date(Date.UTC(2001, 0, 1) + index * 7_200_000).toISOString(),
          'spread',
          '198.18.0.3',
        ),
      );
    }

    assert.strictEqual(runDetector(oldEvents).length, 1);
    assert.strictEqual(runDetector(spread).length, 0);
  });

  it('should skip events without an outcome or a time, and count them', () => {
    const detector = new Detector({ telemetry: false });
    detector.observe({ ...failure('not a time', 'a', '198.18.0.4') });
    detector.observe({
      ...failure('2024-01-01T00:00:00.000Z', 'a', '198.18.0.4'),
      event_name: 'login-maybe' as 'login-success',
    });
    detector.observe(null as unknown as TcellEventRecord);

    assert.strictEqual(detector.stats().skippedEvents, 3);
    assert.strictEqual(detector.stats().events, 0);
  });
});
