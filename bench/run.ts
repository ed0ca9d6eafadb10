/**
 * `npm run bench` / `npm run bench:smoke`: runs every group under bench/groups, each in a
 * child process of its own, and prints one table.
 *   node build/bench/run.js [--smoke] [--only=group,group] [--cpu-prof]
 * Exits 1 when a row fails to run; a missed target is reported in the table, not in the exit
 * code.
 */
import { fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, REPO_ROOT } from '../test/helpers/app-process';
import type { BenchGroup } from './groups/index';
import { GROUPS } from './groups/index';
import type { RowResult } from './lib/rows';
import { FULL_SETTINGS, SMOKE_SETTINGS } from './lib/settings';
import { renderTable } from './lib/table';

interface RowMessage {
  row: RowResult;
}

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((argument) => argument.startsWith(prefix))?.slice(prefix.length);
}

/** Runs inside a group's child process: measures each row and sends its result up. */
async function runGroup(group: BenchGroup, smoke: boolean): Promise<void> {
  const settings = smoke ? SMOKE_SETTINGS : FULL_SETTINGS;
  const { rows } = await group.load();
  for (const row of rows) {
    process.stderr.write(`bench: ${group.name}: ${row.name}...\n`);
    const started = performance.now();
    const result: RowResult = {
      name: row.name,
      describe: row.describe,
      target: row.target,
      whenMissed: row.whenMissed,
      seconds: 0,
    };
    try {
      const outcome = await row.measure(settings);
      if ('unavailable' in outcome) result.unavailable = outcome.unavailable;
      else result.measurement = outcome;
    } catch (error) {
      result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    }
    result.seconds = (performance.now() - started) / 1000;
    process.send?.({ row: result } satisfies RowMessage);
  }
}

/** Starts one group's process and collects its rows; a crash becomes an error row. */
function spawnGroup(group: BenchGroup, smoke: boolean, cpuProfile: boolean): Promise<RowResult[]> {
  const profileArgs = cpuProfile
    ? ['--cpu-prof', `--cpu-prof-dir=${join(tmpdir(), 'tcell-bench-profiles')}`]
    : [];
  const child = fork(__filename, ['--group', group.name, ...(smoke ? ['--smoke'] : [])], {
    cwd: REPO_ROOT,
    env: cleanEnv(),
    execArgv: [...(group.nodeArgs ?? []), ...profileArgs],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const results: RowResult[] = [];
  child.on('message', (message: RowMessage) => results.push(message.row));
  return new Promise((done) => {
    child.once('exit', (code, signal) => {
      if (code !== 0 || results.length === 0) {
        results.push({
          name: group.name,
          describe: `The ${group.name} group's process ended early.`,
          error: `exit code ${code}, signal ${signal}`,
          seconds: 0,
        });
      }
      done(results);
    });
  });
}

async function main(): Promise<void> {
  const smoke = process.argv.includes('--smoke');
  const groupName = process.argv[process.argv.indexOf('--group') + 1];
  if (process.argv.includes('--group')) {
    const group = GROUPS.find((candidate) => candidate.name === groupName);
    if (group === undefined) throw new Error(`no bench group named ${groupName}`);
    await runGroup(group, smoke);
    return;
  }

  const only = option('only')?.split(',');
  const unknown = only?.filter((name) => !GROUPS.some((group) => group.name === name)) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `unknown group ${unknown.join(', ')}; groups: ${GROUPS.map((g) => g.name).join(', ')}`,
    );
  }
  const started = performance.now();
  const results: RowResult[] = [];
  for (const group of GROUPS) {
    if (only !== undefined && !only.includes(group.name)) continue;
    results.push(...(await spawnGroup(group, smoke, process.argv.includes('--cpu-prof'))));
  }

  const minutes = (performance.now() - started) / 60_000;
  console.log(
    `\ntcell-hooks benchmarks (${smoke ? 'smoke: rows run, targets not meaningful' : 'full'}), ` +
      `node ${process.version}, ${minutes.toFixed(1)} min\n`,
  );
  console.log(renderTable(results));
  if (results.some((result) => result.error !== undefined)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
