import { DEFAULT_SERVICE_NAME } from '../exporters/formats/types';
import type { FormatContext } from '../exporters/formats/types';
import { JsonlFileSink } from '../exporters/sinks/jsonl-file-sink';
import type { TcellConfig } from '../src/config';

/**
 * The JSON Lines sinks the configuration asks for: the events file in `TCELL_EVENTS_FORMAT`
 * first, then an OCSF file and an ECS file when `TCELL_OCSF_FILE` and `TCELL_ECS_FILE` name one.
 * Every sink gets every login; each writes its own format.
 */
export function eventFileSinks(
  config: Pick<TcellConfig, 'eventsFile' | 'eventsFormat' | 'ocsfFile' | 'ecsFile' | 'appId'>,
  env: NodeJS.ProcessEnv,
): [JsonlFileSink, ...JsonlFileSink[]] {
  const context = formatContext(config, env);
  const sinks: [JsonlFileSink, ...JsonlFileSink[]] = [
    new JsonlFileSink(config.eventsFile, { format: config.eventsFormat, context }),
  ];
  if (config.ocsfFile !== undefined) {
    sinks.push(new JsonlFileSink(config.ocsfFile, { format: 'ocsf', context }));
  }
  if (config.ecsFile !== undefined) {
    sinks.push(new JsonlFileSink(config.ecsFile, { format: 'ecs', context }));
  }
  return sinks;
}

/** The service users log in to: `OTEL_SERVICE_NAME`, else the tCell app id, else a fallback. */
export function formatContext(
  config: Pick<TcellConfig, 'appId'>,
  env: NodeJS.ProcessEnv,
): FormatContext {
  const otelName = env.OTEL_SERVICE_NAME?.trim();
  const serviceName = otelName !== undefined && otelName !== '' ? otelName : config.appId;
  return { serviceName: serviceName ?? DEFAULT_SERVICE_NAME };
}
