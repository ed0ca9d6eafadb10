import type { AttributeValue, Attributes, HrTime } from '@opentelemetry/api';

/**
 * Readers for the values inside a decoded OTLP request. OTLP/JSON and protobuf decode to the
 * same shape here, except that ids are hex strings in JSON and bytes in protobuf, and 64-bit
 * integers may be strings or numbers. JSON can hold anything, so every reader checks its input.
 */

/** A request whose structure is not OTLP; the message names the offending field. */
export class OtlpShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpShapeError';
  }
}

/** A decoded OTLP message, as plain object. */
export type OtlpObject = Record<string, unknown>;

/** The object at `path`, or an empty object when absent; throws when it is not an object. */
export function objectAt(value: unknown, path: string): OtlpObject {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new OtlpShapeError(`${path} must be an object`);
  }
  return value as OtlpObject;
}

/** The objects of the list at `path`, or none when absent; throws when it is not a list. */
export function objectsAt(value: unknown, path: string): OtlpObject[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpShapeError(`${path} must be an array`);
  return value.map((item, index) => objectAt(item, `${path}[${index}]`));
}

/** OTLP key-value pairs as OpenTelemetry attributes; values of no attribute type are left out. */
export function toAttributes(value: unknown, path: string): Attributes {
  const attributes: Attributes = {};
  for (const [index, pair] of objectsAt(value, path).entries()) {
    const key = pair.key;
    if (typeof key !== 'string') throw new OtlpShapeError(`${path}[${index}].key must be a string`);
    const attributeValue = toAttributeValue(pair.value);
    if (attributeValue !== undefined) attributes[key] = attributeValue;
  }
  return attributes;
}

function toAttributeValue(value: unknown): AttributeValue | undefined {
  const scalar = toScalar(value);
  if (scalar !== undefined) return scalar;
  if (typeof value !== 'object' || value === null) return undefined;

  const arrayValue = (value as OtlpObject).arrayValue;
  if (typeof arrayValue !== 'object' || arrayValue === null) return undefined;
  const items = (arrayValue as OtlpObject).values;
  if (!Array.isArray(items)) return [];
  // Attribute arrays hold one primitive type; a mixed list keeps its strings only.
  const scalars = items.map(toScalar);
  const strings = scalars.filter((item): item is string => typeof item === 'string');
  if (strings.length > 0 || scalars.length === 0) return strings;
  const numbers = scalars.filter((item): item is number => typeof item === 'number');
  if (numbers.length > 0) return numbers;
  return scalars.filter((item): item is boolean => typeof item === 'boolean');
}

function toScalar(value: unknown): string | number | boolean | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const any = value as OtlpObject;
  if (typeof any.stringValue === 'string') return any.stringValue;
  if (typeof any.boolValue === 'boolean') return any.boolValue;
  if (any.intValue !== undefined) return toFiniteNumber(any.intValue);
  if (any.doubleValue !== undefined) return toFiniteNumber(any.doubleValue);
  return undefined;
}

function toFiniteNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** A trace or span id as lower-case hex; undefined when absent, malformed or all zeros. */
export function toHexId(value: unknown, hexLength: number): string | undefined {
  let hex: string | undefined;
  if (typeof value === 'string') hex = value.toLowerCase();
  else if (value instanceof Uint8Array) hex = Buffer.from(value).toString('hex');
  if (hex === undefined || hex.length !== hexLength || !/^[0-9a-f]+$/.test(hex)) return undefined;
  return /^0+$/.test(hex) ? undefined : hex;
}

/** Unix nanoseconds (string or number) as HrTime; undefined when absent, zero or malformed. */
export function toHrTime(value: unknown): HrTime | undefined {
  let nanoseconds: bigint;
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) nanoseconds = BigInt(value);
  else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    nanoseconds = BigInt(value);
  } else if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    // Beyond 2^53 a JSON number has lost its last digits; milliseconds are still exact enough.
    nanoseconds = BigInt(Math.round(value / 1e6)) * 1_000_000n;
  } else return undefined;
  if (nanoseconds === 0n) return undefined;
  return [Number(nanoseconds / 1_000_000_000n), Number(nanoseconds % 1_000_000_000n)];
}
