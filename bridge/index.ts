/** The tcell-hooks bridge: login events from OTLP/HTTP senders in any language to tCell sinks. */
export { DEFAULT_DEDUPE_CAPACITY, DEFAULT_MAX_BODY_BYTES, TcellBridge } from './tcell-bridge';
export { ATTR_TCELL_LOGIN_ID } from './login-extraction';
export type { BridgedEventRecord, TcellBridgeOptions } from './types';
