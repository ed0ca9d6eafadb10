import { statSync } from 'node:fs';
import type { TcellEventRecord } from '../../exporters/tcell-event';
import type { Detector } from '../detector';
import { DETECTION_FIELDS, loginTime } from '../observed-login';
import { forEachLine } from './line-reader';
import type { LineVisitor } from './line-reader';
import { RecordParser } from './record-parser';
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
  const parser = new RecordParser(DETECTION_FIELDS);
  let doneBytes = 0;
  const visitor: LineVisitor = {
    line(bytes, start, end) {
      if (sshd !== undefined) {
        const records = sshd.read(bytes.toString('utf8', start, end));
        if (records.length === 0) summary.addSkippedLine();
        for (const record of records) observe(detector, summary, record);
        return;
      }
      const record = parser.parse(bytes, start, end);
      if (record !== undefined) {
        observe(detector, summary, record, parser.lastAddressHash, parser.lastAccountHash);
        return;
      }
      const parsed = parseJson(bytes, start, end);
      if (parsed === undefined) summary.addSkippedLine();
      else observe(detector, summary, parsed);
    },
    oversized: () => summary.addSkippedLine(),
    chunk(bytesRead) {
      options.onProgress?.({
        bytesRead: doneBytes + bytesRead,
        totalBytes,
        events: summary.eventCount,
      });
    },
  };

  try {
    for (const path of paths) {
      await forEachLine(path, visitor);
      doneBytes += statSync(path).size;
    }
  } finally {
    stopListening();
  }
  return summary.finish();
}

/** A line the fast parser left: whatever JSON.parse makes of it, undefined if not JSON. */
function parseJson(bytes: Buffer, start: number, end: number): TcellEventRecord | undefined {
  try {
    return JSON.parse(bytes.toString('utf8', start, end)) as TcellEventRecord;
  } catch {
    return undefined;
  }
}

function observe(
  detector: Detector,
  summary: ReplaySummary,
  record: TcellEventRecord,
  addressHash?: number,
  accountHash?: number,
): void {
  const time = loginTime(record);
  if (time === undefined) {
    summary.addSkippedLine();
    return;
  }
  summary.addEvent(record, time, addressHash, accountHash);
  detector.observe(record, time);
}
