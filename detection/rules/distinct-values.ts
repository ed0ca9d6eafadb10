/**
 * The distinct values a window has counted: none, one (held as it is), or a Set from the second
 * on. Most windows see one event (a mistyped password), so most never allocate a Set.
 */
export type DistinctValues = undefined | string | Set<string>;

// A value is told from the Set by `instanceof`, not `typeof values === 'string'`: records read
// with JSON.parse (replay) may hold a number or an object where a string is typed.

/** How many distinct values are held. */
export function distinctSize(values: DistinctValues): number {
  if (values === undefined) return 0;
  return values instanceof Set ? values.size : 1;
}

/** The values with `value` added. */
export function withDistinct(values: DistinctValues, value: string): DistinctValues {
  if (values === undefined || values === value) return value;
  if (!(values instanceof Set)) return new Set([values, value]);
  values.add(value);
  return values;
}
