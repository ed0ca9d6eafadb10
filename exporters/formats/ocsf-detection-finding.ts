import { createHash } from 'node:crypto';
import type { TcellEventRecord } from '../tcell-event';
import type { LoginAlert } from './login-alert';
import { ocsfMetadata } from './ocsf-authentication';
import {
  SEVERITY_CAPTIONS,
  SEVERITY_IDS,
  epochMilliseconds,
  setDefined,
  snakeCaseCounts,
} from './record-parts';
import type { JsonObject } from './types';

/** OCSF Detection Finding (class 2004) with the Create activity: the ids this mapper writes. */
export const OCSF_DETECTION_FINDING_CREATE = {
  categoryUid: 2,
  classUid: 2004,
  activityId: 1,
  typeUid: 200401,
} as const;

/**
 * A stable finding id: the same rule firing on the same key from the same first attempt is the
 * same finding, so a SIEM can merge repeats.
 */
export function alertUid(alert: LoginAlert): string {
  const identity = [alert.rule, alert.key.kind, alert.key.value, alert.firstTime].join('\n');
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

/**
 * Maps a detector alert to an OCSF 1.8 Detection Finding (class 2004, activity Create). Each
 * example login becomes one evidence with its user, source IP and request, and the whole tCell
 * record as the evidence data. The key and counts, which OCSF has no attributes for, go under
 * `unmapped.tcell`.
 */
export function toOcsfDetectionFinding(alert: LoginAlert): JsonObject {
  const severityId = SEVERITY_IDS[alert.severity];
  const firstSeen = epochMilliseconds(alert.firstTime);
  const lastSeen = epochMilliseconds(alert.lastTime);
  const findingInfo: JsonObject = {
    uid: alertUid(alert),
    title: alert.rule,
    types: [alert.rule],
    first_seen_time: firstSeen,
    last_seen_time: lastSeen,
    analytic: { uid: alert.rule, name: alert.rule, type_id: 1, type: 'Rule' },
    related_events_count: alert.counts.attempts,
  };
  setDefined(findingInfo, 'desc', alert.description);

  const finding: JsonObject = {
    activity_id: OCSF_DETECTION_FINDING_CREATE.activityId,
    activity_name: 'Create',
    category_uid: OCSF_DETECTION_FINDING_CREATE.categoryUid,
    category_name: 'Findings',
    class_uid: OCSF_DETECTION_FINDING_CREATE.classUid,
    class_name: 'Detection Finding',
    type_uid: OCSF_DETECTION_FINDING_CREATE.typeUid,
    type_name: 'Detection Finding: Create',
    severity_id: severityId,
    severity: SEVERITY_CAPTIONS[severityId],
    status_id: 1,
    status: 'New',
    is_alert: true,
    time: lastSeen,
    start_time: firstSeen,
    end_time: lastSeen,
    count: alert.counts.attempts,
    metadata: ocsfMetadata('tcell.alert'),
    finding_info: findingInfo,
    unmapped: { tcell: { key: { ...alert.key }, counts: snakeCaseCounts(alert.counts) } },
  };
  setDefined(finding, 'message', alert.description);
  if (alert.examples.length > 0) finding.evidences = alert.examples.map(toEvidence);
  return finding;
}

function toEvidence(record: TcellEventRecord): JsonObject {
  // The record is plain JSON already: strings, booleans and string arrays.
  const evidence: JsonObject = { data: { ...record } };
  if (record.user_id !== undefined) evidence.user = { name: record.user_id };
  if (record.remote_addr !== undefined) evidence.src_endpoint = { ip: record.remote_addr };
  if (record.user_agent !== undefined) evidence.http_request = { user_agent: record.user_agent };
  return evidence;
}
