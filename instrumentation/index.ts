/** The tcell-hooks instrumentation: request context for the login hooks. */
export { TcellLoginInstrumentation } from './tcell-instrumentation';
export type { TcellInstrumentationConfig } from './types';
export {
  disablePassportLoginEvents,
  enablePassportLoginEvents,
  PassportLoginInstrumentation,
} from './passport-instrumentation';
export type { PassportModuleLike } from './passport';
