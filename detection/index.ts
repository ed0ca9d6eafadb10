/** tcell-hooks detection: rules over tCell login events, alerts, a guard, and replay. */
export { ALERT_COUNTER_NAME, ALERT_EVENT_NAME, AlertFileWriter } from './alert-outputs';
export { BoundedMap } from './bounded-map';
export { DEFAULT_MAX_KEYS_PER_TABLE, Detector } from './detector';
export type { DetectorOptions, DetectorStats, TableStats } from './detector';
export { DetectorSink } from './detector-sink';
export { currentDetector, DEFAULT_ALERTS_FILE, detectionSinkFromEnv } from './from-env';
export { CLIENT_FINGERPRINT_PREFIX, clientFingerprint } from './fingerprint';
export { BLOCKED_BODY, expressGuard, fastifyGuard, koaGuard } from './guard/adapters';
export type { GuardAdapterOptions } from './guard/adapters';
export { LoginGuard } from './guard/login-guard';
export type { GuardDecision, LoginGuardOptions } from './guard/login-guard';
export { DEFAULT_PRESET, PRESETS, resolveThresholds } from './presets';
export type { DetectionPreset, PresetName } from './presets';
export { replayFiles } from './replay/replay-files';
export type { ReplayFormat, ReplayOptions, ReplayProgress } from './replay/replay-files';
export { renderHtmlReport } from './replay/html-report';
export type { ReplaySummaryData } from './replay/replay-summary';
export { SshdLogReader } from './replay/sshd-log';
export type {
  AccountEnumerationThresholds,
  AlertExample,
  AlertKey,
  AlertListener,
  AlertSeverity,
  BruteForceThresholds,
  CredentialStuffingThresholds,
  DetectionAlert,
  DetectionThresholds,
  DistributedStuffingThresholds,
  PasswordSprayingThresholds,
  RuleName,
  TakeoverThresholds,
  ThresholdOverrides,
} from './types';
