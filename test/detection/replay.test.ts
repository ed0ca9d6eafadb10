import assert from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runReplay } from '../../detection/cli/replay';
import { Detector } from '../../detection/detector';
import { DetectorSink } from '../../detection/detector-sink';
import type { DetectionAlert } from '../../detection/types';
import { readJsonLines, tempFolder } from '../helpers/app-process';
import { generateTraffic } from './traffic';

function captured(): {
  stdout: { write(text: string): boolean };
  stderr: { write(text: string): boolean };
  text(): string;
  errors(): string;
} {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => ((out += text), true) },
    stderr: { write: (text: string) => ((err += text), true) },
    text: () => out,
    errors: () => err,
  };
}

describe('runReplay', () => {
  const traffic = generateTraffic({ seed: 11, users: 3000, attacks: true });

  it('should raise the same alerts from a file as from the same events fed live', async () => {
    const folder = tempFolder();
    const eventsFile = join(folder, 'events.jsonl');
    const alertsFile = join(folder, 'alerts.jsonl');
    writeFileSync(eventsFile, traffic.events.map((event) => JSON.stringify(event)).join('\n'));
    const live: DetectionAlert[] = [];
    const sink = new DetectorSink(new Detector({ telemetry: false, onAlert: (a) => live.push(a) }));
    // Live events arrive in batches, as the span processor hands them over.
    for (let start = 0; start < traffic.events.length; start += 512) {
      await sink.write(traffic.events.slice(start, start + 512));
    }
    const output = captured();

    const code = await runReplay([eventsFile, '--alerts', alertsFile, '--no-report'], output);

    assert.strictEqual(code, 0, output.errors());
    assert.strictEqual(live.length, 7);
    assert.deepStrictEqual(readJsonLines(alertsFile), JSON.parse(JSON.stringify(live)));
  });

  it('should print events, outcomes, top IPs and accounts, and alerts per rule', async () => {
    const folder = tempFolder();
    const eventsFile = join(folder, 'events.jsonl');
    writeFileSync(
      eventsFile,
      `${traffic.events.map((e) => JSON.stringify(e)).join('\n')}\nnot json\n`,
    );
    const failures = traffic.events.filter((event) => event.event_name === 'login-failure').length;
    const perAddress = new Map<string, number>();
    for (const event of traffic.events) {
      perAddress.set(event.remote_addr!, (perAddress.get(event.remote_addr!) ?? 0) + 1);
    }
    const [topAddress, topCount] = [...perAddress].sort((a, b) => b[1] - a[1])[0];
    const output = captured();

    await runReplay([eventsFile, '--no-report'], output);

    const text = output.text();
    assert.match(
      text,
      new RegExp(
        `^events: ${traffic.events.length} \\(${traffic.events.length - failures} successes, ${failures} failures`,
        'm',
      ),
    );
    assert.match(text, /lines skipped: 1$/m);
    assert.match(
      text,
      new RegExp(`^top IPs:\\n  ${topAddress.replace(/\./g, '\\.')} ${topCount}$`, 'm'),
    );
    assert.match(text, /^top accounts:\n {2}\S+ \d+$/m);
    assert.match(text, /^ {2}takeover-suspected 2$/m);
    assert.match(text, /^ {2}brute-force 1$/m);
  });

  it('should read OpenSSH auth log lines with the given year', async () => {
    const folder = tempFolder();
    const logFile = join(folder, 'auth.log');
    const lines: string[] = [];
    for (let index = 0; index < 12; index++) {
      const second = String(index).padStart(2, '0');
      lines.push(
        `Dec 31 23:59:${second} host sshd[100${index}]: Failed password for root from 192.0.2.7 port 4${index} ssh2`,
      );
    }
    for (let index = 0; index < 25; index++) {
      const second = String(index).padStart(2, '0');
      lines.push(
        `Jan  1 00:00:${second} host sshd[200${index}]: Failed password for invalid user u${index} from 192.0.2.8 port 5${index} ssh2`,
      );
    }
    lines.push(
      'Jan  1 00:01:00 host sshd[300]: Accepted password for alice from 192.0.2.9 port 22 ssh2',
    );
    lines.push(
      'Jan  1 00:01:01 host sshd[301]: pam_unix(sshd:session): session opened for user alice',
    );
    writeFileSync(logFile, `${lines.join('\n')}\n`);
    const alertsFile = join(folder, 'alerts.jsonl');
    const output = captured();

    const code = await runReplay(
      ['--format', 'sshd', '--year', '2023', '--alerts', alertsFile, '--no-report', logFile],
      output,
    );

    assert.strictEqual(code, 0, output.errors());
    assert.match(
      output.text(),
      /^events: 38 \(1 successes, 37 failures, 25 on unknown accounts\); lines skipped: 1$/m,
    );
    assert.match(output.text(), /^time: 2023-12-31T23:59:00\.000Z to 2024-01-01T00:01:00\.000Z$/m);
    const alerts = readJsonLines(alertsFile) as unknown as DetectionAlert[];
    assert.deepStrictEqual(
      alerts.map((alert) => [alert.rule, alert.key]),
      [
        ['brute-force', { user_id: 'root' }],
        ['account-enumeration', { remote_addr: '192.0.2.8' }],
      ],
    );
  });

  it('should answer a usage error with exit code 2 and a missing file with 1', async () => {
    const output = captured();

    assert.strictEqual(await runReplay([], output), 2);
    assert.strictEqual(await runReplay(['--format', 'xml', 'a'], output), 2);
    const absent = join(tempFolder(), 'absent.jsonl');
    assert.strictEqual(await runReplay([absent], output), 1);
    assert.ok(
      output.errors().endsWith(`cannot read the input ${JSON.stringify(absent)} (ENOENT)\n`),
      output.errors(),
    );
  });

  it('should write a progress line on stderr for a large input', async () => {
    const folder = tempFolder();
    const eventsFile = join(folder, 'large.jsonl');
    const text = `${traffic.events.map((event) => JSON.stringify(event)).join('\n')}\n`;
    writeFileSync(eventsFile, text.repeat(Math.ceil((17 * 1024 * 1024) / text.length)));
    const output = captured();

    await runReplay([eventsFile, '--no-report'], output);

    assert.match(output.errors(), /^replay: 100% of input, [\d,]+ events$/m);
    assert.ok(readFileSync(eventsFile).length >= 16 * 1024 * 1024);
  });
});
