import type { TcellEventRecord } from '../exporters/tcell-event';

/** The names of the detection rules. */
export type RuleName =
  | 'brute-force'
  | 'credential-stuffing'
  | 'distributed-credential-stuffing'
  | 'password-spraying'
  | 'account-enumeration'
  | 'takeover-suspected';

/** How bad an alert is; `critical` is kept for a suspected takeover. */
export type AlertSeverity = 'medium' | 'high' | 'critical';

/** What an alert is about: the IP, account, client fingerprint or password fingerprint. */
export interface AlertKey {
  remote_addr?: string;
  user_id?: string;
  /** Our own client fingerprint (see `clientFingerprint`), not JA4H. */
  client_fingerprint?: string;
  password_id?: string;
  /** The user-independent password fingerprint a spray is keyed on. */
  password_spray_id?: string;
}

/** A login event shown in an alert: only fields that carry no secret (ids are HMACs). */
export interface AlertExample {
  event_time: string;
  event_name: TcellEventRecord['event_name'];
  user_id?: string;
  user_valid?: boolean;
  remote_addr?: string;
  password_id?: string;
  user_agent?: string;
}

/** One finding of a rule: one per key and window. */
export interface DetectionAlert {
  rule: RuleName;
  severity: AlertSeverity;
  key: AlertKey;
  /**
   * Counts at the moment the rule fired, named for what they count: `failures`, `attempts`,
   * `distinct_accounts`, `distinct_ips`, `invalid_account_attempts`, `failures_before_success`.
   * Distinct counts stop growing at the threshold they are compared with.
   */
  counts: Record<string, number>;
  /** Event time of the first event counted in the window. */
  first_time: string;
  /** Event time of the event that made the rule fire. */
  last_time: string;
  /** Length of the rule's window in seconds. */
  window_seconds: number;
  /** Up to three of the events counted, the first ones. */
  examples: AlertExample[];
  /** The event that made the rule fire; its `remote_addr` is what the guard blocks. */
  trigger: AlertExample;
  /** One sentence for a person. */
  reason: string;
}

/** Thresholds of the brute-force rule: failures on one account. */
export interface BruteForceThresholds {
  windowSeconds: number;
  /** Failed logins on one account within the window. */
  failures: number;
}

/** Thresholds of the credential-stuffing rule: failures from one IP over many accounts. */
export interface CredentialStuffingThresholds {
  windowSeconds: number;
  /** Failed logins from one IP within the window. */
  failures: number;
  /** Distinct accounts among those failures. */
  accounts: number;
}

/** Thresholds of the distributed rule: failures from many IPs sharing one client fingerprint. */
export interface DistributedStuffingThresholds {
  windowSeconds: number;
  /** Failed logins with one client fingerprint within the window. */
  failures: number;
  /** Distinct IPs among those failures. */
  ips: number;
  /** Distinct accounts among those failures. */
  accounts: number;
  /** Least share of failures among all attempts with the fingerprint, 0 to 1. */
  failureRatio: number;
}

/** Thresholds of the password-spraying rule: one password fingerprint on many accounts. */
export interface PasswordSprayingThresholds {
  windowSeconds: number;
  /** Distinct accounts on which one `password_id` failed within the window. */
  accounts: number;
}

/** Thresholds of the account-enumeration rule: attempts on accounts that do not exist. */
export interface AccountEnumerationThresholds {
  windowSeconds: number;
  /** Attempts with `user_valid: false` from one IP within the window. */
  attempts: number;
  /** Distinct user ids among them. */
  accounts: number;
}

/** Thresholds of the takeover rule. */
export interface TakeoverThresholds {
  windowSeconds: number;
  /** Consecutive failures on an account, within the window, that make its next success suspect. */
  failuresBeforeSuccess: number;
  /** How long an IP or fingerprint flagged by another rule makes a success suspect. */
  flagSeconds: number;
}

/** The thresholds of every rule. */
export interface DetectionThresholds {
  bruteForce: BruteForceThresholds;
  credentialStuffing: CredentialStuffingThresholds;
  distributedStuffing: DistributedStuffingThresholds;
  passwordSpraying: PasswordSprayingThresholds;
  accountEnumeration: AccountEnumerationThresholds;
  takeover: TakeoverThresholds;
}

/** A partial override of thresholds, rule by rule. */
export type ThresholdOverrides = {
  [Rule in keyof DetectionThresholds]?: Partial<DetectionThresholds[Rule]>;
};

/** Receives each alert once, as it is raised. */
export type AlertListener = (alert: DetectionAlert) => void;
