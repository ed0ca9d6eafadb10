import type { TcellEventRecord } from '../tcell-event';
import { toEcsAlert } from './ecs-alert';
import { toEcsAuthentication } from './ecs-authentication';
import type { LoginAlert } from './login-alert';
import { toOcsfAuthentication } from './ocsf-authentication';
import { toOcsfDetectionFinding } from './ocsf-detection-finding';
import { DEFAULT_FORMAT_CONTEXT } from './types';
import type { EventFormat, FormatContext } from './types';

/**
 * The object a sink serialises for one login record: the record itself for `tcell`, or its
 * OCSF Authentication or ECS mapping. Pure, so every sink can call it before its own encoding.
 */
export function formatRecord(
  record: TcellEventRecord,
  format: EventFormat,
  context: FormatContext = DEFAULT_FORMAT_CONTEXT,
): object {
  switch (format) {
    case 'ocsf':
      return toOcsfAuthentication(record, context);
    case 'ecs':
      return toEcsAuthentication(record, context);
    case 'tcell':
      return record;
  }
}

/**
 * The object a sink serialises for one detector alert: an OCSF Detection Finding, an ECS alert,
 * or for `tcell`, which has no alert schema, the alert as the detector made it.
 */
export function formatAlert(
  alert: LoginAlert,
  format: EventFormat,
  context: FormatContext = DEFAULT_FORMAT_CONTEXT,
): object {
  switch (format) {
    case 'ocsf':
      return toOcsfDetectionFinding(alert);
    case 'ecs':
      return toEcsAlert(alert, context);
    case 'tcell':
      return alert;
  }
}
