import { InstrumentationBase } from '@opentelemetry/instrumentation';
import { createClientAddressSettings, useClientAddressSettings } from '../src/client-address';
import { readConfig, reportConfigProblems, resolveSessionKey } from '../src/config';
import { logger, setProblemQuietPeriod, warnProblem } from '../src/diagnostics';
import { LoginRecorder } from '../src/recorder';
import { setActiveRecorder } from '../src/state';
import { VERSION } from '../src/version';
import { currentRequest, startTrackingRequests, stopTrackingRequests } from './request-context';
import type { TcellInstrumentationConfig } from './types';

/**
 * The tcell-hooks instrumentation. While enabled, the login hooks record `tcell.login` events
 * and fill in request details from the request being served. It patches no module: request
 * context comes from Node's `http.server.request.start` diagnostics channel.
 */
export class TcellLoginInstrumentation extends InstrumentationBase<TcellInstrumentationConfig> {
  constructor(config: TcellInstrumentationConfig = {}) {
    super('tcell-hooks', VERSION, config);
  }

  protected init(): [] {
    return [];
  }

  // Called by the base constructor too, before this class's fields exist: keep it field-free.
  override enable(): void {
    const settings = resolveSettings(this.getConfig());
    if (settings === undefined) return;

    startTrackingRequests();
    // A getter, not the logger itself: setLoggerProvider() may replace it after enable().
    const eventLogger = () => this.logger;
    setActiveRecorder(new LoginRecorder({ ...settings, currentRequest, eventLogger }));
    logger.debug('tcell-hooks instrumentation enabled');
  }

  override disable(): void {
    setActiveRecorder(undefined);
    useClientAddressSettings(undefined);
    stopTrackingRequests();
  }
}

function resolveSettings(
  config: TcellInstrumentationConfig,
): ConstructorParameters<typeof LoginRecorder>[0] | undefined {
  const { config: env, problems } = readConfig();
  reportConfigProblems(problems);
  if (problems.length > 0 || !env.enabled) return undefined;
  setProblemQuietPeriod(env.diagnosticIntervalSeconds * 1000);
  useClientAddressSettings(
    createClientAddressSettings({
      reverseProxy: env.reverseProxy,
      headerName: env.reverseProxyIpAddressHeader,
      trustedProxies: env.trustedProxies,
    }),
  );

  const appId = config.appId ?? env.appId;
  const { key, generated } = resolveSessionKey({ hmacKey: config.hmacKey ?? env.hmacKey, appId });
  if (generated) {
    warnProblem(
      'no-hmac-key',
      'neither TCELL_HMAC_KEY nor TCELL_AGENT_APP_ID is set; session HMACs use a random key ' +
        'made for this process, so they match only within this process',
    );
  }
  return {
    sessionKey: key,
    appId,
    passwordHmacKey: config.passwordHmacKey ?? env.passwordHmacKey,
    hipaaSafeMode: config.hipaaSafeMode ?? env.hipaaSafeMode,
    currentRequest: () => undefined,
    deliverLogin: config.deliverLogin,
    deferLogin: config.deferLogin,
  };
}
