import { statSync } from 'node:fs';
import type { TcellEventRecord } from '../../exporters/tcell-event';
import type { Detector } from '../detector';
import { loginTime } from '../observed-login';
import { forEachLine } from './line-reader';
import { ReplaySummary } from './replay-summary';
import type { ReplaySummaryData } from './replay-summary';
import { SshdLogReader } from './sshd-log';

/** The formats a replay reads. */
export type ReplayFormat = 'tcell' | 'sshd';

/** Progress of a replay, for a progress line. */
export interface ReplayProgress {
  bytesRead: number;
  totalBytes: number;
  events: number;
}

/** Options of a replay. */
export interface ReplayOptions {
  format?: ReplayFormat;
  /** Year of syslog times without one (sshd format). */
  year?: number;
  /** Called after each chunk read. */
  onProgress?(progress: ReplayProgress): void;
}

/**
 * Feeds the events of files, in order, to a detector, and summarises events and alerts. Memory
 * stays bounded: lines are read a chunk at a time and every table is capped.
 */
export async function replayFiles(
  paths: string[],
  detector: Detector,
  options: ReplayOptions = {},
): Promise<ReplaySummaryData> {
  const summary = new ReplaySummary(paths);
  const stopListening = detector.onAlert((alert) => summary.addAlert(alert));
  const totalBytes = paths.reduce((total, path) => total + statSync(path).size, 0);
  const sshd = options.format === 'sshd' ? new SshdLogReader(options.year) : undefined;
  let doneBytes = 0;

  const onLine = (line: string): void => {
    if (sshd !== undefined) {
      const records = sshd.read(line);
      if (records.length === 0) summary.addSkippedLine();
      for (const record of records) observe(detector, summary, record);
      return;
    }
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      summary.addSkippedLine();
      return;
    }
    observe(detector, summary, record as TcellEventRecord);
  };

  try {
    for (const path of paths) {
      await forEachLine(path, onLine, (bytesRead) =>
        options.onProgress?.({
          bytesRead: doneBytes + bytesRead,
          totalBytes,
          events: summary.eventCount,
        }),
      );
      doneBytes += statSync(path).size;
    }
  } finally {
    stopListening();
  }
  return summary.finish();
}

function observe(detector: Detector, summary: ReplaySummary, record: TcellEventRecord): void {
  const time = loginTime(record);
  if (time === undefined) {
    summary.addSkippedLine();
    return;
  }
  summary.addEvent(record, time);
  detector.observe(record, time);
}
