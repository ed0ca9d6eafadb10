/** The tcell-hooks exporters: login span and log events to tCell events, delivered by sinks. */
export { TcellLoginExporter, toTcellEventRecords } from './tcell-login-exporter';
export type { TcellLoginExporterOptions } from './tcell-login-exporter';
export { TcellLoginSpanProcessor } from './login-span-processor';
export type { TcellLoginSpanProcessorOptions } from './login-span-processor';
export { TcellLoginLogProcessor } from './login-log-processor';
export type { TcellLoginLogProcessorOptions } from './login-log-processor';
export { loginIdOf, toTcellEventRecord, toTcellLoginEvent } from './login-event-mapper';
export type { LoginEventAttributes, LoginEventOrigin } from './login-event-mapper';
export { JsonlFileSink, STANDARD_OUTPUT } from './sinks/jsonl-file-sink';
export type { JsonlFileSinkOptions } from './sinks/jsonl-file-sink';
export {
  EVENT_FORMATS,
  formatAlert,
  formatRecord,
  parseEventFormat,
  toEcsAlert,
  toEcsAuthentication,
  toOcsfAuthentication,
  toOcsfDetectionFinding,
} from './formats/index';
export type { EventFormat, FormatContext, LoginAlert } from './formats/index';
export { IngestSink } from './sinks/ingest-sink';
export type { IngestSinkOptions } from './sinks/ingest-options';
export { ingestSinkOptionsFromEnv } from './sinks/ingest-options';
export { serializeIngestBatch } from './sinks/ingest-envelope';
export type { IngestEnvelope, IngestIdentity } from './sinks/ingest-envelope';
export { describeDeliveryStats } from './sinks/delivery-stats';
export type { DeliveryStats } from './sinks/delivery-stats';
export type { TcellEventSink } from './sinks/types';
export type { TcellEventRecord, TcellLoginEvent } from './tcell-event';
