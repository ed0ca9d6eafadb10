import { AsyncLocalStorage } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';

/**
 * Which request is being served, per async context. Node publishes every incoming HTTP request
 * on the `http.server.request.start` diagnostics channel just before the `request` event; the
 * subscriber only remembers the request object. Nothing is read from it until a login is
 * recorded, so requests that record no login pay one store write, plus the async hooks below.
 */
// Why AsyncLocalStorage although on Node 20 it turns on async hooks, promise hooks included:
// measured, that adds about 0.1 µs per await in a tight loop and nothing beyond the noise on an
// Express route (bench/no-tracing.ts), and no cheaper hook follows a request across timers,
// callbacks and awaits. Looking the request up through executionAsyncResource() alone, without
// hooks, loses it after the first callback or await.
const requestStorage = new AsyncLocalStorage<IncomingMessage>();

const REQUEST_START_CHANNEL = 'http.server.request.start';

interface RequestStartMessage {
  request: IncomingMessage;
}

function onRequestStart(message: unknown): void {
  // enterWith, not run: the subscriber cannot wrap the request handler. The store then holds
  // for everything the handler does, and requests pipelined on one socket each get their own,
  // because async resources copy the store when they are created.
  requestStorage.enterWith((message as RequestStartMessage).request);
}

let subscribers = 0;

/** Starts remembering requests; balanced by `stopTrackingRequests`. */
export function startTrackingRequests(): void {
  subscribers += 1;
  if (subscribers === 1) diagnosticsChannel.subscribe(REQUEST_START_CHANNEL, onRequestStart);
}

/** Stops remembering requests once every caller of `startTrackingRequests` has stopped. */
export function stopTrackingRequests(): void {
  if (subscribers === 0) return;
  subscribers -= 1;
  if (subscribers === 0) diagnosticsChannel.unsubscribe(REQUEST_START_CHANNEL, onRequestStart);
}

/** The request being served in the current async context, if any. */
export function currentRequest(): IncomingMessage | undefined {
  return requestStorage.getStore();
}
