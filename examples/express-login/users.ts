import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** A stored account: the password only as a salted scrypt hash. */
export interface StoredUser {
  username: string;
  salt: Buffer;
  passwordHash: Buffer;
}

const KEY_LENGTH = 32;

/** Hashes a password with scrypt and a fresh random salt. */
export function hashPassword(username: string, password: string): StoredUser {
  const salt = randomBytes(16);
  return { username, salt, passwordHash: scryptSync(password, salt, KEY_LENGTH) };
}

/** Checks a password against a stored account in constant time. */
export function passwordMatches(user: StoredUser, password: string): boolean {
  const attempt = scryptSync(password, user.salt, KEY_LENGTH);
  return timingSafeEqual(attempt, user.passwordHash);
}

/** The demo's accounts. Their passwords are printed by the demo so you can try them. */
export const DEMO_PASSWORDS: Readonly<Record<string, string>> = {
  alice: 'correct horse battery staple',
  bob: 'hunter2-but-longer',
  carol: 'open sesame 42',
};

/** More accounts, with random passwords nobody knows: targets for the demo's attack. */
export const STAFF_ACCOUNTS: readonly string[] = Array.from(
  { length: 13 },
  (_, index) => `staff${index + 1}`,
);

/** Builds the user table with scrypt hashes of the demo passwords. */
export function createUserTable(): Map<string, StoredUser> {
  const users = new Map<string, StoredUser>();
  for (const [username, password] of Object.entries(DEMO_PASSWORDS)) {
    users.set(username, hashPassword(username, password));
  }
  for (const username of STAFF_ACCOUNTS) {
    users.set(username, hashPassword(username, randomBytes(18).toString('base64url')));
  }
  return users;
}
