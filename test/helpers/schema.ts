import assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

// The repository root (tests run from build/test/helpers); not imported from app-process,
// which imports this file.
const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** The shipped schema files, read from the package's `schema/` folder. */
export const EVENT_SCHEMA_PATH = join(REPO_ROOT, 'schema', 'tcell-login-event.schema.json');
/** The JSON Lines record schema: the tCell event plus event_time, trace_id and span_id. */
export const RECORD_SCHEMA_PATH = join(REPO_ROOT, 'schema', 'tcell-event-record.schema.json');

let validators: { event: ValidateFunction; record: ValidateFunction } | undefined;

function compiled(): { event: ValidateFunction; record: ValidateFunction } {
  if (validators !== undefined) return validators;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  validators = {
    event: ajv.compile(JSON.parse(readFileSync(EVENT_SCHEMA_PATH, 'utf8'))),
    record: ajv.compile(JSON.parse(readFileSync(RECORD_SCHEMA_PATH, 'utf8'))),
  };
  return validators;
}

function check(validate: ValidateFunction, value: unknown, what: string): void {
  if (validate(value)) return;
  const errors = (validate.errors ?? [])
    .map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`)
    .join('; ');
  // The value is shown cut: fuzzed values can be megabytes long.
  assert.fail(
    `${what} does not match its schema: ${errors}\n${JSON.stringify(value).slice(0, 2000)}`,
  );
}

/** Fails the test unless `record` is a valid JSON Lines record (tCell event + extension keys). */
export function assertValidRecord(record: unknown): void {
  check(compiled().record, record, 'JSONL record');
}

/** Fails the test unless `event` is a valid bare tCell login event (no extension keys). */
export function assertValidEvent(event: unknown): void {
  check(compiled().event, event, 'tCell login event');
}
