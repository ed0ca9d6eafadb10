/**
 * A seeded generator of login traffic: a day of ordinary logins (typos included) and, when
 * asked, planted attacks of each kind with their ground truth. Used by the detection tests and
 * the replay benchmark. Hashes are computed here with node:crypto, not with the code under test.
 */
import { createHash, createHmac } from 'node:crypto';
import type { TcellEventRecord } from '../../exporters/tcell-event';

/** What to generate. */
export interface TrafficOptions {
  seed: number;
  /** Number of ordinary users; each logs in one to three times in the day. */
  users: number;
  /** Plant the attacks. */
  attacks: boolean;
  /** Start of the day, milliseconds since the epoch; default 2024-03-01T00:00:00Z. */
  dayStart?: number;
}

/** One planted attack: the rule that must fire and the key the alert must carry. */
export interface PlantedAttack {
  rule: string;
  key: Record<string, string>;
  description: string;
}

/** Generated traffic: events in time order, and the planted attacks. */
export interface Traffic {
  events: TcellEventRecord[];
  attacks: PlantedAttack[];
}

/** A client program: its header order (tCell form) and User-Agent. */
export interface ClientProfile {
  headerKeys: string[];
  userAgent: string;
}

const CHROME_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/124.0.0.0 Safari/537.36';

