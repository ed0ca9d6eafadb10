import { BoundedMap } from '../bounded-map';
import type { ObservedLogin } from '../observed-login';
import { exampleOf } from '../observed-login';
import { distinctSize, withDistinct } from './distinct-values';
import type { DistinctValues } from './distinct-values';
import type { AlertExample, AlertKey, AlertSeverity, DetectionAlert, RuleName } from '../types';

/** Most example events an alert carries. */
export const MAX_EXAMPLES = 3;

/** The `distinct` of windows of rules that count no distinct values: never written to. */
const NO_DISTINCT: DistinctValues[] = [];

/** A distinct count a rule needs, such as distinct accounts per IP. */
export interface DistinctCount {
  /** Name of the count in the alert, such as `distinct_accounts`. */
  name: string;
  /** The value counted, or undefined when the event has none. */
  of(login: ObservedLogin): string | undefined;
  /** How many distinct values make the rule fire; the set stops growing there. */
  needed: number;
}

/** What makes one window rule: which events it keys and counts, and when it fires. */
export interface WindowRuleSpec {
  rule: RuleName;
  severity: AlertSeverity;
  windowMs: number;
  maxKeys: number;
  /** The key an event is counted under, or undefined when the rule ignores the event. */
  keyOf(login: ObservedLogin): string | undefined;
  /** Whether the event is one the rule counts (a failure, an unknown account). */
  counts(login: ObservedLogin): boolean;
  /** Name of that count in the alert. */
  countName: string;
  /** How many counted events make the rule fire. */
  needed: number;
  distinct: DistinctCount[];
  /** When true, events not counted still open windows and add to `attempts`. */
  tracksAttempts?: boolean;
  /** A last condition on the window, such as a share of failures. */
  accepts?(window: RuleWindow): boolean;
  alertKey(login: ObservedLogin): AlertKey;
  reason(alert: Pick<DetectionAlert, 'key' | 'counts'>): string;
}

/** The state of one key in one window. */
export interface RuleWindow {
  start: number;
  firstTime: string;
  attempts: number;
  hits: number;
  distinct: DistinctValues[];
  examples: AlertExample[];
  alerted: boolean;
}

/**
 * A rule that counts events per key in a window on event time. A key's window opens at its
 * first counted event and lasts `windowMs`; the first event after that opens the next one.
 * The rule fires once per key and window, when every count reaches its threshold. Out-of-order
 * events (earlier than the window's start) count in the open window.
 */
export class WindowRule {
  readonly table: BoundedMap<string, RuleWindow>;

  constructor(readonly spec: WindowRuleSpec) {
    this.table = new BoundedMap(spec.maxKeys);
  }

  /** Counts the event; returns the alert when this event makes the rule fire. */
  observe(login: ObservedLogin): DetectionAlert | undefined {
    const spec = this.spec;
    const hit = spec.counts(login);
    if (!hit && spec.tracksAttempts !== true) return undefined;
    const key = spec.keyOf(login);
    if (key === undefined) return undefined;

    let window = this.table.get(key);
    if (window === undefined || login.time - window.start >= spec.windowMs) {
      if (!hit && window === undefined && spec.tracksAttempts !== true) return undefined;
      window = openWindow(login, spec.distinct.length);
      this.table.set(key, window);
    }
    window.attempts += 1;
    if (!hit) return undefined;

    window.hits += 1;
    for (let index = 0; index < spec.distinct.length; index++) {
      const count = spec.distinct[index];
      const values = window.distinct[index];
      if (distinctSize(values) >= count.needed) continue;
      const value = count.of(login);
      if (value !== undefined) window.distinct[index] = withDistinct(values, value);
    }
    if (window.examples.length < MAX_EXAMPLES) window.examples.push(exampleOf(login));
    if (window.alerted || !this.isMet(window)) return undefined;

    window.alerted = true;
    return this.toAlert(login, window);
  }

  private isMet(window: RuleWindow): boolean {
    const spec = this.spec;
    if (window.hits < spec.needed) return false;
    for (let index = 0; index < spec.distinct.length; index++) {
      if (distinctSize(window.distinct[index]) < spec.distinct[index].needed) return false;
    }
    return spec.accepts === undefined || spec.accepts(window);
  }

  private toAlert(login: ObservedLogin, window: RuleWindow): DetectionAlert {
    const spec = this.spec;
    const counts: Record<string, number> = { [spec.countName]: window.hits };
    if (spec.tracksAttempts === true) counts.attempts = window.attempts;
    spec.distinct.forEach(
      (count, index) => (counts[count.name] = distinctSize(window.distinct[index])),
    );
    const key = spec.alertKey(login);
    return {
      rule: spec.rule,
      severity: spec.severity,
      key,
      counts,
      first_time: window.firstTime,
      last_time: login.record.event_time,
      window_seconds: spec.windowMs / 1000,
      examples: window.examples,
      trigger: exampleOf(login),
      reason: spec.reason({ key, counts }),
    };
  }
}

function openWindow(login: ObservedLogin, distinctCounts: number): RuleWindow {
  const distinct: DistinctValues[] =
    distinctCounts === 0 ? NO_DISTINCT : new Array<DistinctValues>(distinctCounts).fill(undefined);
  return {
    start: login.time,
    firstTime: login.record.event_time,
    attempts: 0,
    hits: 0,
    distinct,
    examples: [],
    alerted: false,
  };
}
