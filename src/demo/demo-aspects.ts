/** The envelope aspects the demo node publishes, with the share of envelopes each gets. */
export const DEMO_ASPECTS: readonly { readonly aspect: string; readonly share: number }[] = Object.freeze([
  Object.freeze({ aspect: 'chat', share: 0.4 }),
  Object.freeze({ aspect: 'typing', share: 0.25 }),
  Object.freeze({ aspect: 'receipt', share: 0.18 }),
  Object.freeze({ aspect: 'reaction', share: 0.1 }),
  Object.freeze({ aspect: 'system', share: 0.07 }),
]);
