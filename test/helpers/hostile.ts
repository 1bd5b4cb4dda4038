/** Values that break code which formats, converts or reads what it was given. */
export function hostileValues(): { name: string; value: unknown }[] {
  const boom = (): never => {
    throw new Error('boom');
  };
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const revokedArray = Proxy.revocable([], {});
  revokedArray.revoke();
  const trapping = new Proxy({}, { get: boom, has: boom, ownKeys: boom, getPrototypeOf: boom, getOwnPropertyDescriptor: boom });
  const getters = Object.defineProperties({}, {
    then: { get: boom, enumerable: true },
    pattern: { get: boom, enumerable: true },
    hits: { get: boom, enumerable: true },
    users: { get: boom, enumerable: true },
    buffered: { get: boom, enumerable: true },
    active: { get: boom, enumerable: true },
    message: { get: boom, enumerable: true },
  });
  // The same without `then`, so that a promise resolves with it and its reader meets the getters.
  const fieldGetters = Object.defineProperties({}, {
    pattern: { get: boom, enumerable: true },
    hits: { get: boom, enumerable: true },
    users: { get: boom, enumerable: true },
    buffered: { get: boom, enumerable: true },
    active: { get: boom, enumerable: true },
  });
  const badError = new Error('x');
  Object.defineProperty(badError, 'message', { get: boom });
  const big = 'x'.repeat(1024 * 1024);
  return [
    { name: 'Object.create(null)', value: Object.create(null) },
    { name: 'throwing toString', value: { toString: boom } },
    { name: 'throwing valueOf', value: { valueOf: boom, toString: boom } },
    { name: 'throwing Symbol.toPrimitive', value: { [Symbol.toPrimitive]: boom } },
    { name: 'revoked proxy', value: revoked.proxy },
    { name: 'revoked array proxy', value: revokedArray.proxy },
    { name: 'proxy whose traps throw', value: trapping },
    { name: 'getters that throw', value: getters },
    { name: 'field getters that throw', value: fieldGetters },
    { name: 'an Error whose message getter throws', value: badError },
    { name: 'symbol', value: Symbol('s'.repeat(1000)) },
    { name: '1 MB string', value: big },
    { name: '1 MB string with a control character', value: `${big}\n` },
    { name: 'array of 1 000 000 elements', value: new Array(1_000_000).fill(1) },
    { name: '__proto__ key', value: JSON.parse('{"__proto__": {"x": 1}, "constructor": 1}') as unknown },
    { name: '"__proto__"', value: '__proto__' },
    { name: 'huge bigint', value: 10n ** 400n },
    { name: 'a function', value: boom },
    { name: 'a thenable that throws', value: { then: boom } },
  ];
}
