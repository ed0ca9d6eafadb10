import type { TcellEventSink } from '../exporters/sinks/types';
import type { TcellEventRecord } from '../exporters/tcell-event';
import { warnProblem } from '../src/diagnostics';
import type { Detector } from './detector';

/**
 * A tCell event sink that feeds the detector, so the preload's exporter can hand it events
 * like any other sink. Detection failures are reported, never passed on to the exporter.
 */
export class DetectorSink implements TcellEventSink {
  constructor(readonly detector: Detector) {}

  write(records: readonly TcellEventRecord[]): Promise<void> {
    this.writeSync(records);
    return Promise.resolve();
  }

  writeSync(records: readonly TcellEventRecord[]): void {
    try {
      for (const record of records) this.detector.observe(record);
    } catch (error) {
      const name = error instanceof Error ? error.name : 'error';
      warnProblem('detection-failed', `the detector failed on a batch of events (${name})`);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
