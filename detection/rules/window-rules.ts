import type { ObservedLogin } from '../observed-login';
import type { DetectionThresholds } from '../types';
import { WindowRule } from './window-rule';

const accountOf = (login: ObservedLogin): string | undefined => login.record.user_id;
const addressOf = (login: ObservedLogin): string | undefined => login.record.remote_addr;
const failed = (login: ObservedLogin): boolean => login.failed;
const sprayKeyOf = (login: ObservedLogin): string | undefined =>
  login.record.password_spray_id ?? login.record.password_id;

/**
 * brute-force (high): many failed logins on one account, whatever the IPs, within the window.
 * OWASP counts per account because attackers rotate IPs.
 */
export function bruteForceRule(thresholds: DetectionThresholds, maxKeys: number): WindowRule {
  const { windowSeconds, failures } = thresholds.bruteForce;
  return new WindowRule({
    rule: 'brute-force',
    severity: 'high',
    windowMs: windowSeconds * 1000,
    maxKeys,
    keyOf: accountOf,
    counts: failed,
    countName: 'failures',
    needed: failures,
    distinct: [],
    alertKey: (login) => ({ user_id: login.record.user_id }),
    reason: ({ counts }) => `${counts.failures} failed logins on one account`,
  });
}

/**
 * credential-stuffing (high): one IP failing on many existing accounts, few tries each: leaked
 * username/password pairs tried one after another. Failures on accounts known not to exist
 * (`user_valid: false`) are left to account-enumeration, so the two rules name different attacks.
 */
export function credentialStuffingRule(
  thresholds: DetectionThresholds,
  maxKeys: number,
): WindowRule {
  const { windowSeconds, failures, accounts } = thresholds.credentialStuffing;
  return new WindowRule({
    rule: 'credential-stuffing',
    severity: 'high',
    windowMs: windowSeconds * 1000,
    maxKeys,
    keyOf: addressOf,
    counts: (login) => login.failed && login.record.user_valid !== false,
    countName: 'failures',
    needed: failures,
    distinct: [{ name: 'distinct_accounts', of: accountOf, needed: accounts }],
    alertKey: (login) => ({ remote_addr: login.record.remote_addr }),
    reason: ({ counts }) =>
      `${counts.failures} failed logins over ${counts.distinct_accounts}+ accounts from one IP`,
  });
}

/**
 * distributed-credential-stuffing (high): many IPs failing on many accounts with one client
 * fingerprint (header order and User-Agent), where most attempts with that fingerprint fail.
 * The share of failures keeps a popular browser, shared by thousands of real users, out.
 */
export function distributedStuffingRule(
  thresholds: DetectionThresholds,
  maxKeys: number,
): WindowRule {
  const { windowSeconds, failures, ips, accounts, failureRatio } = thresholds.distributedStuffing;
  return new WindowRule({
    rule: 'distributed-credential-stuffing',
    severity: 'high',
    windowMs: windowSeconds * 1000,
    maxKeys,
    keyOf: (login) => login.fingerprint,
    counts: failed,
    countName: 'failures',
    needed: failures,
    distinct: [
      { name: 'distinct_ips', of: addressOf, needed: ips },
      { name: 'distinct_accounts', of: accountOf, needed: accounts },
    ],
    tracksAttempts: true,
    accepts: (window) => window.hits >= failureRatio * window.attempts,
    alertKey: (login) => ({ client_fingerprint: login.fingerprint }),
    reason: ({ counts }) =>
      `${counts.failures} of ${counts.attempts} logins failed from ${counts.distinct_ips}+ IPs ` +
      `sharing one client fingerprint`,
  });
}

/**
 * password-spraying (high): one password fingerprint failing on many accounts. The key is
 * `password_spray_id` (the password alone, which tcell-hooks records next to tCell's
 * `password_id`); records from elsewhere with only a user-independent `password_id` work too.
 */
export function passwordSprayingRule(thresholds: DetectionThresholds, maxKeys: number): WindowRule {
  const { windowSeconds, accounts } = thresholds.passwordSpraying;
  return new WindowRule({
    rule: 'password-spraying',
    severity: 'high',
    windowMs: windowSeconds * 1000,
    maxKeys,
    keyOf: sprayKeyOf,
    counts: failed,
    countName: 'failures',
    needed: 1,
    distinct: [{ name: 'distinct_accounts', of: accountOf, needed: accounts }],
    alertKey: (login) =>
      login.record.password_spray_id === undefined
        ? { password_id: login.record.password_id }
        : { password_spray_id: login.record.password_spray_id },
    reason: ({ counts }) => `one password failed on ${counts.distinct_accounts} accounts`,
  });
}

/** account-enumeration (medium): one IP trying many accounts that do not exist. */
export function accountEnumerationRule(
  thresholds: DetectionThresholds,
  maxKeys: number,
): WindowRule {
  const { windowSeconds, attempts, accounts } = thresholds.accountEnumeration;
  return new WindowRule({
    rule: 'account-enumeration',
    severity: 'medium',
    windowMs: windowSeconds * 1000,
    maxKeys,
    keyOf: addressOf,
    counts: (login) => login.record.user_valid === false,
    countName: 'invalid_account_attempts',
    needed: attempts,
    distinct: [{ name: 'distinct_accounts', of: accountOf, needed: accounts }],
    alertKey: (login) => ({ remote_addr: login.record.remote_addr }),
    reason: ({ counts }) =>
      `${counts.invalid_account_attempts} attempts on ${counts.distinct_accounts}+ unknown ` +
      `accounts from one IP`,
  });
}
