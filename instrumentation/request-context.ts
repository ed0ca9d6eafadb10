import { AsyncLocalStorage } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import { IncomingMessage } from 'node:http';

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

// Marks requests seen on the channel: the emit wrapper below must leave the IncomingMessage
// objects of HTTP client responses alone. A property, not a WeakSet: weak collections cost the
// garbage collector work for every entry, and every request would be one.
const SERVED = Symbol('tcell-hooks.served-request');

type MarkedRequest = IncomingMessage & { [SERVED]?: true };

function onRequestStart(message: unknown): void {
  const { request } = message as RequestStartMessage;
  (request as MarkedRequest)[SERVED] = true;
  // enterWith, not run: the subscriber cannot wrap the request handler. The store then holds
  // for everything the handler does, and requests pipelined on one socket each get their own,
  // because async resources copy the store when they are created.
  requestStorage.enterWith(request);
}

// On Node 24 (AsyncContextFrame), a store entered in the subscriber no longer reaches the
// request's later events ('data', 'end'), which come from socket reads in the connection's
// context: a hook called in a body's 'end' handler would find no request. Node 20 and 22 carry
// it there through async hooks. So the body events of a served request ('data', 'readable',
// 'end': where body parsers and stream readers run, and report logins) are emitted with the
// request as the store, unless it is already. Other events pass straight through: entering a
// store costs a context frame per event on Node 24.
// The emit ours calls: whatever was in place when ours went in, so that a wrapper another
// library put in after this module loaded is kept, not skipped and then removed.
// Taken unbound on purpose: it is always called with apply and the request as `this`.
// eslint-disable-next-line @typescript-eslint/unbound-method
let originalEmit = IncomingMessage.prototype.emit;
let emitWrapped = false;

function emitAsServed(target: IncomingMessage, args: Parameters<IncomingMessage['emit']>): boolean {
  return originalEmit.apply(target, args);
}

function emitInRequestContext(
  this: IncomingMessage,
  ...args: Parameters<IncomingMessage['emit']>
): boolean {
  const event = args[0];
  if (
    (event !== 'data' && event !== 'end' && event !== 'readable') ||
    subscribers === 0 ||
    (this as MarkedRequest)[SERVED] !== true ||
    requestStorage.getStore() === this
  ) {
    return originalEmit.apply(this, args);
  }
  return requestStorage.run(this, emitAsServed, this, args);
}

let subscribers = 0;

/** Starts remembering requests; balanced by `stopTrackingRequests`. */
export function startTrackingRequests(): void {
  subscribers += 1;
  if (subscribers !== 1) return;
  diagnosticsChannel.subscribe(REQUEST_START_CHANNEL, onRequestStart);
  if (!emitWrapped) {
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const current = IncomingMessage.prototype.emit;
    // Ours put back by someone who kept it: calling it from itself would never end.
    if (current !== emitInRequestContext) originalEmit = current;
    IncomingMessage.prototype.emit = emitInRequestContext;
    emitWrapped = true;
  }
}

/** Stops remembering requests once every caller of `startTrackingRequests` has stopped. */
export function stopTrackingRequests(): void {
  if (subscribers === 0) return;
  subscribers -= 1;
  if (subscribers !== 0) return;
  diagnosticsChannel.unsubscribe(REQUEST_START_CHANNEL, onRequestStart);
  // Put back only if nobody wrapped emit after us; otherwise ours stays and passes through.
  if (IncomingMessage.prototype.emit === emitInRequestContext) {
    IncomingMessage.prototype.emit = originalEmit;
    emitWrapped = false;
  }
}

/** The request being served in the current async context, if any. */
export function currentRequest(): IncomingMessage | undefined {
  return requestStorage.getStore();
}
