import type { DetectionThresholds, ThresholdOverrides } from './types';

/** The names of the threshold presets. */
export type PresetName = 'balanced' | 'strict' | 'lenient';

/** A preset: thresholds and, for each rule, where its figures come from. */
export interface DetectionPreset {
  thresholds: DetectionThresholds;
  sources: Record<keyof DetectionThresholds, string>;
}

const HOUR = 3600;

/**
 * Threshold presets. Each figure cites the published rule it follows (see `ato-rules.md` in the
 * project's shared reference); "our choice" marks figures nobody publishes, tuned so a day of
 * ordinary traffic with typos raises nothing.
 */
export const PRESETS: Readonly<Record<PresetName, DetectionPreset>> = {
  balanced: {
    thresholds: {
      bruteForce: { windowSeconds: HOUR, failures: 10 },
      credentialStuffing: { windowSeconds: HOUR, failures: 30, accounts: 5 },
      distributedStuffing: {
        windowSeconds: 600,
        failures: 50,
        ips: 10,
        accounts: 20,
        failureRatio: 0.5,
      },
      passwordSpraying: { windowSeconds: HOUR, accounts: 10 },
      accountEnumeration: { windowSeconds: HOUR, attempts: 20, accounts: 10 },
      takeover: { windowSeconds: HOUR, failuresBeforeSuccess: 5, flagSeconds: HOUR },
    },
    sources: {
      bruteForce: 'Auth0 brute-force protection and Okta lockout: 10 failures on one account',
      credentialStuffing:
        'Datadog credential stuffing: more than 30 failures over 5 accounts, one IP',
      distributedStuffing:
        'Datadog distributed attacks (same client software); the figures are our choice',
      passwordSpraying: 'our choice: one password fingerprint failing on 10 accounts in an hour',
      accountEnumeration: 'our choice: 20 attempts on 10 unknown accounts from one IP in an hour',
      takeover:
        'Datadog: critical when an attacking IP then logs in; AWS Cognito locks after 5 failures',
    },
  },
  strict: {
    thresholds: {
      bruteForce: { windowSeconds: HOUR, failures: 5 },
      credentialStuffing: { windowSeconds: HOUR, failures: 10, accounts: 3 },
      distributedStuffing: {
        windowSeconds: 600,
        failures: 25,
        ips: 5,
        accounts: 10,
        failureRatio: 0.5,
      },
      passwordSpraying: { windowSeconds: HOUR, accounts: 5 },
      accountEnumeration: { windowSeconds: HOUR, attempts: 10, accounts: 5 },
      takeover: { windowSeconds: HOUR, failuresBeforeSuccess: 3, flagSeconds: 4 * HOUR },
    },
    sources: {
      bruteForce: 'AWS Cognito: lockout after 5 failures',
      credentialStuffing:
        'our choice: a third of the Datadog figures, as for IPs of bad reputation',
      distributedStuffing: 'our choice: half the balanced figures',
      passwordSpraying: 'our choice: half the balanced figure',
      accountEnumeration: 'our choice: half the balanced figures',
      takeover: 'our choice: 3 failures then a success; flags last 4 hours',
    },
  },
  lenient: {
    thresholds: {
      bruteForce: { windowSeconds: HOUR, failures: 40 },
      credentialStuffing: { windowSeconds: 24 * HOUR, failures: 100, accounts: 10 },
      distributedStuffing: {
        windowSeconds: 600,
        failures: 100,
        ips: 20,
        accounts: 40,
        failureRatio: 0.7,
      },
      passwordSpraying: { windowSeconds: HOUR, accounts: 20 },
      accountEnumeration: { windowSeconds: HOUR, attempts: 50, accounts: 25 },
      takeover: { windowSeconds: HOUR, failuresBeforeSuccess: 10, flagSeconds: HOUR },
    },
    sources: {
      bruteForce: 'Datadog brute force: 40 failures on one account',
      credentialStuffing:
        'Auth0 suspicious-IP throttling and rate-limiter-flexible: 100 per IP a day',
      distributedStuffing: 'our choice: twice the balanced figures',
      passwordSpraying: 'our choice: twice the balanced figure',
      accountEnumeration: 'our choice: 2.5 times the balanced figures',
      takeover: 'Auth0 brute-force protection: 10 failures for a user',
    },
  },
};

/** The preset used when none is named. */
export const DEFAULT_PRESET: PresetName = 'balanced';

/** Thresholds of a preset with overrides applied, rule by rule. */
export function resolveThresholds(
  preset: PresetName = DEFAULT_PRESET,
  overrides: ThresholdOverrides = {},
): DetectionThresholds {
  const base = PRESETS[preset]?.thresholds;
  if (base === undefined)
    throw new RangeError(`unknown detection preset ${JSON.stringify(preset)}`);
  return {
    bruteForce: { ...base.bruteForce, ...overrides.bruteForce },
    credentialStuffing: { ...base.credentialStuffing, ...overrides.credentialStuffing },
    distributedStuffing: { ...base.distributedStuffing, ...overrides.distributedStuffing },
    passwordSpraying: { ...base.passwordSpraying, ...overrides.passwordSpraying },
    accountEnumeration: { ...base.accountEnumeration, ...overrides.accountEnumeration },
    takeover: { ...base.takeover, ...overrides.takeover },
  };
}
