import type { TcellEventRecord } from '../exporters/tcell-event';
import { warnProblem } from '../src/diagnostics';
import { AlertFileWriter, AlertTelemetry } from './alert-outputs';
import { BoundedMap } from './bounded-map';
import { clientFingerprint, RecentClients } from './fingerprint';
import type { ObservedLogin } from './observed-login';
import { loginTime } from './observed-login';
import type { PresetName } from './presets';
import { resolveThresholds } from './presets';
import {
  accountEnumerationRule,
  bruteForceRule,
  credentialStuffingRule,
  distributedStuffingRule,
  passwordSprayingRule,
} from './rules/window-rules';
import type { WindowRule } from './rules/window-rule';
import { TakeoverRule } from './rules/takeover-rule';
import type {
  AlertListener,
  DetectionAlert,
  DetectionThresholds,
  RuleName,
  ThresholdOverrides,
} from './types';

/** Default most keys in each table of the detector. */
export const DEFAULT_MAX_KEYS_PER_TABLE = 20_000;

/** Options of the detector. */
export interface DetectorOptions {
  /** Named thresholds; `balanced` by default. */
  preset?: PresetName;
  /** Thresholds that replace the preset's, rule by rule. */
  thresholds?: ThresholdOverrides;
  /** Most keys in each table; the least recently used is forgotten and counted. */
  maxKeysPerTable?: number;
  /** Called with each alert, in order. */
  onAlert?: AlertListener;
  /** JSON Lines file each alert is appended to. */
  alertsFile?: string;
  /** Emit `tcell.alert` log events and the alert counter through OpenTelemetry; default true. */
  telemetry?: boolean;
}

/** Size, cap and evictions of one table. */
export interface TableStats {
  name: string;
  size: number;
  maxKeys: number;
  evictions: number;
}

/** What the detector has seen and raised so far. */
export interface DetectorStats {
  events: number;
  /** Events left out: not a login event, or without a readable `event_time`. */
  skippedEvents: number;
  alerts: Record<RuleName, number>;
  tables: TableStats[];
}

const NO_ALERTS: readonly DetectionAlert[] = Object.freeze([]);

/**
 * Runs the detection rules over tCell login events, in process or from files. Windows follow
 * each event's `event_time`, never the clock, so a replay of a file raises the same alerts as
 * the same events did live. Every table is capped.
 */
export class Detector {
  /** The thresholds in force. */
  readonly thresholds: DetectionThresholds;
  private readonly windowRules: WindowRule[];
  private readonly takeover: TakeoverRule;
  private readonly fingerprints: BoundedMap<string, string | undefined>;
  private readonly recentClients = new RecentClients();
  private readonly listeners: AlertListener[] = [];
  private readonly telemetry: AlertTelemetry | undefined;
  private events = 0;
  private skippedEvents = 0;
  private readonly alertCounts: Record<RuleName, number> = {
    'brute-force': 0,
    'credential-stuffing': 0,
    'distributed-credential-stuffing': 0,
    'password-spraying': 0,
    'account-enumeration': 0,
    'takeover-suspected': 0,
  };

  constructor(options: DetectorOptions = {}) {
    this.thresholds = resolveThresholds(options.preset, options.thresholds);
    const maxKeys = options.maxKeysPerTable ?? DEFAULT_MAX_KEYS_PER_TABLE;
    this.windowRules = [
      bruteForceRule(this.thresholds, maxKeys),
      credentialStuffingRule(this.thresholds, maxKeys),
      distributedStuffingRule(this.thresholds, maxKeys),
      passwordSprayingRule(this.thresholds, maxKeys),
      accountEnumerationRule(this.thresholds, maxKeys),
    ];
    this.takeover = new TakeoverRule(this.thresholds.takeover, maxKeys);
    this.fingerprints = new BoundedMap(Math.min(maxKeys, 4096));

    if (options.alertsFile !== undefined) {
      const file = new AlertFileWriter(options.alertsFile);
      this.listeners.push((alert) => file.write(alert));
    }
    if (options.telemetry !== false) {
      const telemetry = new AlertTelemetry();
      this.telemetry = telemetry;
      this.listeners.push((alert) => telemetry.write(alert));
    }
    if (options.onAlert !== undefined) this.listeners.push(options.onAlert);
  }

