import { otlpTypes } from './otlp-proto';
import type { OtlpObject } from './otlp-values';
import type { OtlpFormat } from './request-body';
import { BridgeRequestError } from './request-error';

/** The two OTLP signals the bridge receives. */
export type OtlpSignal = 'traces' | 'logs';

const REQUEST_TYPES = { traces: otlpTypes.traceRequest, logs: otlpTypes.logsRequest };

/**
 * Decodes an OTLP export request into plain objects with OTLP/JSON field names. Throws a 400
 * error with a fixed reason when the body is neither valid JSON nor valid protobuf: parser
 * messages quote the body, which may hold a session id or a password, so they are never passed
 * on to the log or the reply.
 */
export function decodeOtlpRequest(
  signal: OtlpSignal,
  format: OtlpFormat,
  body: Buffer,
): OtlpObject {
  const type = REQUEST_TYPES[signal];
  return format === 'json' ? decodeJson(type.name, body) : decodeProtobuf(type, body);
}

function decodeJson(typeName: string, body: Buffer): OtlpObject {
  let request: unknown;
  try {
    request = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BridgeRequestError(400, 'body is not valid JSON');
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new BridgeRequestError(400, `body must be a JSON object holding an ${typeName}`);
  }
  return request as OtlpObject;
}

function decodeProtobuf(type: (typeof REQUEST_TYPES)[OtlpSignal], body: Buffer): OtlpObject {
  try {
    // Longs as decimal strings, like OTLP/JSON; ids stay bytes.
    return type.toObject(type.decode(body), { longs: String });
  } catch {
    throw new BridgeRequestError(400, `body is not a valid protobuf ${type.name}`);
  }
}
