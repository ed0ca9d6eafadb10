/**
 * Replay benchmark: writes a file of about 1,000,000 generated events (a day of ordinary
 * logins with the planted attacks), replays it through the detector and prints events per
 * second, then measures the heap cost of one tracked key with every table full.
 * Run: npm run bench (node --expose-gc gives steadier memory figures).
 */
import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Detector } from '../detection/detector';
import { replayFiles } from '../detection/replay/replay-files';
import { generateTraffic } from '../test/detection/traffic';

const TARGET_EVENTS = 1_000_000;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function measureReplay(): Promise<void> {
  const traffic = generateTraffic({ seed: 1, users: 430_000, attacks: true });
  const events = traffic.events.slice(0, TARGET_EVENTS);
  const file = join(tmpdir(), `tcell-bench-${process.pid}.jsonl`);
  const output = openSync(file, 'w');
  for (let start = 0; start < events.length; start += 10_000) {
    const lines = events.slice(start, start + 10_000).map((event) => JSON.stringify(event));
    writeSync(output, `${lines.join('\n')}\n`);
  }
  closeSync(output);
  traffic.events.length = 0;
  collectGarbage();
  const megabytes = statSync(file).size / 1024 / 1024;

  const detector = new Detector({ telemetry: false });
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const summary = await replayFiles([file], detector);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  rmSync(file);

  const stats = detector.stats();
  console.log(
    `replay: ${summary.events} events (${megabytes.toFixed(0)} MB) in ${seconds.toFixed(2)} s`,
  );
  console.log(`replay: ${Math.round(summary.events / seconds).toLocaleString('en')} events/s`);
  // On a shared machine the wall clock counts other processes' time; CPU time does not.
  console.log(
    `replay: ${cpuSeconds.toFixed(2)} s of CPU, ` +
      `${Math.round(summary.events / cpuSeconds).toLocaleString('en')} events per CPU second`,
  );
  console.log(`alerts: ${JSON.stringify(summary.alertsPerRule)}`);
  const evictions = stats.tables.reduce((total, table) => total + table.evictions, 0);
  console.log(
    `tables: ${stats.tables.map((t) => `${t.name}=${t.size}`).join(' ')}; evictions ${evictions}`,
  );
  console.log(`rss after replay: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
}

/**
 * Fills every table to its cap with attacker-chosen keys (a new IP, account, password and
 * client on each failure) and divides the heap growth by the keys held.
 */
function measureKeyCost(): void {
  const maxKeys = 20_000;
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const detector = new Detector({ telemetry: false, maxKeysPerTable: maxKeys });
  const start = Date.UTC(2024, 0, 1);
  for (let index = 0; index < maxKeys * 3; index++) {
    detector.observe({
      event_type: 'login',
      event_name: 'login-failure',
      user_id: `account-${index}@example.com`,
      user_valid: index % 2 === 0,
      remote_addr: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
      password_id: index.toString(16).padStart(8, '0'),
      user_agent: `bot/${index}`,
      header_keys: ['HOST', 'USER_AGENT'],
      event_time: new Date(start + index).toISOString(),
    });
  }
  collectGarbage();
  const grown = process.memoryUsage().heapUsed - before;
  const keys = detector.stats().tables.reduce((total, table) => total + table.size, 0);
  console.log(
    `key cost: ${keys} keys held in ${detector.stats().tables.length} tables, ` +
      `heap +${(grown / 1024 / 1024).toFixed(1)} MB, ${Math.round(grown / keys)} bytes per key`,
  );
}

async function main(): Promise<void> {
  await measureReplay();
  measureKeyCost();
}

void main();