  /** Adds a listener for alerts; returns a function that removes it. */
  onAlert(listener: AlertListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index !== -1) this.listeners.splice(index, 1);
    };
  }

  /**
   * Runs every rule on one event; returns the alerts it raised (usually none). `time` is the
   * event time in milliseconds when the caller has parsed it already. Never throws.
   */
  observe(record: TcellEventRecord, time?: number): readonly DetectionAlert[] {
    const login = this.toObservedLogin(record, time);
    if (login === undefined) return NO_ALERTS;
    this.events += 1;
    this.telemetry?.prepare();

    let raised: DetectionAlert[] | undefined;
    for (const rule of this.windowRules) {
      const alert = rule.observe(login);
      if (alert === undefined) continue;
      const flagKind = alert.rule === 'distributed-credential-stuffing' ? 'fp' : 'ip';
      this.takeover.flag(login, flagKind, alert.rule);
      (raised ??= []).push(alert);
    }
    const takeover = this.takeover.observe(login);
    if (takeover !== undefined) (raised ??= []).push(takeover);
    if (raised === undefined) return NO_ALERTS;

    for (const alert of raised) this.deliver(alert);
    return raised;
  }

  /** Counts, sizes and evictions so far. */
  stats(): DetectorStats {
    const tables: TableStats[] = this.windowRules.map((rule) => ({
      name: rule.spec.rule,
      size: rule.table.size,
      maxKeys: rule.table.maxKeys,
      evictions: rule.table.evictions,
    }));
    const takeoverTables = {
      'takeover-runs': this.takeover.runs,
      'takeover-flags': this.takeover.flags,
      'takeover-alerted': this.takeover.alerted,
      'client-fingerprints': this.fingerprints,
    };
    for (const [name, table] of Object.entries(takeoverTables)) {
      tables.push({ name, size: table.size, maxKeys: table.maxKeys, evictions: table.evictions });
    }
    return {
      events: this.events,
      skippedEvents: this.skippedEvents,
      alerts: { ...this.alertCounts },
      tables,
    };
  }

  private toObservedLogin(record: TcellEventRecord, knownTime?: number): ObservedLogin | undefined {
    const time = knownTime ?? loginTime(record);
    if (time === undefined) {
      this.skippedEvents += 1;
      warnProblem(
        'detection-skipped-event',
        'an event without a login outcome or time was left out',
      );
      return undefined;
    }
    return {
      record,
      time,
      failed: record.event_name === 'login-failure',
      fingerprint: this.fingerprintOf(record),
      example: undefined,
    };
  }

  private fingerprintOf(record: TcellEventRecord): string | undefined {
    const headerKeys = Array.isArray(record.header_keys) ? record.header_keys : undefined;
    const userAgent = typeof record.user_agent === 'string' ? record.user_agent : undefined;
    if (headerKeys === undefined && userAgent === undefined) return undefined;
    // Few client programs make most traffic, so hashing once per distinct pair is enough. The
    // recent pairs also keep their cache key, so that a repeat builds no string to look it up.
    const cacheKey =
      this.recentClients.find(headerKeys, userAgent) ??
      this.recentClients.add(
        headerKeys,
        userAgent,
        `${headerKeys?.join(',') ?? ''}\n${userAgent ?? ''}`,
      );
    let fingerprint = this.fingerprints.peek(cacheKey);
    if (fingerprint === undefined) {
      fingerprint = clientFingerprint(headerKeys, userAgent);
      this.fingerprints.set(cacheKey, fingerprint);
    }
    return fingerprint;
  }

  private deliver(alert: DetectionAlert): void {
    for (const name of Object.keys(alert.key) as (keyof DetectionAlert['key'])[]) {
      if (alert.key[name] === undefined) delete alert.key[name];
    }
    this.alertCounts[alert.rule] += 1;
    for (const listener of this.listeners) {
      try {
        listener(alert);
      } catch (error) {
        const name = error instanceof Error ? error.name : 'error';
        warnProblem('alert-listener-failed', `an alert listener threw (${name})`);
      }
    }
  }
}
