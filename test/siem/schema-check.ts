import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from '../helpers/app-process';

const OCSF_FOLDER = join(REPO_ROOT, 'schema', 'ocsf');

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** Validators for the two OCSF 1.8 classes, compiled from the schema files in the repo. */
export function ocsfValidators(): {
  authentication: ValidateFunction;
  detectionFinding: ValidateFunction;
} {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  ajv.addSchema(readJson(join(OCSF_FOLDER, 'objects.json')));
  return {
    authentication: ajv.compile(readJson(join(OCSF_FOLDER, 'authentication.json'))),
    detectionFinding: ajv.compile(readJson(join(OCSF_FOLDER, 'detection_finding.json'))),
  };
}

/** Ajv's errors as one readable string. */
export function describeErrors(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors, null, 2);
}

interface EcsField {
  type: string;
  array?: boolean;
  allowed_values?: string[];
  expected_event_types?: Record<string, string[]>;
  custom?: boolean;
}

const ECS_FIELDS = (
  readJson(join(REPO_ROOT, 'schema', 'ecs', 'fields.json')) as {
    fields: Record<string, EcsField>;
  }
).fields;

/** The leaves of an ECS document as dotted field names; arrays are leaves. */
export function flattenEcs(document: object, prefix = ''): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  for (const [key, value] of Object.entries(document)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [leaf, leafValue] of flattenEcs(value as object, name))
        leaves.set(leaf, leafValue);
    } else {
      leaves.set(name, value);
    }
  }
  return leaves;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function fitsType(type: string, value: unknown): boolean {
  switch (type) {
    case 'keyword':
    case 'wildcard':
    case 'match_only_text':
      return typeof value === 'string';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) && !isNaN(Date.parse(value));
    case 'ip':
      return typeof value === 'string' && isIP(value) !== 0;
    case 'long':
      return Number.isSafeInteger(value);
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'flattened':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return false;
  }
}

/**
 * Every way an ECS document breaks the field definitions in `schema/ecs/fields.json`: an
 * undefined field, a value of the wrong type, an array where ECS expects one value or the
 * reverse, a value outside the allowed ones, or an `event.type` the category does not expect.
 */
export function ecsProblems(document: object): string[] {
  const problems: string[] = [];
  const leaves = flattenEcs(document);
  for (const [name, value] of leaves) {
    const field = ECS_FIELDS[name];
    if (field === undefined) {
      problems.push(`${name} is not defined`);
      continue;
    }
    if (Array.isArray(value) !== (field.array === true)) {
      problems.push(`${name} should ${field.array === true ? '' : 'not '}be an array`);
      continue;
    }
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (!fitsType(field.type, item))
        problems.push(`${name}: ${JSON.stringify(item)} is no ${field.type}`);
      if (field.allowed_values !== undefined && !field.allowed_values.includes(item as string)) {
        problems.push(`${name}: ${JSON.stringify(item)} is not an allowed value`);
      }
    }
  }

  const expected = ECS_FIELDS['event.category']?.expected_event_types ?? {};
  const categories = (leaves.get('event.category') as string[] | undefined) ?? [];
  const types = (leaves.get('event.type') as string[] | undefined) ?? [];
  for (const category of categories) {
    for (const type of types) {
      if (expected[category] !== undefined && !expected[category].includes(type)) {
        problems.push(`event.type ${type} is not expected with event.category ${category}`);
      }
    }
  }
  return problems;
}
