import assert from 'node:assert/strict';
import { createServer, request as httpRequest, IncomingMessage } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  currentRequest,
  startTrackingRequests,
  stopTrackingRequests,
} from '../../instrumentation/request-context';

/** What the served request's handlers saw as the current request, by place. */
type Seen = Record<string, string | undefined>;

function listen(server: Server): Promise<number> {
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)),
  );
}

function send(port: number, path: string, body: string): Promise<string> {
  return new Promise((done, fail) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, path, method: 'POST' }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => done(text));
    });
    outgoing.on('error', fail);
    outgoing.end(body);
  });
}

/** Serves one request and returns what `currentRequest()` gave in its body's 'end' handler. */
async function requestSeenInEnd(path: string): Promise<IncomingMessage | undefined> {
  let inEnd: IncomingMessage | undefined = undefined;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      inEnd = currentRequest();
      response.end('ok');
    });
  });
  const port = await listen(server);
  try {
    assert.equal(await send(port, path, 'x'), 'ok');
  } finally {
    server.close();
  }
  return inEnd;
}

describe('request context in request events', function () {
  this.timeout(20000);
  let backend: Server;
  let backendPort: number;

  before(async () => {
    startTrackingRequests();
    // A second server the first one calls: its IncomingMessage responses must not count.
    backend = createServer((_request, response) => response.end('backend'));
    backendPort = await listen(backend);
  });

  after(() => {
    backend.close();
    stopTrackingRequests();
  });

  it("should give the request in its body's 'data' and 'end' events and what follows", async () => {
    const seen = new Map<string, Seen>();
    const server = createServer((request: IncomingMessage, response) => {
      const places: Seen = {};
      seen.set(request.url ?? '', places);
      const urlOf = (): string | undefined => currentRequest()?.url;
      places.handler = urlOf();
      request.on('data', () => (places.data = urlOf()));
      request.on('end', () => {
        places.end = urlOf();
        setTimeout(() => {
          places.timer = urlOf();
          // An outgoing call: its response is an IncomingMessage too, but not a served request.
          httpRequest({ host: '127.0.0.1', port: backendPort, path: '/' }, (reply) => {
            reply.resume();
            reply.on('end', () => {
              places.clientResponseEnd = urlOf();
              void Promise.resolve().then(() => {
                places.afterAwait = urlOf();
                response.end('done');
              });
            });
          }).end();
        }, 5);
      });
    });
    const port = await listen(server);
    try {
      await Promise.all(['/a', '/b', '/c'].map((path) => send(port, path, `body of ${path}`)));
    } finally {
      server.close();
    }

    for (const path of ['/a', '/b', '/c']) {
      assert.deepEqual(seen.get(path), {
        handler: path,
        data: path,
        end: path,
        timer: path,
        clientResponseEnd: path,
        afterAwait: path,
      });
    }
  });

  it('should give the request after a for-await read of its body', async () => {
    const seen = new Map<string, string | undefined>();
    const server = createServer((request: IncomingMessage, response) => {
      void (async () => {
        let body = '';
        for await (const chunk of request) body += String(chunk);
        seen.set(request.url ?? '', currentRequest()?.url);
        response.end(body);
      })();
    });
    const port = await listen(server);
    try {
      await Promise.all(['/x', '/y'].map((path) => send(port, path, 'b'.repeat(200_000))));
    } finally {
      server.close();
    }
    assert.deepEqual(Object.fromEntries(seen), { '/x': '/x', '/y': '/y' });
  });

  it('should leave the events of requests alone once tracking has stopped', async () => {
    stopTrackingRequests();
    let inEnd: IncomingMessage | undefined;
    try {
      inEnd = await requestSeenInEnd('/after-stop');
    } finally {
      startTrackingRequests();
    }
    assert.equal(inEnd, undefined);
  });
});

describe('request context and other wrappers of IncomingMessage#emit', function () {
  this.timeout(20000);

  it('should keep a wrapper put in after the module loaded, while tracking and after', async () => {
    // Another library (an APM, say) wraps emit after tcell-hooks was imported but before its
    // instrumentation was enabled.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const before = IncomingMessage.prototype.emit;
    const events: string[] = [];
    const wrapper = function (this: IncomingMessage, ...args: Parameters<typeof before>) {
      events.push(String(args[0]));
      return before.apply(this, args);
    };
    IncomingMessage.prototype.emit = wrapper;
    let inEnd: IncomingMessage | undefined = undefined;
    startTrackingRequests();
    try {
      inEnd = await requestSeenInEnd('/wrapped');
    } finally {
      stopTrackingRequests();
    }
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const after = IncomingMessage.prototype.emit;
    IncomingMessage.prototype.emit = before;

    assert.equal(inEnd?.url, '/wrapped');
    assert.ok(events.includes('end'), `the wrapper saw ${JSON.stringify(events)}`);
    assert.equal(after, wrapper);
  });

  it('should still serve when a library put back our wrapper it had kept', async () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const before = IncomingMessage.prototype.emit;
    startTrackingRequests();
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const kept = IncomingMessage.prototype.emit;
    stopTrackingRequests();
    // A library that saved emit while ours was in place "restores" it when it unpatches.
    IncomingMessage.prototype.emit = kept;
    startTrackingRequests();
    let inEnd: IncomingMessage | undefined = undefined;
    try {
      inEnd = await requestSeenInEnd('/kept');
    } finally {
      stopTrackingRequests();
      IncomingMessage.prototype.emit = before;
    }
    assert.equal(inEnd?.url, '/kept');
  });
});
