import type { ConfigProblem } from './config';

/** Longest part of a wrong value quoted back in a configuration problem. */
const QUOTED_VALUE_LENGTH = 40;

/**
 * Reads a whole number greater than zero (a size, a count, a time in the unit the name says)
 * from an environment variable. Unset or blank gives `fallback`. Anything else that is not
 * plain decimal digits, or is zero or past `Number.MAX_SAFE_INTEGER`, adds one problem that
 * names the variable, what is wrong with the value and what is expected, and gives `fallback`;
 * a caller that got problems keeps the hooks off.
 */
export function readPositiveInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  problems: ConfigProblem[],
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;

  const text = raw.trim();
  const value = Number(text);
  let problem: string | undefined;
  if (/^-\d+(\.\d+)?$/.test(text)) problem = 'is negative';
  else if (!/^\d+$/.test(text)) problem = 'is not a whole number';
  else if (value === 0) problem = 'is zero';
  else if (!Number.isSafeInteger(value) || value > max) problem = 'is too large';
  if (problem === undefined) return value;

  const range = max === Number.MAX_SAFE_INTEGER ? 'greater than 0' : `from 1 to ${max}`;
  problems.push({
    variable: name,
    message: `${quoteConfigValue(raw)} ${problem}; expected a whole number ${range}`,
  });
  return fallback;
}

/** The longest delay a Node timer takes (about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A configuration value quoted for a problem message: JSON-escaped and cut. */
export function quoteConfigValue(value: string): string {
  const shown =
    value.length > QUOTED_VALUE_LENGTH ? `${value.slice(0, QUOTED_VALUE_LENGTH)}...` : value;
  return JSON.stringify(shown);
}
