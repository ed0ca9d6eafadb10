/**
 * The distinct values a window has counted: none, one (held as it is), or a Set from the second
 * on. Most windows see one event (a mistyped password), so most never allocate a Set.
 */
export type DistinctValues = undefined | string | Set<string>;

/** How many distinct values are held. */
export function distinctSize(values: DistinctValues): number {
  if (values === undefined) return 0;
  return typeof values === 'string' ? 1 : values.size;
}

/** The values with `value` added. */
export function withDistinct(values: DistinctValues, value: string): DistinctValues {
  if (values === undefined || values === value) return value;
  if (typeof values === 'string') return new Set([values, value]);
  values.add(value);
  return values;
}
