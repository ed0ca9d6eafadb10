import { appendFileSync, mkdirSync, writeSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { formatRecord } from '../formats/format-record';
import { DEFAULT_FORMAT_CONTEXT } from '../formats/types';
import type { EventFormat, FormatContext } from '../formats/types';
import type { TcellEventRecord } from '../tcell-event';
import type { DeliveryStats } from './delivery-stats';
import { DeliveryTally } from './delivery-stats';
import type { TcellEventSink } from './types';

/** The file name that means standard output. */
export const STANDARD_OUTPUT = '-';

/** Options of a JSON Lines file sink. */
export interface JsonlFileSinkOptions {
  /** The record format of each line: `tcell` (default), `ocsf` or `ecs`. */
  format?: EventFormat;
  /** Service name and the like, for formats that need them. */
  context?: FormatContext;
}

/**
 * Writes login events as JSON Lines, one event per line in the chosen format, appended to a
 * file (created with its folder if missing) or, for `-`, to standard output.
 */
export class JsonlFileSink implements TcellEventSink {
  /** The absolute path written to, or `-`. */
  readonly path: string;
  /** The record format of each line. */
  readonly format: EventFormat;
  private readonly context: FormatContext;
  private pending: Promise<void> = Promise.resolve();
  private folderReady = false;
  private readonly tally = new DeliveryTally('jsonl');

  constructor(path: string, options: JsonlFileSinkOptions = {}) {
    this.path = path === STANDARD_OUTPUT ? path : resolve(path);
    this.format = options.format ?? 'tcell';
    this.context = options.context ?? DEFAULT_FORMAT_CONTEXT;
  }

  write(records: readonly TcellEventRecord[]): Promise<void> {
    const text = this.toJsonLines(records);
    const count = records.length;
    this.tally.accept(count);
    const next = this.pending
      .then(() => this.append(text))
      .then(
        () => this.tally.deliver(count),
        (error: unknown) => {
          this.tally.drop('write_failed', count);
          throw error;
        },
      );
    // The chain must survive a failed write; the caller still sees this write's failure.
    this.pending = next.catch(() => undefined);
    return next;
  }

  writeSync(records: readonly TcellEventRecord[]): void {
    const text = this.toJsonLines(records);
    this.tally.accept(records.length);
    try {
      if (this.path === STANDARD_OUTPUT) {
        writeSync(1, text);
      } else {
        this.ensureFolder();
        appendFileSync(this.path, text);
      }
    } catch (error) {
      this.tally.drop('write_failed', records.length);
      throw error;
    }
    this.tally.deliver(records.length);
  }

  stats(): DeliveryStats {
    return this.tally.snapshot();
  }

  forceFlush(): Promise<void> {
    return this.pending;
  }

  shutdown(): Promise<void> {
    return this.pending;
  }

  private async append(text: string): Promise<void> {
    if (this.path === STANDARD_OUTPUT) {
      await new Promise<void>((done, fail) =>
        process.stdout.write(text, (error) => (error ? fail(error) : done())),
      );
      return;
    }
    this.ensureFolder();
    await appendFile(this.path, text);
  }

  private toJsonLines(records: readonly TcellEventRecord[]): string {
    const lines: string[] = new Array<string>(records.length + 1);
    if (this.format === 'tcell') {
      // The tCell format is the record itself: no mapping call per event.
      for (let index = 0; index < records.length; index++) {
        lines[index] = JSON.stringify(records[index]);
      }
    } else {
      for (let index = 0; index < records.length; index++) {
        lines[index] = JSON.stringify(formatRecord(records[index], this.format, this.context));
      }
    }
    // The empty last entry gives the final line its line feed; one string, no partial copies.
    lines[records.length] = '';
    return records.length === 0 ? '' : lines.join('\n');
  }

  private ensureFolder(): void {
    if (this.folderReady) return;
    mkdirSync(dirname(this.path), { recursive: true });
    this.folderReady = true;
  }
}
