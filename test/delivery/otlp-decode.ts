import protobuf from 'protobufjs';
import type { OtlpPost } from './otlp-test-server';

/**
 * The few OTLP messages and fields the tests read, written from the OTLP .proto files' field
 * numbers; protobufjs skips every field not named here.
 */
const OTLP_PROTO = `
syntax = "proto3";
package testotlp;
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { repeated ScopeSpans scope_spans = 2; }
message ScopeSpans { repeated Span spans = 2; }
message Span { bytes trace_id = 1; bytes span_id = 2; string name = 5; repeated Event events = 11; }
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
message ResourceLogs { repeated ScopeLogs scope_logs = 2; }
message ScopeLogs { repeated LogRecord log_records = 2; }
message LogRecord {
  fixed64 time_unix_nano = 1; int32 severity_number = 2; string severity_text = 3;
  repeated KeyValue attributes = 6; bytes trace_id = 9; bytes span_id = 10; string event_name = 12;
}
`;

const root = protobuf.parse(OTLP_PROTO).root;

interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
}
interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}
interface OtlpIds {
  traceId?: string;
  spanId?: string;
}
interface OtlpTraceRequest {
  resourceSpans?: Array<{
    scopeSpans?: Array<{
      spans?: Array<OtlpIds & { events?: Array<{ name: string; attributes?: OtlpKeyValue[] }> }>;
    }>;
  }>;
}
interface OtlpLogsRequest {
  resourceLogs?: Array<{
    scopeLogs?: Array<{
      logRecords?: Array<OtlpIds & { eventName?: string; attributes?: OtlpKeyValue[] }>;
    }>;
  }>;
}

/** A span event or a log record, reduced to what the tests compare. */
export interface LoginCarrier {
  traceId: string;
  spanId: string;
  /** Span events: the event name; log records: the event name of the record. */
  name: string;
  attributes: Record<string, unknown>;
}

/** Every span event in the `/v1/traces` posts, JSON or protobuf. */
export function spanEventsOf(posts: readonly OtlpPost[]): LoginCarrier[] {
  const carriers: LoginCarrier[] = [];
  for (const post of posts.filter((each) => each.path === '/v1/traces')) {
    const request = decode<OtlpTraceRequest>(post, 'ExportTraceServiceRequest');
    for (const resource of request.resourceSpans ?? []) {
      for (const scope of resource.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          for (const event of span.events ?? []) {
            carriers.push({
              traceId: idHex(span.traceId, post),
              spanId: idHex(span.spanId, post),
              name: event.name,
              attributes: attributesOf(event.attributes),
            });
          }
        }
      }
    }
  }
  return carriers;
}

/** Every log record in the `/v1/logs` posts, JSON or protobuf. */
export function logRecordsOf(posts: readonly OtlpPost[]): LoginCarrier[] {
  const carriers: LoginCarrier[] = [];
  for (const post of posts.filter((each) => each.path === '/v1/logs')) {
    const request = decode<OtlpLogsRequest>(post, 'ExportLogsServiceRequest');
    for (const resource of request.resourceLogs ?? []) {
      for (const scope of resource.scopeLogs ?? []) {
        for (const record of scope.logRecords ?? []) {
          carriers.push({
            traceId: idHex(record.traceId, post),
            spanId: idHex(record.spanId, post),
            name: record.eventName ?? '',
            attributes: attributesOf(record.attributes),
          });
        }
      }
    }
  }
  return carriers;
}

function decode<T>(post: OtlpPost, type: string): T {
  if (post.contentType.includes('json')) return JSON.parse(post.body.toString('utf8')) as T;
  assert(post.contentType.includes('protobuf'), `unexpected content type ${post.contentType}`);
  const message = root.lookupType(`testotlp.${type}`);
  return message.toObject(message.decode(post.body), { longs: String, bytes: String }) as T;
}

/** OTLP/JSON carries ids as hex, protobuf as bytes (base64 after toObject). */
function idHex(id: string | undefined, post: OtlpPost): string {
  if (id === undefined) return '';
  return post.contentType.includes('json') ? id : Buffer.from(id, 'base64').toString('hex');
}

function attributesOf(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) attributes[key] = anyValue(value);
  return attributes;
}

function anyValue(value: OtlpAnyValue | undefined): unknown {
  if (value === undefined || value === null) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(anyValue);
  return undefined;
}

function assert(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}
