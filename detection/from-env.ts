import { quoteConfigValue } from '../src/config-values';
import { logger, warnProblem } from '../src/diagnostics';
import { Detector } from './detector';
import { DetectorSink } from './detector-sink';
import type { PresetName } from './presets';
import { PRESETS } from './presets';

/** Default alerts file of the preload's detector. */
export const DEFAULT_ALERTS_FILE = './tcell-alerts.jsonl';

const CURRENT = Symbol.for('tcell-hooks.detector');
type GlobalWithDetector = typeof globalThis & { [CURRENT]?: Detector };

/** The detector the preload started, for an app that mounts the guard; undefined if none. */
export function currentDetector(): Detector | undefined {
  return (globalThis as GlobalWithDetector)[CURRENT];
}

/**
 * The preload's detection, from `TCELL_DETECTION` (on unless false), `TCELL_DETECTION_PRESET`
 * and `TCELL_ALERTS_FILE`. Returns the sink that feeds it, or undefined when it is off or
 * misconfigured (a wrong value is named and detection stays off; the hooks still run).
 */
export function detectionSinkFromEnv(env: NodeJS.ProcessEnv): DetectorSink | undefined {
  const enabledText = env.TCELL_DETECTION ?? '';
  const enabled = enabledText.trim().toLowerCase();
  if (['false', '0', 'no', 'off'].includes(enabled)) return undefined;
  if (enabled !== '' && !['true', '1', 'yes', 'on'].includes(enabled)) {
    reportProblem(
      'TCELL_DETECTION',
      `${quoteConfigValue(enabledText)} is not a boolean word; expected true or false`,
    );
    return undefined;
  }
  const presetText = env.TCELL_DETECTION_PRESET ?? '';
  const preset = presetText.trim() || 'balanced';
  if (!Object.hasOwn(PRESETS, preset)) {
    reportProblem(
      'TCELL_DETECTION_PRESET',
      `${quoteConfigValue(presetText)} is not a preset; ` +
        `expected one of ${Object.keys(PRESETS).join(', ')}`,
    );
    return undefined;
  }

  const alertsFile = (env.TCELL_ALERTS_FILE ?? '').trim() || DEFAULT_ALERTS_FILE;
  const detector = new Detector({ preset: preset as PresetName, alertsFile });
  (globalThis as GlobalWithDetector)[CURRENT] = detector;
  logger.debug(`tcell-hooks detection on (${preset}); alerts go to ${alertsFile}`);
  return new DetectorSink(detector);
}

/** Names a wrong detection variable as the hooks name theirs; only detection stays off. */
function reportProblem(variable: string, message: string): void {
  warnProblem(
    'bad-config',
    `${variable} ${message}; detection stays off (the hooks still run)`,
    variable,
  );
}
