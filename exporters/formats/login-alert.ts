import type { TcellEventRecord } from '../tcell-event';

/** How serious an alert is, in the words the OCSF and ECS mappers translate. */
export type AlertSeverity = 'low' | 'medium' | 'high' | 'critical';

/**
 * What a detector alert is counted by: an IP (`remote_addr`), an account (`user_id`), a password
 * fingerprint (`password_id`), or a client fingerprint (header order plus User-Agent).
 */
export type AlertKeyKind = 'remote_addr' | 'user_id' | 'password_id' | 'client';

/**
 * A detector alert as the SIEM mappers read it. The detector is built on another branch; this
 * is the shape the mappers need, and names are aligned when both land.
 */
export interface LoginAlert {
  /** The rule that fired, for example `brute-force` or `credential-stuffing`. */
  rule: string;
  /** One sentence a person can act on. */
  description?: string;
  severity: AlertSeverity;
  /** What the attempts have in common. */
  key: { kind: AlertKeyKind; value: string };
  /** Counts over the window the rule looked at. */
  counts: {
    attempts: number;
    failures: number;
    successes?: number;
    distinctUsers?: number;
    distinctIps?: number;
  };
  /** First and last attempt counted, ISO 8601 in UTC. */
  firstTime: string;
  lastTime: string;
  /** A few of the login records that made the rule fire. */
  examples: TcellEventRecord[];
}
