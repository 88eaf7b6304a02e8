import type { Factor } from './factor';

/** A trade whose two sides share a beneficial owner: no change in beneficial ownership (wash). */
export const selfMatchFactor: Factor = {
  name: 'selfMatch',
  read({ event }) {
    if (event.event_type !== 'TRADE' || event.counterparty_beneficial_owner === undefined) return { input: null, signal: 0 };
    return event.counterparty_beneficial_owner === event.beneficial_owner
      ? { input: true, signal: 1, flag: 'SELF_MATCH' }
      : { input: false, signal: 0 };
  },
  describe({ event }, { input }) {
    if (input === null) return 'not a trade with a known counterparty owner';
    return input ? `both sides owned by ${event.beneficial_owner}` : 'counterparty has a different beneficial owner';
  },
};
