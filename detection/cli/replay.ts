import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Detector } from '../detector';
import type { PresetName } from '../presets';
import { PRESETS } from '../presets';
import { renderHtmlReport } from '../replay/html-report';
import type { ReplayFormat, ReplayProgress } from '../replay/replay-files';
import { replayFiles } from '../replay/replay-files';
import type { ReplaySummaryData } from '../replay/replay-summary';
import { printable, quotePrintable } from './printable';

/** Where the CLI writes; standard output and error by default. */
export interface ReplayOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** Files at least this large get a progress line. */
const PROGRESS_MIN_BYTES = 16 * 1024 * 1024;
const PROGRESS_EVERY_MS = 1000;

const USAGE = `usage: tcell-hooks replay [options] <files...>

Replays tCell login events (JSON Lines) through the detection rules, prints a summary and
writes an HTML report.

options:
  --format tcell|sshd   input format (default tcell); sshd reads OpenSSH auth log lines
  --year YYYY           year of sshd syslog times, which have none (default: this year, UTC)
  --preset NAME         thresholds: ${Object.keys(PRESETS).join(', ')} (default balanced)
  --report FILE         HTML report to write (default tcell-replay-report.html)
  --no-report           write no HTML report
  --alerts FILE         also append the alerts to this JSON Lines file
  --quiet               no progress line
  -h, --help            this text
`;

/**
 * The `replay` subcommand: `runReplay(['events.jsonl'])`. Resolves with the exit code: 0 on
 * success, 1 when a file cannot be read, 2 on a usage error.
 */
export async function runReplay(
  argv: string[],
  output: ReplayOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'tcell' },
        year: { type: 'string' },
        preset: { type: 'string', default: 'balanced' },
        report: { type: 'string', default: 'tcell-replay-report.html' },
        'no-report': { type: 'boolean', default: false },
        alerts: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    output.stderr.write(`tcell-hooks replay: ${printable((error as Error).message)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    output.stdout.write(USAGE);
    return 0;
  }
  const problem = usageProblem(values.format, values.year, values.preset, positionals);
  if (problem !== undefined) {
    output.stderr.write(`tcell-hooks replay: ${problem}\n${USAGE}`);
    return 2;
  }

  const detector = new Detector({
    preset: values.preset as PresetName,
    alertsFile: values.alerts,
    telemetry: false,
  });
  const progress = values.quiet ? undefined : progressLine(output.stderr);
  let summary: ReplaySummaryData;
  try {
    summary = await replayFiles(positionals, detector, {
      format: values.format as ReplayFormat,
      year: values.year === undefined ? undefined : Number(values.year),
      onProgress: (step) => progress?.update(step),
    });
  } catch (error) {
    progress?.end();
    output.stderr.write(`tcell-hooks replay: ${readProblem(error)}\n`);
    return 1;
  }
  progress?.end();

  output.stdout.write(formatSummary(summary, detector));
  if (!values['no-report']) {
    const reportPath = resolve(values.report);
    mkdirSync(dirname(reportPath), { recursive: true });
    writeFileSync(reportPath, renderHtmlReport(summary));
    output.stdout.write(`report: ${printable(reportPath)}\n`);
  }
  return 0;
}

function usageProblem(
  format: string,
  year: string | undefined,
  preset: string,
  files: string[],
): string | undefined {
  if (files.length === 0) return 'no input file given';
  if (format !== 'tcell' && format !== 'sshd') return `unknown --format ${quotePrintable(format)}`;
  if (year !== undefined && !/^\d{4}$/.test(year)) return '--year must be a four-digit year';
  if (!Object.hasOwn(PRESETS, preset)) return `unknown --preset ${quotePrintable(preset)}`;
  return undefined;
}

/** What went wrong reading the input, naming the file when the error says which. */
function readProblem(error: unknown): string {
  const { code, path } = (error ?? {}) as NodeJS.ErrnoException;
  if (typeof code !== 'string') {
    // Not a file system error: a fault of the replay itself, which the input may have caused.
    const name =
      error instanceof Error && /^[A-Za-z]{1,40}$/.test(error.name) ? error.name : 'error';
    return `replay failed on the input (${name}); please report it with the input that caused it`;
  }
  const file = typeof path === 'string' ? ` ${quotePrintable(path)}` : '';
  return `cannot read the input${file} (${printable(code)})`;
}

/** Prints progress on large inputs at most once a second; on a terminal it rewrites one line. */
function progressLine(stderr: ReplayOutput['stderr']): {
  update(progress: ReplayProgress): void;
  end(): void;
} {
  let lastPrinted = 0;
  let printed = false;
  return {
    update(progress) {
      if (progress.totalBytes < PROGRESS_MIN_BYTES) return;
      const now = Date.now();
      if (now - lastPrinted < PROGRESS_EVERY_MS && progress.bytesRead < progress.totalBytes) return;
      lastPrinted = now;
      printed = true;
      const percent = Math.floor((progress.bytesRead / progress.totalBytes) * 100);
      const events = printable(progress.events.toLocaleString('en'));
      const line = `replay: ${percent}% of input, ${events} events`;
      stderr.write(stderr.isTTY === true ? `\r${line}` : `${line}\n`);
    },
    end() {
      if (printed && stderr.isTTY === true) stderr.write('\n');
    },
  };
}

/** The printed summary: events, outcomes, top IPs and accounts, alerts per rule. */
export function formatSummary(summary: ReplaySummaryData, detector: Detector): string {
  const lines = [
    `events: ${summary.events} (${summary.successes} successes, ${summary.failures} failures, ` +
      `${summary.unknownAccounts} on unknown accounts); lines skipped: ${summary.skippedLines}`,
    `time: ${printable(summary.firstTime ?? '-')} to ${printable(summary.lastTime ?? '-')}`,
    'top IPs:',
    ...summary.topAddresses.map((key) => `  ${printable(key.name)} ${key.count}`),
    'top accounts:',
    ...summary.topAccounts.map((key) => `  ${printable(key.name)} ${key.count}`),
    'alerts per rule:',
  ];
  const perRule = Object.entries(summary.alertsPerRule);
  if (perRule.length === 0) lines.push('  none');
  for (const [rule, count] of perRule) lines.push(`  ${printable(rule)} ${count}`);
  const evictions = detector.stats().tables.reduce((total, table) => total + table.evictions, 0);
  lines.push(`table evictions: ${evictions}`);
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  void runReplay(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
