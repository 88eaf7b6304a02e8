import { clamp01, type Factor } from './factor';

/** Venue category risk: dark pools, OTC and crypto platforms carry more than lit exchanges. */
export const venueFactor: Factor = {
  name: 'venue',
  read({ config, venueCategory }) {
    const signal = clamp01(config.venueSignal[venueCategory]);
    if (venueCategory === 'DARK_POOL') return { input: venueCategory, signal, flag: 'DARK_VENUE' };
    if (venueCategory === 'UNKNOWN') return { input: venueCategory, signal, flag: 'UNKNOWN_VENUE' };
    return { input: venueCategory, signal };
  },
  describe({ event, venueCategory }) {
    return venueCategory === 'UNKNOWN'
      ? `venue ${event.venue} is not in the reference data`
      : `venue ${event.venue} is a ${venueCategory.toLowerCase().replace('_', ' ')} venue`;
  },
};
