/**
 * Version 1 of the tcell-hooks API: stable under semantic versioning, the Node counterpart of
 * the Python `tcell_hooks.v1`.
 */
export { LOGIN_FAILURE, LOGIN_SUCCESS } from './status';
export { sendExpressLoginEvent, sendLoginEvent } from './hooks';
export {
  sendFastifyLoginEvent,
  sendFetchLoginEvent,
  sendHttpLoginEvent,
  sendKoaLoginEvent,
} from './framework-hooks';
export type {
  FastifyLoginEventOptions,
  FastifyRequestLike,
  FetchLoginEventOptions,
  FetchRequestLike,
  FrameworkLoginEventOptions,
  HttpLoginEventOptions,
  KoaContextLike,
  KoaLoginEventOptions,
} from './framework-types';
export type {
  ExpressLoginEventOptions,
  HttpRequestLike,
  LoginEventOptions,
  LoginFailure,
  LoginStatus,
  LoginSuccess,
} from './types';
