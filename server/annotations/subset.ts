/**
 * The `data` filter of `/annotations/list`: CDF matches annotations "that contain the data filter as a subset"
 * (OpenAPI `AnnotationsV2FilterSchema.data`), case-sensitively. Objects match key by key, recursively; any other value
 * (arrays included, since the spec gives no rule for partial arrays) must be equal.
 */
export function matchesSubset(value: unknown, filter: unknown): boolean {
  if (isPlainObject(filter)) {
    if (!isPlainObject(value)) return false;
    return Object.entries(filter).every(([key, expected]) => Object.hasOwn(value, key) && matchesSubset(value[key], expected));
  }
  if (Array.isArray(filter)) {
    return (
      Array.isArray(value) && value.length === filter.length && filter.every((expected, index) => deepEqual(value[index], expected))
    );
  }
  return Object.is(value, filter);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  return Object.is(a, b);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
