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
}

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
  const time = Date.parse(record.event_time);
  return Number.isNaN(time) ? undefined : time;
}
