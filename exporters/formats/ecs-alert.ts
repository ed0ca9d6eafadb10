import type { LoginAlert } from './login-alert';
import { ecsRelated } from './ecs-authentication';
import { alertUid } from './ocsf-detection-finding';
import { ECS_MODULE, ECS_VERSION, SEVERITY_IDS, snakeCaseCounts } from './record-parts';
import { DEFAULT_FORMAT_CONTEXT } from './types';
import type { FormatContext, JsonObject } from './types';

/**
 * Maps a detector alert to an ECS document with `event.kind: alert`, in the authentication
 * category like the logins it is about. `event.severity` uses the OCSF severity ids (2 low to
 * 5 critical), so both formats rank an alert alike. The key, counts and examples go under
 * `tcell.alert.*`; the IPs and users of the examples under `related.*`.
 */
export function toEcsAlert(
  alert: LoginAlert,
  context: FormatContext = DEFAULT_FORMAT_CONTEXT,
): JsonObject {
  const event: JsonObject = {
    kind: 'alert',
    category: ['authentication'],
    type: ['info'],
    action: alert.rule,
    id: alertUid(alert),
    severity: SEVERITY_IDS[alert.severity],
    start: alert.firstTime,
    end: alert.lastTime,
    module: ECS_MODULE,
    dataset: `${ECS_MODULE}.alert`,
  };
  const rule: JsonObject = { id: alert.rule, name: alert.rule };
  if (alert.description !== undefined) rule.description = alert.description;

  const ecs: JsonObject = {
    '@timestamp': alert.lastTime,
    ecs: { version: ECS_VERSION },
    event,
    rule,
    service: { name: context.serviceName },
  };
  if (alert.description !== undefined) ecs.message = alert.description;
  if (alert.key.kind === 'user_id') ecs.user = { name: alert.key.value };
  if (alert.key.kind === 'remote_addr') ecs.source = { ip: alert.key.value };
  const related = ecsRelated(alert.examples);
  if (related !== undefined) ecs.related = related;
  ecs[ECS_MODULE] = {
    alert: {
      key: { ...alert.key },
      counts: snakeCaseCounts(alert.counts),
      examples: alert.examples.map((record) => ({ ...record })),
    },
  };
  return ecs;
}
