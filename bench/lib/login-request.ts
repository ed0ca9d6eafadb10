import { randomBytes } from 'node:crypto';
import type { HttpRequestLike } from 'tcell-hooks';

/** Session ids as the example app makes them: 24 random bytes, base64url. */
export const SESSION_IDS = Array.from({ length: 8 }, () => randomBytes(24).toString('base64url'));

/** User names of different lengths. */
export const USER_IDS = ['alice', 'bob', 'carol.jones@example.com', 'dave', 'eve', 'f', 'g', 'h'];

const RAW_HEADERS = [
  'Host', '127.0.0.1:3000',
  'Connection', 'keep-alive',
  'Content-Length', '56',
  'Cache-Control', 'max-age=0',
  'Origin', 'http://127.0.0.1:3000',
  'Content-Type', 'application/x-www-form-urlencoded',
  'User-Agent',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/126.0.0.0 Safari/537.36',
  'Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'Referer', 'http://127.0.0.1:3000/login?next=%2Faccount',
  'Accept-Encoding', 'gzip, deflate, br',
  'Accept-Language', 'en-GB,en;q=0.9',
  'Cookie', 'sid=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0; theme=dark',
]; // prettier-ignore

/**
 * A login POST as Node and Express present it (12 headers from a desktop browser), for the
 * figures that record logins without a socket: it has every part the hooks read.
 */
export function browserLoginRequest(): HttpRequestLike {
  const headers: Record<string, string> = {};
  for (let index = 0; index < RAW_HEADERS.length; index += 2) {
    headers[RAW_HEADERS[index].toLowerCase()] = RAW_HEADERS[index + 1];
  }
  return {
    rawHeaders: RAW_HEADERS,
    headers,
    url: '/login?next=%2Faccount',
    originalUrl: '/login?next=%2Faccount',
    socket: { remoteAddress: '::ffff:127.0.0.1' },
  };
}
