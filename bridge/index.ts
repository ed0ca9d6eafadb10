/** The tcell-hooks bridge: login events from OTLP/HTTP senders in any language to tCell sinks. */
export {
  DEFAULT_DEDUPE_CAPACITY,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_SHUTDOWN_GRACE_MS,
  TcellBridge,
} from './tcell-bridge';
export type { BridgeShutdownStage } from './tcell-bridge';
export { ATTR_TCELL_LOGIN_ID } from './login-extraction';
export type { BridgedEventRecord, TcellBridgeOptions } from './types';
