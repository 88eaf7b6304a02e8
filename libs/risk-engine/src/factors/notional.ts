import { clamp01, type Factor, type FactorInput } from './factor';

const typicalOf = ({ context, config }: FactorInput): number =>
  context.typicalNotional !== undefined && context.typicalNotional > 0 ? context.typicalNotional : config.defaultTypicalNotional;

/**
 * Notional size against the symbol's typical notional, on a log scale: the typical size reads 0,
 * `largeNotionalRatio` times typical reads 1. Very large absolute notionals are LARGE on any symbol.
 */
export const notionalFactor: Factor = {
  name: 'notional',
  read(input) {
    const { event, config } = input;
    const notional = event.price * event.quantity;
    const ratio = notional / typicalOf(input);
    const relative = ratio <= 1 ? 0 : clamp01(Math.log(ratio) / Math.log(config.largeNotionalRatio));
    const absolute = notional >= config.largeNotionalAbsolute;
    const large = absolute || ratio >= config.largeNotionalRatio;
    return large ? { input: ratio, signal: absolute ? 1 : relative, flag: 'LARGE_NOTIONAL' } : { input: ratio, signal: relative };
  },
  describe(input, reading) {
    const notional = input.event.price * input.event.quantity;
    return `notional ${notional.toFixed(2)} is ${(reading.input as number).toFixed(2)}x the typical ${typicalOf(input).toFixed(2)}`;
  },
};
