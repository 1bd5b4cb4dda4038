import type { Attributes } from '@opentelemetry/api';

const keyCache = new WeakMap<Attributes, string>();

/** A canonical key for an attribute set (order-independent). */
export function attributesKey(attributes: Attributes): string {
  let key = keyCache.get(attributes);
  if (key !== undefined) return key;
  const names = Object.keys(attributes);
  if (names.length === 0) key = '';
  else {
    names.sort();
    key = JSON.stringify(names.map((n) => [n, attributes[n]]));
  }
  keyCache.set(attributes, key);
  return key;
}
