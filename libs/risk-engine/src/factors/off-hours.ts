import { isInRegularSession } from '@surv/domain';
import type { Factor } from './factor';

/** Trading outside the venue's regular session, in the venue's own time zone. Unknown sessions read 0. */
export const offHoursFactor: Factor = {
  name: 'offHours',
  read({ event, eventTimeMs }) {
    const inSession = isInRegularSession(event.venue, eventTimeMs);
    if (inSession === undefined) return { input: null, signal: 0 };
    return inSession ? { input: false, signal: 0 } : { input: true, signal: 1, flag: 'OFF_HOURS' };
  },
  describe({ event }, { input }) {
    if (input === null) return `venue ${event.venue} has no regular session to compare with`;
    return input ? `outside ${event.venue}'s regular session` : `inside ${event.venue}'s regular session`;
  },
};
