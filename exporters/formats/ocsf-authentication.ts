import { VERSION } from '../../src/version';
import type { TcellEventRecord } from '../tcell-event';
import {
  OCSF_VERSION,
  PRODUCT_NAME,
  documentParts,
  epochMilliseconds,
  failureReason,
  setDefined,
} from './record-parts';
import { DEFAULT_FORMAT_CONTEXT } from './types';
import type { FormatContext, JsonObject } from './types';

/** OCSF Authentication (class 3002) with the Logon activity: the ids this mapper writes. */
export const OCSF_AUTHENTICATION_LOGON = {
  categoryUid: 3,
  classUid: 3002,
  activityId: 1,
  typeUid: 300201,
} as const;

/** The OCSF metadata block every record of this package carries. */
export function ocsfMetadata(logName: string, extra: JsonObject = {}): JsonObject {
  return {
    version: OCSF_VERSION,
    product: { name: PRODUCT_NAME, vendor_name: PRODUCT_NAME, version: VERSION },
    log_name: logName,
    ...extra,
  };
}

/**
 * Maps one tCell login record to an OCSF 1.8 Authentication record (class 3002, activity
 * Logon). The session appears only as the HMAC the record already carries. tCell fields OCSF
 * has no attribute for (header names, password fingerprint, account existence, span id) go
 * under `unmapped.tcell`, where OCSF puts data a producer could not map.
 */
export function toOcsfAuthentication(
  record: TcellEventRecord,
  context: FormatContext = DEFAULT_FORMAT_CONTEXT,
): JsonObject {
  const success = record.event_name === 'login-success';
  const ocsf: JsonObject = {
    activity_id: OCSF_AUTHENTICATION_LOGON.activityId,
    activity_name: 'Logon',
    category_uid: OCSF_AUTHENTICATION_LOGON.categoryUid,
    category_name: 'Identity & Access Management',
    class_uid: OCSF_AUTHENTICATION_LOGON.classUid,
    class_name: 'Authentication',
    type_uid: OCSF_AUTHENTICATION_LOGON.typeUid,
    type_name: 'Authentication: Logon',
    // A single login attempt is routine; judging a run of them is the detector's job.
    severity_id: 1,
    severity: 'Informational',
    status_id: success ? 1 : 2,
    status: success ? 'Success' : 'Failure',
    time: epochMilliseconds(record.event_time),
    timezone_offset: 0,
    message: record.event_name,
    metadata: ocsfMetadata('tcell.login', correlation(record)),
    // OCSF requires a user; a login reported without a user id still names one.
    user: { name: record.user_id ?? 'unknown' },
    service: { name: context.serviceName },
    // The hooks see logins to web applications; no OCSF protocol id names a web form.
    auth_protocol_id: 99,
    auth_protocol: 'Web application login',
  };
  setDefined(ocsf, 'status_detail', failureReason(record));
  if (record.remote_addr !== undefined) ocsf.src_endpoint = { ip: record.remote_addr };
  if (record.session !== undefined) ocsf.session = { uid: record.session };
  const httpRequest = ocsfHttpRequest(record);
  if (httpRequest !== undefined) ocsf.http_request = httpRequest;
  const unmapped = ocsfUnmapped(record);
  if (unmapped !== undefined) ocsf.unmapped = { tcell: unmapped };
  return ocsf;
}

function correlation(record: TcellEventRecord): JsonObject {
  const extra: JsonObject = { original_time: record.event_time };
  // Authentication has no trace profile in OCSF 1.8; the trace id is what correlates events.
  setDefined(extra, 'correlation_uid', record.trace_id);
  // The login id: unique per login, what a consumer drops duplicates by.
  setDefined(extra, 'uid', record.event_id);
  return extra;
}

function ocsfHttpRequest(record: TcellEventRecord): JsonObject | undefined {
  const request: JsonObject = {};
  setDefined(request, 'user_agent', record.user_agent);
  setDefined(request, 'referrer', record.referrer);
  const parts = documentParts(record);
  if (parts !== undefined) {
    const url: JsonObject = { path: parts.path };
    setDefined(url, 'query_string', parts.query);
    request.url = url;
  }
  return Object.keys(request).length === 0 ? undefined : request;
}

/**
 * Header names without values do not fit OCSF `http_headers` (name and value are both
 * required there), and values are not kept, so the names stay a tCell field.
 */
function ocsfUnmapped(record: TcellEventRecord): JsonObject | undefined {
  const tcell: JsonObject = {};
  setDefined(tcell, 'header_keys', record.header_keys);
  setDefined(tcell, 'password_id', record.password_id);
  setDefined(tcell, 'password_spray_id', record.password_spray_id);
  setDefined(tcell, 'user_valid', record.user_valid);
  setDefined(tcell, 'span_id', record.span_id);
  return Object.keys(tcell).length === 0 ? undefined : tcell;
}
