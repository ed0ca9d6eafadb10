import { splitDocumentUri } from '../../src/fields';
import type { TcellEventRecord } from '../tcell-event';
import type { AlertSeverity, LoginAlert } from './login-alert';
import type { JsonObject } from './types';

/** The OCSF schema version the OCSF mappers follow. */
export const OCSF_VERSION = '1.8.0';

/** The ECS version the ECS mappers follow. */
export const ECS_VERSION = '9.4.0';

/** ECS `event.module`: the custom namespace of the tCell fields is named after it. */
export const ECS_MODULE = 'tcell';

/** Product name written in OCSF `metadata.product`. */
export const PRODUCT_NAME = 'tcell-hooks';

/** OCSF severity ids (and ECS `event.severity`) for the detector's severity words. */
export const SEVERITY_IDS: Readonly<Record<AlertSeverity, number>> = {
  low: 2,
  medium: 3,
  high: 4,
  critical: 5,
};

/** OCSF severity captions, by id. */
export const SEVERITY_CAPTIONS: Readonly<Record<number, string>> = {
  1: 'Informational',
  2: 'Low',
  3: 'Medium',
  4: 'High',
  5: 'Critical',
};

/** Epoch milliseconds of an ISO 8601 time; the record's own times are always valid ISO. */
export function epochMilliseconds(isoTime: string): number {
  return Date.parse(isoTime);
}

/** The path and the value-stripped query of the record's document URI, when it has one. */
export function documentParts(
  record: TcellEventRecord,
): { path: string; query?: string } | undefined {
  if (record.document_uri === undefined) return undefined;
  return splitDocumentUri(record.document_uri);
}

/**
 * Why a failed login failed, from `user_valid`: the account did not exist, or it existed and
 * the credentials were wrong. Undefined for a success or when the app did not say.
 */
export function failureReason(
  record: TcellEventRecord,
): 'USER_DOES_NOT_EXIST' | 'INVALID_CREDENTIALS' | undefined {
  if (record.event_name !== 'login-failure' || record.user_valid === undefined) return undefined;
  return record.user_valid ? 'INVALID_CREDENTIALS' : 'USER_DOES_NOT_EXIST';
}

/** Sets `object[key]` only when the value is defined, so absent facts stay absent keys. */
export function setDefined(
  object: JsonObject,
  key: string,
  value: JsonObject[string] | undefined,
): void {
  if (value !== undefined) object[key] = value;
}

/** An alert's counts with snake_case names, as both OCSF and ECS name their fields. */
export function snakeCaseCounts(counts: LoginAlert['counts']): JsonObject {
  const named: JsonObject = { attempts: counts.attempts, failures: counts.failures };
  setDefined(named, 'successes', counts.successes);
  setDefined(named, 'distinct_users', counts.distinctUsers);
  setDefined(named, 'distinct_ips', counts.distinctIps);
  return named;
}
