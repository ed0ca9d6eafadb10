import type { TcellEventRecord } from '../../exporters/tcell-event';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Syslog time (`Mar  1 12:00:00`) or ISO time, host, then an sshd (or sshd-session) message. */
const LINE =
  /^(?:([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})|(\d{4}-\d{2}-\d{2}T\S+)) \S+ sshd(?:-session)?\[\d+\]: (.*)$/;
const REPEATED = /^message repeated (\d+) times: \[ ?(.*?) ?\]$/;
const FAILED = /^Failed password for (invalid user )?(.*?) from (\S+) port \d+/;
const ACCEPTED = /^Accepted \S+ for (.*?) from (\S+) port \d+/;

/**
 * Reads OpenSSH authentication log lines as login events. "Failed password for [invalid user]
 * NAME from IP port N" becomes a failure (`user_valid: false` for an invalid user, else true);
 * "Accepted METHOD for NAME from IP port N" a success. Other lines give nothing.
 *
 * Syslog times have no year and no zone: they are read as UTC, in `year` (the current UTC year
 * unless given), and the year goes up by one each time the month goes back (December to
 * January), so a log that spans New Year stays in order.
 */
export class SshdLogReader {
  private year: number;
  private lastMonth = -1;

  constructor(year: number = new Date().getUTCFullYear()) {
    this.year = year;
  }

  /** The events of one line: none, one, or several for "message repeated N times". */
  read(line: string): TcellEventRecord[] {
    const parts = LINE.exec(line);
    if (parts === null) return [];
    const time = parts[6] !== undefined ? isoTime(parts[6]) : this.syslogTime(parts);
    if (time === undefined) return [];

    let message = parts[7];
    let repeat = 1;
    const repeated = REPEATED.exec(message);
    if (repeated !== null) {
      repeat = Math.min(Number(repeated[1]), 1000);
      message = repeated[2];
    }
    const event = toEvent(message, time);
    if (event === undefined) return [];
    const events: TcellEventRecord[] = [];
    for (let index = 0; index < repeat; index++) events.push({ ...event });
    return events;
  }

  private syslogTime(parts: RegExpExecArray): string | undefined {
    const month = MONTHS.indexOf(parts[1]);
    if (month === -1) return undefined;
    if (this.lastMonth !== -1 && month < this.lastMonth) this.year += 1;
    this.lastMonth = month;
    const time = Date.UTC(
      this.year,
      month,
      Number(parts[2]),
      Number(parts[3]),
      Number(parts[4]),
      Number(parts[5]),
    );
    return new Date(time).toISOString();
  }
}

function isoTime(text: string): string | undefined {
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function toEvent(message: string, eventTime: string): TcellEventRecord | undefined {
  const failed = FAILED.exec(message);
  if (failed !== null) {
    return {
      event_type: 'login',
      event_name: 'login-failure',
      user_id: failed[2],
      user_valid: failed[1] === undefined,
      remote_addr: failed[3],
      event_time: eventTime,
    };
  }
  const accepted = ACCEPTED.exec(message);
  if (accepted === null) return undefined;
  return {
    event_type: 'login',
    event_name: 'login-success',
    user_id: accepted[1],
    user_valid: true,
    remote_addr: accepted[2],
    event_time: eventTime,
  };
}
