import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';
import { VERSION } from '../src/version';
import type { PassportModuleLike } from './passport';
import { patchPassport, unpatchPassport } from './passport';

/** Passport versions the patch is made for (tested with 0.7). */
export const SUPPORTED_PASSPORT_VERSIONS = ['>=0.6.0 <1'];

/**
 * Records a `tcell.login` event for every passport-local login, with no hook call in the
 * application. It patches passport when the application requires it; passport is never
 * required by tcell-hooks itself. Started by the preload when `TCELL_PASSPORT=true`.
 */
export class PassportLoginInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  constructor(config: InstrumentationConfig = {}) {
    super('tcell-hooks-passport', VERSION, config);
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        'passport',
        SUPPORTED_PASSPORT_VERSIONS,
        (passport: PassportModuleLike) => {
          patchPassport(passport);
          return passport;
        },
        (passport: PassportModuleLike) => unpatchPassport(passport),
      ),
    ];
  }
}

/**
 * Records login events for every passport-local login of this passport module, for an
 * application that loads passport before any instrumentation could see it (or as an ES
 * module). `enablePassportLoginEvents(require('passport'))` once at start-up; the tcell-hooks
 * instrumentation must be enabled for events to be recorded. Returns false when the module
 * does not look like passport.
 */
export function enablePassportLoginEvents(passport: PassportModuleLike): boolean {
  return patchPassport(passport);
}

/** Stops what `enablePassportLoginEvents` started. */
export function disablePassportLoginEvents(passport: PassportModuleLike): void {
  unpatchPassport(passport);
}
