import type { Factor } from './factor';

/** The account's prior alerts, saturating: 1 - exp(-alerts / historyScale). */
export const historyFactor: Factor = {
  name: 'history',
  read({ context, config }) {
    const prior = context.priorAlerts;
    if (prior === undefined || !Number.isFinite(prior) || prior <= 0) return { input: prior ?? null, signal: 0 };
    const signal = 1 - Math.exp(-prior / config.historyScale);
    return prior >= config.repeatOffenderAlerts ? { input: prior, signal, flag: 'REPEAT_OFFENDER' } : { input: prior, signal };
  },
  describe(_input, { input }) {
    if (input === null) return 'no account history supplied';
    if (typeof input !== 'number' || input <= 0) return 'no prior alerts';
    return `${input} prior alert${input === 1 ? '' : 's'} on the account`;
  },
};
