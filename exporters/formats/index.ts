/** Record formats for SIEMs and data lakes: OCSF 1.8 and ECS mappings of logins and alerts. */
export { formatAlert, formatRecord } from './format-record';
export { toOcsfAuthentication, OCSF_AUTHENTICATION_LOGON } from './ocsf-authentication';
export { toOcsfDetectionFinding, OCSF_DETECTION_FINDING_CREATE } from './ocsf-detection-finding';
export { toEcsAuthentication } from './ecs-authentication';
export { toEcsAlert } from './ecs-alert';
export { ECS_VERSION, OCSF_VERSION } from './record-parts';
export { DEFAULT_SERVICE_NAME, EVENT_FORMATS, parseEventFormat } from './types';
export type { EventFormat, FormatContext, JsonObject, JsonValue } from './types';
export type { AlertKeyKind, AlertSeverity, LoginAlert } from './login-alert';
