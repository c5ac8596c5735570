/**
 * A bounded cache for pure functions of one string key: luxon parses and resolves zones in tens of microseconds,
 * and rendering asks the same few hundred days and instants again and again (a reminder batch, a simulated year).
 * Cleared when full, so memory stays bounded whatever the keys.
 */
export function memoize<V>(fn: (key: string) => V, max = 10_000): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    const known = cache.get(key);
    if (known !== undefined || cache.has(key)) return known as V;
    const value = fn(key);
    if (cache.size >= max) cache.clear();
    cache.set(key, value);
    return value;
  };
}
