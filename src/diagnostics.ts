import { diag } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';

/**
 * The logger every part of tcell-hooks writes through: the OpenTelemetry `diag` logger. Not a
 * component logger, because every message already starts with `tcell-hooks`; a namespace would
 * print it twice (`tcell-hooks tcell-hooks field-cut: ...`) and split the searchable wording.
 */
export const logger: DiagLogger = {
  error: (message, ...args) => diag.error(message, ...args),
  warn: (message, ...args) => diag.warn(message, ...args),
  info: (message, ...args) => diag.info(message, ...args),
  debug: (message, ...args) => diag.debug(message, ...args),
  verbose: (message, ...args) => diag.verbose(message, ...args),
};

/** Default for how long a kind of problem stays quiet after it was logged. */
export const DEFAULT_QUIET_PERIOD_MS = 60_000;

/**
 * Most distinct kind/subject pairs remembered. Kinds and subjects are fixed strings in the
 * code, so the real number is a few dozen; the cap only guards against a caller that builds
 * them from input, which would otherwise let an attacker grow the map without bound.
 */
export const MAX_PROBLEM_KEYS = 256;

const KIND_PATTERN = /^[a-z][a-z0-9-]{0,47}$/;

interface ProblemRecord {
  lastLoggedAt: number;
  suppressed: number;
}

const problems = new Map<string, ProblemRecord>();
let quietPeriodMs = DEFAULT_QUIET_PERIOD_MS;

/**
 * Logs a warning for one kind of problem, at most once per quiet period, so that an attacker who
 * sends bad input on every request cannot flood the logs. The line reads
 * `tcell-hooks <kind>: <message>`, so users can search for the kind. `kind` and `subject` (the
 * field or variable concerned, which gives it its own quiet period) must be fixed strings from
 * the code, never input. Messages must never quote a session id, a password or any other value
 * the application passed in.
 */
export function warnProblem(kind: string, message: string, subject = ''): void {
  const safeKind = KIND_PATTERN.test(kind) ? kind : 'unnamed-problem';
  let key = `${safeKind} ${subject}`;
  // The last place is kept for one shared entry that every further pair falls into.
  if (!problems.has(key) && problems.size >= MAX_PROBLEM_KEYS - 1) key = 'overflow';

  const now = Date.now();
  const record = problems.get(key);
  if (record !== undefined && now - record.lastLoggedAt < quietPeriodMs) {
    record.suppressed += 1;
    return;
  }

  const suppressed = record?.suppressed ?? 0;
  problems.set(key, { lastLoggedAt: now, suppressed: 0 });
  const tail = suppressed > 0 ? ` (${suppressed} more of this kind since the last report)` : '';
  logger.warn(`tcell-hooks ${safeKind}: ${message}${tail}`);
}

/** How long a kind of problem stays quiet once logged (`TCELL_DIAGNOSTIC_INTERVAL_SECONDS`). */
export function setProblemQuietPeriod(milliseconds: number): void {
  quietPeriodMs = milliseconds;
}

/** How many kind/subject pairs are remembered; for tests of the bound. */
export function problemKeyCount(): number {
  return problems.size;
}

/** Forgets which problems were logged; for tests. */
export function resetProblemReports(): void {
  problems.clear();
}

// A status is a constant in the application's code, so a short word is quoted back to help
// ("bogus", "SUCCESS"); anything with digits, spaces, dashes or other symbols, or longer,
// could be a secret passed by mistake and is described by type and length only.
const QUOTABLE_STATUS = /^[A-Za-z]{1,16}$/;

/**
 * Describes a value for a diagnostic without echoing it: its type, and for strings only the
 * length, because any string passed to a hook could be a password or a session id.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (value === null) return 'null';
  if (typeof value === 'boolean' || typeof value === 'undefined') return String(value);
  try {
    if (Array.isArray(value)) return 'an array';
  } catch {
    // A revoked Proxy throws even here.
  }
  return `a value of type ${typeof value}`;
}

/** Like {@link describeValue}, but quotes a status that is a short word of letters. */
export function describeStatus(value: unknown): string {
  if (typeof value === 'string' && QUOTABLE_STATUS.test(value)) return JSON.stringify(value);
  return describeValue(value);
}
