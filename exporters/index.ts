/** The tcell-hooks exporter: login span events to tCell events, delivered by sinks. */
export { TcellLoginExporter, toTcellEventRecords } from './tcell-login-exporter';
export type { TcellLoginExporterOptions } from './tcell-login-exporter';
export { TcellLoginSpanProcessor } from './login-span-processor';
export type { TcellLoginSpanProcessorOptions } from './login-span-processor';
export { toTcellEventRecord, toTcellLoginEvent } from './login-event-mapper';
export type { LoginEventOrigin } from './login-event-mapper';
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
export type { TcellEventSink } from './sinks/types';
export type { TcellEventRecord, TcellLoginEvent } from './tcell-event';