/** Browsers of ordinary users, most common first. */
export const BROWSERS: ClientProfile[] = [
  {
    headerKeys: [
      'HOST',
      'CONNECTION',
      'CONTENT_LENGTH',
      'CACHE_CONTROL',
      'SEC_CH_UA',
      'ORIGIN',
      'CONTENT_TYPE',
      'USER_AGENT',
      'ACCEPT',
      'REFERER',
      'ACCEPT_ENCODING',
      'ACCEPT_LANGUAGE',
      'COOKIE',
    ],
    userAgent: CHROME_UA,
  },
  {
    headerKeys: [
      'HOST',
      'USER_AGENT',
      'ACCEPT',
      'ACCEPT_LANGUAGE',
      'ACCEPT_ENCODING',
      'CONTENT_TYPE',
      'CONTENT_LENGTH',
      'ORIGIN',
      'CONNECTION',
      'REFERER',
      'COOKIE',
    ],
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  },
  {
    headerKeys: [
      'HOST',
      'CONTENT_TYPE',
      'ORIGIN',
      'ACCEPT_ENCODING',
      'COOKIE',
      'CONNECTION',
      'ACCEPT',
      'USER_AGENT',
      'REFERER',
      'CONTENT_LENGTH',
      'ACCEPT_LANGUAGE',
    ],
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 ' +
      '(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  },
  {
    headerKeys: [
      'HOST',
      'CONNECTION',
      'CONTENT_LENGTH',
      'SEC_CH_UA',
      'ORIGIN',
      'CONTENT_TYPE',
      'USER_AGENT',
      'ACCEPT',
      'REFERER',
      'ACCEPT_ENCODING',
      'ACCEPT_LANGUAGE',
    ],
    userAgent: `${CHROME_UA} Edg/124.0.0.0`,
  },
];

/** The attack script of the distributed run: its own header order behind a browser's UA. */
export const ATTACK_SCRIPT: ClientProfile = {
  headerKeys: [
    'HOST',
    'USER_AGENT',
    'ACCEPT_ENCODING',
    'ACCEPT',
    'CONNECTION',
    'CONTENT_LENGTH',
    'CONTENT_TYPE',
  ],
  userAgent: CHROME_UA,
};

const APP_ID = 'traffic-app';
const PASSWORD_KEY = 'traffic-password-key';

/** Our client fingerprint scheme, computed independently of detection/fingerprint.ts. */
export function expectedFingerprint(profile: ClientProfile): string {
  const material = `tcell-hooks client fingerprint v1\n${profile.headerKeys.join(',')}\n${profile.userAgent}`;
  return `cf1_${createHash('sha256').update(material).digest('hex').slice(0, 16)}`;
}

/** The tCell password fingerprint, user id included. */
function passwordId(password: string, userId: string | undefined): string {
  const message =
    userId === undefined ? `${APP_ID}:${password}` : `${APP_ID}:${password}:${userId}`;
  return createHmac('sha256', PASSWORD_KEY).update(message).digest('hex').slice(0, 8);
}

/** mulberry32: a small seeded generator, so every run makes the same traffic. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generates a day of traffic. */
export function generateTraffic(options: TrafficOptions): Traffic {
  const random = seededRandom(options.seed);
  const dayStart = options.dayStart ?? Date.UTC(2024, 2, 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const hex = (length: number): string => {
    let text = '';
    while (text.length < length)
      text += Math.floor(random() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return text.slice(0, length);
  };
  const publicIp = (): string =>
    `${11 + Math.floor(random() * 180)}.${Math.floor(random() * 256)}.` +
    `${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;
  const events: TcellEventRecord[] = [];
  const emit = (
    time: number,
    success: boolean,
    userId: string,
    userValid: boolean,
    address: string,
    client: ClientProfile,
    password: string,
  ): TcellEventRecord => {
    const record: TcellEventRecord = {
      event_type: 'login',
      event_name: success ? 'login-success' : 'login-failure',
      user_id: userId,
      user_valid: userValid,
      session: hex(32),
      user_agent: client.userAgent,
      remote_addr: address,
      header_keys: client.headerKeys,
      document_uri: '/login',
      password_id: passwordId(password, userId),
      event_time: new Date(time).toISOString(),
    };
    events.push(record);
    return record;
  };

  const offices = Array.from({ length: Math.max(4, Math.ceil(options.users / 75)) }, publicIp);
  const userName = (index: number): string => `user${index}@example.com`;
  for (let index = 0; index < options.users; index++) {
    const name = userName(index);
    const password = `pw-${index}-${hex(6)}`;
    const address = random() < 0.15 ? pick(offices) : publicIp();
    const browser =
      BROWSERS[Math.min(BROWSERS.length - 1, Math.floor(random() ** 1.6 * BROWSERS.length))];
    const sessions = 1 + Math.floor(random() * 3);
    for (let session = 0; session < sessions; session++) {
      // Daytime is busier: the hour is drawn from a bump centred on 14:00.
      const hour = Math.min(23.99, Math.max(0, 14 + (random() + random() + random() - 1.5) * 9));
      let time = dayStart + Math.floor(hour * 3_600_000);
      const step = (): number => (time += 4000 + Math.floor(random() * 25_000));
      if (random() < 0.02) {
        // A typo in the user name: an account that does not exist.
        emit(time, false, name.replace('@', '.@'), false, address, browser, password);
        step();
      }
      const roll = random();
      const typos = roll < 0.03 ? 2 + Math.floor(random() * 2) : roll < 0.13 ? 1 : 0;
      for (let typo = 0; typo < typos; typo++) {
        emit(time, false, name, true, address, browser, `${password}${hex(2)}`);
        step();
      }
      if (random() < 0.005) continue; // gave up
      emit(time, true, name, true, address, browser, password);
    }
  }

  const attacks: PlantedAttack[] = [];
  if (options.attacks) plantAttacks(dayStart, options.users, random, emit, attacks, userName);
  events.sort((left, right) =>
    left.event_time < right.event_time ? -1 : left.event_time > right.event_time ? 1 : 0,
  );
  return { events, attacks };
}

type Emit = (
  time: number,
  success: boolean,
  userId: string,
  userValid: boolean,
  address: string,
  client: ClientProfile,
  password: string,
) => TcellEventRecord;

const SCRIPT_CLIENT: ClientProfile = {
  headerKeys: ['HOST', 'USER_AGENT', 'ACCEPT', 'CONTENT_LENGTH', 'CONTENT_TYPE'],
  userAgent: 'curl/8.5.0',
};

function plantAttacks(
  dayStart: number,
  users: number,
  random: () => number,
  emit: Emit,
  attacks: PlantedAttack[],
  userName: (index: number) => string,
): void {
  const hour = 3_600_000;
  const account = (): string => userName(Math.floor(random() * users));

  // Brute force: one IP, 60 passwords against one account in 10 minutes.
  const bruteVictim = userName(17 % users);
  for (let attempt = 0; attempt < 60; attempt++) {
    emit(
      dayStart + 2 * hour + attempt * 10_000,
      false,
      bruteVictim,
      true,
      '203.0.113.10',
      SCRIPT_CLIENT,
      `guess-${attempt}`,
    );
  }
  attacks.push({ rule: 'brute-force', key: { user_id: bruteVictim }, description: '60 guesses' });

  // Credential stuffing from one IP: 80 leaked pairs, one try each; pair 60 works.
  const stuffingIp = '203.0.113.20';
  let stuffingVictim = '';
  for (let attempt = 0; attempt < 80; attempt++) {
    const time = dayStart + 4 * hour + attempt * 15_000;
    if (attempt === 60) {
      stuffingVictim = userName(23 % users);
      emit(time, true, stuffingVictim, true, stuffingIp, SCRIPT_CLIENT, `leaked-${attempt}`);
    } else if (attempt % 10 === 3) {
      emit(time, false, `gone${attempt}@example.com`, false, stuffingIp, SCRIPT_CLIENT, 'leaked');
    } else {
      emit(time, false, account(), true, stuffingIp, SCRIPT_CLIENT, `leaked-${attempt}`);
    }
  }
  attacks.push({
    rule: 'credential-stuffing',
    key: { remote_addr: stuffingIp },
    description: '80 pairs',
  });
  attacks.push({
    rule: 'takeover-suspected',
    key: { user_id: stuffingVictim, remote_addr: stuffingIp },
    description: 'a leaked pair works, from the stuffing IP',
  });

  // Distributed credential stuffing: 40 IPs, one script, 200 accounts in 8 minutes.
  for (let attempt = 0; attempt < 200; attempt++) {
    const address = `198.51.100.${1 + (attempt % 40)}`;
    emit(
      dayStart + 9 * hour + attempt * 2400,
      false,
      account(),
      true,
      address,
      ATTACK_SCRIPT,
      `leaked-d${attempt}`,
    );
  }
  attacks.push({
    rule: 'distributed-credential-stuffing',
    key: { client_fingerprint: expectedFingerprint(ATTACK_SCRIPT) },
    description: '200 accounts from 40 IPs',
  });

  // Password spraying: one password on 25 accounts from 5 IPs in 30 minutes. The fingerprint
  // is made without the user id, as tCell does when the user id is not known when hashing.
  const sprayedId = passwordId('Spring2024!', undefined);
  for (let attempt = 0; attempt < 25; attempt++) {
    const address = `192.0.2.${50 + (attempt % 5)}`;
    const time = dayStart + 13 * hour + attempt * 72_000;
    emit(time, false, account(), true, address, BROWSERS[1], 'unused').password_id = sprayedId;
  }
  attacks.push({ rule: 'password-spraying', key: { password_id: sprayedId }, description: '25' });

  // Account enumeration: one IP, 40 made-up accounts in 15 minutes.
  for (let attempt = 0; attempt < 40; attempt++) {
    emit(
      dayStart + 16 * hour + attempt * 22_000,
      false,
      `probe${attempt}@example.com`,
      false,
      '203.0.113.40',
      SCRIPT_CLIENT,
      'probe',
    );
  }
  attacks.push({
    rule: 'account-enumeration',
    key: { remote_addr: '203.0.113.40' },
    description: '40',
  });

  // Takeover after a run: 8 failures then a success on one account, one IP.
  const runVictim = userName(42 % users);
  for (let attempt = 0; attempt < 8; attempt++) {
    emit(
      dayStart + 19 * hour + attempt * 20_000,
      false,
      runVictim,
      true,
      '203.0.113.50',
      SCRIPT_CLIENT,
      `run-${attempt}`,
    );
  }
  emit(
    dayStart + 19 * hour + 8 * 20_000,
    true,
    runVictim,
    true,
    '203.0.113.50',
    SCRIPT_CLIENT,
    'found',
  );
  attacks.push({
    rule: 'takeover-suspected',
    key: { user_id: runVictim, remote_addr: '203.0.113.50' },
    description: '8 failures then a success',
  });
}
