/**
 * A local stand-in for the tCell ingest endpoint, for the export figure: accepts POSTs on any
 * path, gunzips them when they say so, counts the events and answers 200. GET /__bench/received
 * returns the counts. Listens on 127.0.0.1, port 0, and prints its address.
 */
import { createServer } from 'node:http';
import { gunzip } from 'node:zlib';

const received = { requests: 0, gzipRequests: 0, events: 0, bytes: 0, unreadable: 0 };

/** Events in a body: a JSON array, an object holding one array, or JSON Lines. */
function countEvents(text: string): number {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.length;
    const list = Object.values(parsed as object).find((value) => Array.isArray(value));
    return Array.isArray(list) ? list.length : 1;
  } catch {
    return text.split('\n').filter((line) => line.trim() !== '').length;
  }
}

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/__bench/received') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(received));
    return;
  }

  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    const zipped = request.headers['content-encoding'] === 'gzip';
    received.requests += 1;
    received.bytes += body.length;
    if (zipped) received.gzipRequests += 1;
    const answer = (error: Error | null, text: Buffer): void => {
      if (error === null) received.events += countEvents(text.toString('utf8'));
      else received.unreadable += 1;
      response.writeHead(error === null ? 200 : 400, { 'content-type': 'application/json' });
      response.end('{}');
    };
    if (zipped) gunzip(body, answer);
    else answer(null, body);
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  console.log(`ingest listening on http://127.0.0.1:${port}`);
});
