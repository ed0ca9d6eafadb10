import { otlpTypes } from './otlp-proto';
import type { OtlpObject } from './otlp-values';
import type { OtlpFormat } from './request-body';
import { BridgeRequestError } from './request-error';

/** The two OTLP signals the bridge receives. */
export type OtlpSignal = 'traces' | 'logs';

const REQUEST_TYPES = { traces: otlpTypes.traceRequest, logs: otlpTypes.logsRequest };

/**
 * Decodes an OTLP export request into plain objects with OTLP/JSON field names. Throws a 400
 * error saying what is wrong when the body is neither valid JSON nor valid protobuf.
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
  } catch (error) {
    throw new BridgeRequestError(400, `body is not valid JSON (${errorMessage(error)})`);
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
  } catch (error) {
    throw new BridgeRequestError(
      400,
      `body is not a valid protobuf ${type.name} (${errorMessage(error)})`,
    );
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
