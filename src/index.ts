/** tcell-hooks: report login attempts for account-takeover defence, on OpenTelemetry. */
export { LOGIN_FAILURE, LOGIN_SUCCESS, sendExpressLoginEvent, sendLoginEvent } from './v1';
export type {
  ExpressLoginEventOptions,
  HttpRequestLike,
  LoginEventOptions,
  LoginFailure,
  LoginStatus,
  LoginSuccess,
} from './v1';
