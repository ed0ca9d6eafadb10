import type { TcellEventRecord } from '../exporters/tcell-event';
import type { AlertExample } from './types';

/** A login event as the rules read it: the record plus its parsed time and outcome. */
export interface ObservedLogin {
  record: TcellEventRecord;
  /** Event time in milliseconds since the epoch. */
  time: number;
  failed: boolean;
  /** Client fingerprint, or undefined when the event carries no client details. */
  fingerprint: string | undefined;
  /** The event as alerts show it, made by `exampleOf` when a rule first needs it. */
  example: AlertExample | undefined;
}

/**
 * The event as alerts show it (`toAlertExample`), made once per event: the rules that count a
 * failure all keep an example of it, and share this one.
 */
export function exampleOf(login: ObservedLogin): AlertExample {
  return (login.example ??= toAlertExample(login.record));
}

/**
 * The fields of a record the detector (its rules, fingerprints and alert examples) and the
 * replay summary read. A replay makes only these from each line; a rule that reads another
 * field must add it here, or a replay would not see it.
 */
export const DETECTION_FIELDS: readonly (keyof TcellEventRecord)[] = [
  'event_name',
  'event_time',
  'user_id',
  'user_valid',
  'remote_addr',
  'password_id',
  'password_spray_id',
  'header_keys',
  'user_agent',
];

/** The secret-free part of an event that an alert shows. */
export function toAlertExample(record: TcellEventRecord): AlertExample {
  const example: AlertExample = { event_time: record.event_time, event_name: record.event_name };
  if (record.user_id !== undefined) example.user_id = record.user_id;
  if (record.user_valid !== undefined) example.user_valid = record.user_valid;
  if (record.remote_addr !== undefined) example.remote_addr = record.remote_addr;
  if (record.password_id !== undefined) example.password_id = record.password_id;
  if (record.user_agent !== undefined) example.user_agent = record.user_agent;
  return example;
}

/**
 * The event time of a login event in milliseconds, or undefined when the record is not a login
 * success or failure with a readable `event_time`.
 */
export function loginTime(record: TcellEventRecord): number | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const name = record.event_name;
  if (name !== 'login-failure' && name !== 'login-success') return undefined;
  if (typeof record.event_time !== 'string') return undefined;
  const time = parseEventTime(record.event_time);
  return Number.isNaN(time) ? undefined : time;
}

/** The last date `parseEventTime` read, and its midnight in milliseconds (UTC). */
let lastDate = { year: -1, month: -1, day: -1, midnight: 0 };

/**
 * Parses an event time. The exporter's form, `YYYY-MM-DDTHH:MM:SS.mmmZ`, is read digit by digit
 * (replay spends a good part of its time here otherwise), and the midnight of its date is kept
 * for the next event, mostly of the same day; any other form goes to Date.parse.
 */
export function parseEventTime(text: string): number {
  if (text.length !== 24 || text.charCodeAt(23) !== 90 || text.charCodeAt(10) !== 84) {
    return Date.parse(text);
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hours = digits(text, 11, 2);
  const minutes = digits(text, 14, 2);
  const seconds = digits(text, 17, 2);
  const milliseconds = digits(text, 20, 3);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hours > 23 ||
    minutes > 59 ||
    seconds > 59
  ) {
    return Date.parse(text);
  }
  if (year !== lastDate.year || month !== lastDate.month || day !== lastDate.day) {
    lastDate = { year, month, day, midnight: Date.UTC(year, month - 1, day) };
  }
  // NaN digits (and a NaN midnight) make a NaN time: Date.parse decides those.
  const time = lastDate.midnight + ((hours * 60 + minutes) * 60 + seconds) * 1000 + milliseconds;
  return Number.isNaN(time) ? Date.parse(text) : time;
}

/** The number written by `count` digits of `text` from `from`, or NaN. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let index = from; index < from + count; index++) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) return Number.NaN;
    value = value * 10 + code;
  }
  return value;
}
