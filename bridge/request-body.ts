import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { BridgeRequestError } from './request-error';

/** What an OTLP request body is encoded as. */
export type OtlpFormat = 'json' | 'protobuf';

const MEDIA_TYPES = new Map<string, OtlpFormat>([
  ['application/json', 'json'],
  ['application/x-protobuf', 'protobuf'],
]);

// Header values are quoted back only in these plain forms: anything else could be a secret.
const MEDIA_TYPE_FORM = /^[a-z0-9.+-]{1,40}\/[a-z0-9.+-]{1,40}$/;
const ENCODING_FORM = /^[a-z0-9-]{1,32}$/;

/** A header value in quotes when it has the plain form of its kind, else a description. */
function quoteToken(value: string, form: RegExp): string {
  return form.test(value) ? JSON.stringify(value) : `(${value.length} characters, not shown)`;
}

/** The OTLP encoding named by a Content-Type header; throws 415 for anything else. */
export function readOtlpFormat(contentType: string | undefined): OtlpFormat {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const format = MEDIA_TYPES.get(mediaType);
  if (format !== undefined) return format;
  const problem =
    mediaType === ''
      ? 'missing Content-Type'
      : `unsupported Content-Type ${quoteToken(mediaType, MEDIA_TYPE_FORM)}`;
  throw new BridgeRequestError(
    415,
    `${problem}; expected application/json or application/x-protobuf`,
  );
}

/** Whether a Content-Encoding header asks for gzip; throws 415 for an unknown encoding. */
export function isGzipEncoded(contentEncoding: string | undefined): boolean {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === 'gzip') return true;
  if (encoding === '' || encoding === 'identity') return false;
  throw new BridgeRequestError(
    415,
    `unsupported Content-Encoding ${quoteToken(encoding, ENCODING_FORM)}; expected gzip or none`,
  );
}

/**
 * Reads the whole body, up to `limit` bytes. A longer body is read to its end but not kept, so
 * the sender receives the 413 instead of a reset connection.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length <= limit) chunks.push(chunk);
    });
    request.on('end', () => {
      if (length > limit || declared > limit) fail(tooLarge('body', limit));
      else done(Buffer.concat(chunks, length));
    });
    // A sender that goes away mid-body must not leave the request pending forever.
    const incomplete = (): void =>
      fail(new BridgeRequestError(400, 'the request body ended before it was complete'));
    request.on('error', incomplete);
    request.on('close', () => {
      if (!request.complete) incomplete();
    });
  });
}

/** Decompresses a gzip body, refusing one that inflates past `limit` bytes. */
export function gunzipBody(body: Buffer, limit: number): Promise<Buffer> {
  return new Promise((done, fail) => {
    gunzip(body, { maxOutputLength: limit }, (error, inflated) => {
      if (error === null) done(inflated);
      else if (error instanceof RangeError) fail(tooLarge('decompressed body', limit));
      else fail(new BridgeRequestError(400, `body is not valid gzip (${error.message})`));
    });
  });
}

function tooLarge(what: string, limit: number): BridgeRequestError {
  return new BridgeRequestError(413, `${what} is larger than the limit of ${limit} bytes`);
}
