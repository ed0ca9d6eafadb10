import type { LoginFailure, LoginSuccess } from './types';

/** Status of a successful login attempt. */
export const LOGIN_SUCCESS: LoginSuccess = 'success';
/** Status of a failed login attempt. */
export const LOGIN_FAILURE: LoginFailure = 'failure';
