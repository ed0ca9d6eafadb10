import { connect } from 'node:net';

/**
 * Sends one HTTP/1.1 request written byte by byte over a plain TCP socket, with exactly the
 * header lines given, in that order. Resolves with the raw response text.
 */
export function sendRawRequest(
  port: number,
  requestLine: string,
  headers: ReadonlyArray<readonly [string, string]>,
  body = '',
): Promise<string> {
  const head = [requestLine, ...headers.map(([name, value]) => `${name}: ${value}`)].join('\r\n');
  const bytes = Buffer.from(`${head}\r\n\r\n${body}`, 'latin1');
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    let response = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (response += chunk));
    socket.on('error', fail);
    socket.on('end', () => done(response));
    socket.setTimeout(10000, () => {
      socket.destroy();
      fail(new Error('raw request timed out'));
    });
    socket.on('connect', () => {
      // One byte per write, to be sure nothing depends on headers arriving in one chunk.
      let index = 0;
      const writeNext = (): void => {
        while (index < bytes.length) {
          const more = socket.write(bytes.subarray(index, index + 1));
          index += 1;
          if (!more) {
            socket.once('drain', writeNext);
            return;
          }
        }
      };
      writeNext();
    });
  });
}
