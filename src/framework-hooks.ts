import { readFetchRequest } from './adapters/fetch-request';
import { readFastifyRequest, readKoaContext, readNodeRequest } from './adapters/node-requests';
import { reportHookFailure } from './hooks';
import { readProperty } from './options';
import type {
  FastifyLoginEventOptions,
  FetchLoginEventOptions,
  FrameworkLoginEventOptions,
  HttpLoginEventOptions,
  KoaLoginEventOptions,
} from './framework-types';
import type { RequestDetails } from './request-details';
import { getActiveRecorder } from './state';
import type { HttpRequestLike } from './types';

/** Turns one framework's request object into request details; see `src/adapters/`. */
type RequestAdapter<Request> = (
  request: Request | undefined,
  served: HttpRequestLike | undefined,
) => RequestDetails;

/**
 * Builds the framework form of the hook around one adapter: the fields pass through as given,
 * the adapter reads the rest from the request. Like every hook it never throws and returns at
 * once while no tcell-hooks instrumentation is enabled.
 */
function createFrameworkHook<Request, Options extends FrameworkLoginEventOptions<Request>>(
  adapter: RequestAdapter<Request>,
): (options: Options) => void {
  return (options) => {
    const recorder = getActiveRecorder();
    if (recorder === undefined) return;
    try {
      // Read, never spread: the options may be a Proxy that throws. The recorder reads only the
      // login fields, so the `request` key can stay on the object it is given.
      const request = readProperty(options, 'request') as Request | undefined;
      recorder.recordWith(options, (served) => adapter(request ?? undefined, served));
    } catch (error) {
      reportHookFailure(error);
    }
  };
}

/**
 * Reports one login attempt with a Fastify request (`request.raw` is read). Works with and
 * without `@fastify/otel`: the event goes to the HTTP server span either way. Never throws.
 */
export const sendFastifyLoginEvent: (options: FastifyLoginEventOptions) => void =
  createFrameworkHook(readFastifyRequest);

/** Reports one login attempt with a Koa context (`ctx.req` is read). Never throws. */
export const sendKoaLoginEvent: (options: KoaLoginEventOptions) => void =
  createFrameworkHook(readKoaContext);

/**
 * Reports one login attempt with a `node:http` IncomingMessage or a `node:http2` compatibility
 * request; NestJS (`@Req()`) and hapi (`request.raw.req`) apps pass their raw request. HTTP/2
 * pseudo-headers (`:method`, `:path`, ...) are not header keys. Never throws.
 */
export const sendHttpLoginEvent: (options: HttpLoginEventOptions) => void =
  createFrameworkHook(readNodeRequest);

/**
 * Reports one login attempt with a WHATWG `Request` (Next.js route handlers, Hono). Header keys
 * and client address come from the Node request being served when the `Request` was built from
 * it; otherwise header keys are left out, since `Headers` keeps no order. Never throws.
 */
export const sendFetchLoginEvent: (options: FetchLoginEventOptions) => void =
  createFrameworkHook(readFetchRequest);
