import { BoundedMap } from '../bounded-map';
import type { ObservedLogin } from '../observed-login';
import { exampleOf } from '../observed-login';
import type { AlertExample, DetectionAlert, RuleName, TakeoverThresholds } from '../types';
import { MAX_EXAMPLES } from './window-rule';

interface FailureRun {
  failures: number;
  firstTime: string;
  last: number;
  examples: AlertExample[];
}

interface SourceFlag {
  until: number;
  rule: RuleName;
}

/**
 * takeover-suspected (critical): a successful login on an account right after a run of
 * failures on it (consecutive, the last within the window), or a success from an IP or client
 * fingerprint that another rule flagged. One alert per account and window.
 */
export class TakeoverRule {
  /** Account -> its current run of failures. */
  readonly runs: BoundedMap<string, FailureRun>;
  /** `ip:` or `fp:` key -> until when, in event time, a success from it is suspect. */
  readonly flags: BoundedMap<string, SourceFlag>;
  /** Account -> event time of its last takeover alert. */
  readonly alerted: BoundedMap<string, number>;
  private readonly windowMs: number;
  private readonly flagMs: number;
  /** The latest `until` of any flag set: after it no flag is active, and none is looked up. */
  private flagsUntil = -Infinity;

  constructor(
    private readonly thresholds: TakeoverThresholds,
    maxKeys: number,
  ) {
    this.windowMs = thresholds.windowSeconds * 1000;
    this.flagMs = thresholds.flagSeconds * 1000;
    this.runs = new BoundedMap(maxKeys);
    this.flags = new BoundedMap(maxKeys);
    this.alerted = new BoundedMap(maxKeys);
  }

  /** Marks an IP or fingerprint as attacking, from the time of the event another rule fired on. */
  flag(login: ObservedLogin, kind: 'ip' | 'fp', rule: RuleName): void {
    const value = kind === 'ip' ? login.record.remote_addr : login.fingerprint;
    if (value === undefined) return;
    const until = login.time + this.flagMs;
    this.flags.set(`${kind}:${value}`, { until, rule });
    if (until > this.flagsUntil) this.flagsUntil = until;
  }

  /** Follows failure runs; returns an alert when a success looks like a takeover. */
  observe(login: ObservedLogin): DetectionAlert | undefined {
    const account = login.record.user_id;
    if (login.failed) {
      if (account !== undefined) this.countFailure(account, login);
      return undefined;
    }

    const run = account === undefined ? undefined : this.runs.peek(account);
    if (run !== undefined && account !== undefined) this.runs.delete(account);
    const afterRun =
      run !== undefined &&
      run.failures >= this.thresholds.failuresBeforeSuccess &&
      login.time - run.last <= this.windowMs;
    const flag = this.activeFlag(login);
    if (!afterRun && flag === undefined) return undefined;

    const dedupeKey = account ?? `ip:${login.record.remote_addr ?? ''}`;
    const previous = this.alerted.peek(dedupeKey);
    if (previous !== undefined && Math.abs(login.time - previous) < this.windowMs) return undefined;
    this.alerted.set(dedupeKey, login.time);
    return this.toAlert(login, afterRun ? run : undefined, flag);
  }

  private countFailure(account: string, login: ObservedLogin): void {
    let run = this.runs.get(account);
    if (run === undefined || login.time - run.last > this.windowMs) {
      run = { failures: 0, firstTime: login.record.event_time, last: login.time, examples: [] };
      this.runs.set(account, run);
    }
    run.failures += 1;
    run.last = Math.max(run.last, login.time);
    if (run.examples.length < MAX_EXAMPLES) run.examples.push(exampleOf(login));
  }

  private activeFlag(login: ObservedLogin): SourceFlag | undefined {
    // Most successes come when no flag is active: then no key string is built for them.
    if (login.time > this.flagsUntil) return undefined;
    if (login.record.remote_addr !== undefined) {
      const flag = this.flags.peek(`ip:${login.record.remote_addr}`);
      if (flag !== undefined && login.time <= flag.until) return flag;
    }
    if (login.fingerprint !== undefined) {
      const flag = this.flags.peek(`fp:${login.fingerprint}`);
      if (flag !== undefined && login.time <= flag.until) return flag;
    }
    return undefined;
  }

  private toAlert(
    login: ObservedLogin,
    run: FailureRun | undefined,
    flag: SourceFlag | undefined,
  ): DetectionAlert {
    const trigger = exampleOf(login);
    const failures = run?.failures ?? 0;
    const because: string[] = [];
    if (run !== undefined) because.push(`after ${failures} failures on the account`);
    if (flag !== undefined) because.push(`from a source flagged by ${flag.rule}`);
    return {
      rule: 'takeover-suspected',
      severity: 'critical',
      key: { user_id: login.record.user_id, remote_addr: login.record.remote_addr },
      counts: { failures_before_success: failures },
      first_time: run?.firstTime ?? login.record.event_time,
      last_time: login.record.event_time,
      window_seconds: this.thresholds.windowSeconds,
      examples: [...(run?.examples ?? []), trigger].slice(-MAX_EXAMPLES),
      trigger,
      reason: `successful login ${because.join(' and ')}`,
    };
  }
}
