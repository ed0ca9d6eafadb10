import { diag } from '@opentelemetry/api';

/** The component logger every part of tcell-hooks writes through. */
export const logger = diag.createComponentLogger({ namespace: 'tcell-hooks' });

/** How long a kind of problem stays quiet after it was logged. */
const QUIET_PERIOD_MS = 60_000;

interface ProblemRecord {
  lastLoggedAt: number;
  suppressed: number;
}

const problems = new Map<string, ProblemRecord>();

/**
 * Logs a warning for one kind of problem, at most once per quiet period, so that an attacker who
 * sends bad input on every request cannot flood the logs. The kind is the first word of the
 * message, in the form `tcell-hooks <kind>:`, so users can search for it. Messages must never
 * contain a session id or a password.
 */
export function warnProblem(kind: string, message: string): void {
  const now = Date.now();
  const record = problems.get(kind);
  if (record !== undefined && now - record.lastLoggedAt < QUIET_PERIOD_MS) {
    record.suppressed += 1;
    return;
  }

  const suppressed = record?.suppressed ?? 0;
  problems.set(kind, { lastLoggedAt: now, suppressed: 0 });
  const tail = suppressed > 0 ? ` (${suppressed} more of this kind since the last report)` : '';
  logger.warn(`tcell-hooks ${kind}: ${message}${tail}`);
}

/** Forgets which problems were logged; for tests. */
export function resetProblemReports(): void {
  problems.clear();
}

/**
 * Describes a value for a diagnostic without echoing much of it: the type, and for short
 * strings the quoted value with control characters escaped.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
    return JSON.stringify(shown);
  }
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'undefined') {
    return String(value);
  }
  return `a value of type ${typeof value}`;
}
