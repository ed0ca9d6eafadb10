/** tcell-hooks: report login attempts for account-takeover defence, on OpenTelemetry. */
export {
  LOGIN_FAILURE,
  LOGIN_SUCCESS,
  sendExpressLoginEvent,
  sendFastifyLoginEvent,
  sendFetchLoginEvent,
  sendHttpLoginEvent,
  sendKoaLoginEvent,
  sendLoginEvent,
} from './v1';
export type {
  ExpressLoginEventOptions,
  FastifyLoginEventOptions,
  FastifyRequestLike,
  FetchLoginEventOptions,
  FetchRequestLike,
  FrameworkLoginEventOptions,
  HttpLoginEventOptions,
  HttpRequestLike,
  KoaContextLike,
  KoaLoginEventOptions,
  LoginEventOptions,
  LoginFailure,
  LoginStatus,
  LoginSuccess,
} from './v1';
