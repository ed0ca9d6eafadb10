/** The record formats a sink can write. */
export type EventFormat = 'tcell' | 'ocsf' | 'ecs';

/** Every record format, in the order the documentation lists them. */
export const EVENT_FORMATS: readonly EventFormat[] = ['tcell', 'ocsf', 'ecs'];

/** The format a configuration word names (any case, spaces trimmed), or undefined. */
export function parseEventFormat(word: string): EventFormat | undefined {
  const normal = word.trim().toLowerCase();
  return EVENT_FORMATS.find((format) => format === normal);
}

/** What the mappers cannot read from a record: who produced it and for which service. */
export interface FormatContext {
  /**
   * The application users log in to: OCSF `service.name` and ECS `service.name`. OCSF requires
   * a service or a destination endpoint on an Authentication record, so there is always one.
   */
  serviceName: string;
}

/** Used when no service name is configured; the same fallback OpenTelemetry resources use. */
export const DEFAULT_SERVICE_NAME = 'unknown_service:node';

/** The context used when a caller gives none. */
export const DEFAULT_FORMAT_CONTEXT: FormatContext = { serviceName: DEFAULT_SERVICE_NAME };

/** A JSON object as the mappers build it. */
export type JsonObject = { [key: string]: JsonValue };

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
