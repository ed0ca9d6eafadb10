import type { OtlpSignal } from './otlp-decoding';
import { otlpTypes } from './otlp-proto';
import type { OtlpFormat } from './request-body';

/** A response body and its Content-Type. */
export interface OtlpResponseBody {
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPES: Record<OtlpFormat, string> = {
  json: 'application/json',
  protobuf: 'application/x-protobuf',
};

const REJECTED_FIELDS: Record<OtlpSignal, string> = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
};

/** google.rpc.Code for each failure status the bridge answers with. */
const RPC_CODES: Record<number, number> = { 400: 3, 404: 5, 405: 12, 413: 3, 415: 3, 503: 14 };
const RPC_INTERNAL = 13;

/**
 * The body of a successful export: empty when everything was accepted, otherwise a partial
 * success naming how many spans or log records were rejected and why.
 */
export function successResponse(
  signal: OtlpSignal,
  format: OtlpFormat,
  rejected: number,
  errorMessage: string,
): OtlpResponseBody {
  const response =
    rejected === 0 ? {} : { partialSuccess: { [REJECTED_FIELDS[signal]]: rejected, errorMessage } };
  if (format === 'json') return jsonBody(response);

  const type = signal === 'traces' ? otlpTypes.traceResponse : otlpTypes.logsResponse;
  return protobufBody(type.encode(type.fromObject(response)).finish());
}

/**
 * The body of a refused request: a google.rpc.Status in the request's encoding, or JSON when
 * the encoding is not known.
 */
export function errorResponse(
  format: OtlpFormat | undefined,
  statusCode: number,
  message: string,
): OtlpResponseBody {
  const status = { code: RPC_CODES[statusCode] ?? RPC_INTERNAL, message };
  if (format !== 'protobuf') return jsonBody(status);
  return protobufBody(otlpTypes.status.encode(otlpTypes.status.fromObject(status)).finish());
}

function jsonBody(value: object): OtlpResponseBody {
  return { contentType: CONTENT_TYPES.json, body: Buffer.from(JSON.stringify(value)) };
}

function protobufBody(bytes: Uint8Array): OtlpResponseBody {
  return {
    contentType: CONTENT_TYPES.protobuf,
    body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  };
}
