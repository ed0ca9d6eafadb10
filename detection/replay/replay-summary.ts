import type { TcellEventRecord } from '../../exporters/tcell-event';
import type { DetectionAlert, RuleName } from '../types';
import { KeyCounter } from './key-counter';
import { hashText } from './name-hash';
import type { RankedKey } from './key-counter';

/** Most distinct IPs and accounts counted for the top lists; later ones go to `uncounted`. */
const MAX_COUNTED_KEYS = 100_000;
/** Most bars in the timeline; the bar width doubles to stay under it. */
const MAX_TIMELINE_BUCKETS = 720;
/** Most alerts kept for the report's table; all are counted. */
const MAX_KEPT_ALERTS = 2000;

/** One bar of the timeline. */
export interface TimelineBucket {
  /** Start of the bar, milliseconds since the epoch. */
  start: number;
  successes: number;
  failures: number;
}

export type { RankedKey } from './key-counter';

/** What a replay read and raised, ready to print or render. */
export interface ReplaySummaryData {
  files: string[];
  events: number;
  successes: number;
  failures: number;
  unknownAccounts: number;
  /** Lines that were not a login event. */
  skippedLines: number;
  firstTime?: string;
  lastTime?: string;
  topAddresses: RankedKey[];
  topAccounts: RankedKey[];
  /** Events whose IP or account was left uncounted: first seen after its table was full. */
  uncountedKeys: number;
  alertsPerRule: Partial<Record<RuleName, number>>;
  alerts: DetectionAlert[];
  /** Alerts not kept for the table because there were too many. */
  alertsNotKept: number;
  bucketMs: number;
  timeline: TimelineBucket[];
}

/** Counts events and alerts of a replay in bounded memory. */
export class ReplaySummary {
  private readonly data: ReplaySummaryData;
  private readonly addresses = new KeyCounter(MAX_COUNTED_KEYS);
  private readonly accounts = new KeyCounter(MAX_COUNTED_KEYS);
  private buckets = new Map<number, { successes: number; failures: number }>();
  private firstTime = Infinity;
  private lastTime = -Infinity;

  constructor(files: string[]) {
    this.data = {
      files,
      events: 0,
      successes: 0,
      failures: 0,
      unknownAccounts: 0,
      skippedLines: 0,
      topAddresses: [],
      topAccounts: [],
      uncountedKeys: 0,
      alertsPerRule: {},
      alerts: [],
      alertsNotKept: 0,
      bucketMs: 60_000,
      timeline: [],
    };
  }

  /** Events counted so far. */
  get eventCount(): number {
    return this.data.events;
  }

  /**
   * Counts one event that the detector accepted. `addressHash` and `accountHash` are
   * `hashText` of its `remote_addr` and `user_id`, when the caller has them.
   */
  addEvent(
    record: TcellEventRecord,
    time: number,
    addressHash?: number,
    accountHash?: number,
  ): void {
    const data = this.data;
    data.events += 1;
    const failed = record.event_name === 'login-failure';
    if (failed) data.failures += 1;
    else data.successes += 1;
    if (record.user_valid === false) data.unknownAccounts += 1;
    if (typeof record.remote_addr === 'string') {
      this.addresses.add(record.remote_addr, addressHash ?? hashText(record.remote_addr));
    }
    if (typeof record.user_id === 'string') {
      this.accounts.add(record.user_id, accountHash ?? hashText(record.user_id));
    }
    if (time < this.firstTime) this.firstTime = time;
    if (time > this.lastTime) this.lastTime = time;

    const index = Math.floor(time / data.bucketMs);
    let bucket = this.buckets.get(index);
    if (bucket === undefined) {
      bucket = { successes: 0, failures: 0 };
      this.buckets.set(index, bucket);
      if (this.buckets.size > MAX_TIMELINE_BUCKETS) this.widenBuckets();
      bucket = this.buckets.get(Math.floor(time / data.bucketMs)) ?? bucket;
    }
    if (failed) bucket.failures += 1;
    else bucket.successes += 1;
  }

  /** Counts a line that held no login event. */
  addSkippedLine(): void {
    this.data.skippedLines += 1;
  }

  /** Records an alert for the report. */
  addAlert(alert: DetectionAlert): void {
    const perRule = this.data.alertsPerRule;
    perRule[alert.rule] = (perRule[alert.rule] ?? 0) + 1;
    if (this.data.alerts.length < MAX_KEPT_ALERTS) this.data.alerts.push(alert);
    else this.data.alertsNotKept += 1;
  }

  /** The finished summary. */
  finish(): ReplaySummaryData {
    const data = this.data;
    data.topAddresses = this.addresses.top(10);
    data.topAccounts = this.accounts.top(10);
    data.uncountedKeys = this.addresses.uncounted + this.accounts.uncounted;
    if (data.events > 0) {
      data.firstTime = new Date(this.firstTime).toISOString();
      data.lastTime = new Date(this.lastTime).toISOString();
    }
    data.timeline = [...this.buckets]
      .map(([index, bucket]) => ({ start: index * data.bucketMs, ...bucket }))
      .sort((left, right) => left.start - right.start);
    return data;
  }

  private widenBuckets(): void {
    while (this.buckets.size > MAX_TIMELINE_BUCKETS) {
      this.data.bucketMs *= 2;
      const wider = new Map<number, { successes: number; failures: number }>();
      for (const [index, bucket] of this.buckets) {
        const target = Math.floor(index / 2);
        const merged = wider.get(target);
        if (merged === undefined) wider.set(target, { ...bucket });
        else {
          merged.successes += bucket.successes;
          merged.failures += bucket.failures;
        }
      }
      this.buckets = wider;
    }
  }
}
