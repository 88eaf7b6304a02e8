import { cumulate, type Prng } from './prng';

/** One tradable instrument and where it trades. */
export interface SymbolSpec {
  readonly symbol: string;
  /** MICs it trades on; the first is the primary (lit) venue. */
  readonly venues: readonly string[];
  /** Running sums of the venue weights (for drawing a venue). */
  readonly venueCumulative: readonly number[];
  readonly startPrice: number;
  readonly tick: number;
  /** Quantity increment (100 shares, 0.0001 coins...). */
  readonly lot: number;
  /** The symbol's usual order size. */
  readonly typicalSize: number;
  /** Standard deviation of the relative quote noise around the fair price. */
  readonly volatility: number;
  /** Standard deviation of the relative fair-price move per minute. */
  readonly minuteVolatility: number;
  readonly crypto: boolean;
}

/** An account, the trader who operates it, and the beneficial owner it belongs to. */
export interface AccountSpec {
  readonly account_id: string;
  readonly trader_id: string;
  readonly beneficial_owner: string;
}

export interface Universe {
  readonly symbols: readonly SymbolSpec[];
  /** Running sums of symbol activity weights (a few symbols are much busier). */
  readonly symbolCumulative: readonly number[];
  readonly accounts: readonly AccountSpec[];
  /** Running sums of account activity weights. */
  readonly accountCumulative: readonly number[];
  /** Makes new accounts (with a new owner) for scenarios, numbered after the background ones. */
  newAccount(owner?: string): AccountSpec;
}

const US_LIT = ['XNAS', 'XNYS', 'ARCX', 'BATS', 'EDGX', 'IEXG', 'MEMX'];
const US_DARK = ['UBSA', 'SGMA', 'JPMX', 'MSPL', 'LEVL'];
const US_OTC = ['XOFF', 'XADF'];
const EU_LIT = ['XLON', 'CHIX', 'BATE', 'TRQX', 'AQXE'];
const EU_DARK = ['CHID', 'BATD', 'TRQM'];
const CRYPTO = ['COIN', 'KRKN', 'BSTP', 'GMNI', 'LMAX'];
const CRYPTO_NAMES = ['BTC-USD', 'ETH-USD', 'SOL-USD', 'XRP-USD', 'ADA-USD', 'DOGE-USD', 'LTC-USD', 'AVAX-USD'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

const makeTicker = (rng: Prng, taken: Set<string>): string => {
  for (;;) {
    const len = rng.int(3, 4);
    let name = '';
    for (let i = 0; i < len; i++) name += LETTERS[rng.int(0, 25)];
    if (!taken.has(name)) return name;
  }
};

const equity = (rng: Prng, symbol: string, european: boolean): SymbolSpec => {
  const lit = european ? EU_LIT : US_LIT;
  const dark = european ? EU_DARK : US_DARK;
  const primary = rng.pick(european ? ['XLON'] : ['XNAS', 'XNYS']);
  const others = lit.filter((m) => m !== primary);
  const alt = [rng.pick(others), rng.pick(others)].filter((m, i, a) => a.indexOf(m) === i);
  const darkPool = rng.pick(dark);
  const venues = [primary, ...alt, darkPool, ...(european ? [] : [rng.pick(US_OTC)])];
  // Mostly lit: primary ~55%, alternates ~30%, dark ~12%, OTC ~3%.
  const weights = [55, ...alt.map(() => 30 / alt.length), 12, ...(european ? [] : [3])];
  const startPrice = Math.round(Math.exp(rng.float(Math.log(5), Math.log(800))) * 100) / 100;
  const lot = 100;
  return {
    symbol, venues, venueCumulative: cumulate(weights), startPrice, tick: 0.01, lot,
    typicalSize: lot * rng.int(1, 20), volatility: 0.0002, minuteVolatility: 0.001, crypto: false,
  };
};

const crypto = (rng: Prng, symbol: string): SymbolSpec => {
  const venues = [...CRYPTO].sort(() => rng.next() - 0.5).slice(0, 3);
  const startPrice = symbol.startsWith('BTC') ? 65_000 : symbol.startsWith('ETH') ? 3_400 : Math.round(rng.float(0.1, 200) * 100) / 100;
  const lot = startPrice > 1000 ? 0.0001 : 0.01;
  const typicalSize = Number((lot * rng.int(50, 5000)).toFixed(4));
  return {
    symbol, venues, venueCumulative: cumulate([50, 30, 20]), startPrice, tick: startPrice > 1000 ? 0.5 : 0.001, lot,
    typicalSize, volatility: 0.0004, minuteVolatility: 0.002, crypto: true,
  };
};

/** Builds symbols and accounts from the options (deterministic for a given generator state). */
export const buildUniverse = (rng: Prng, symbolsOption: number | readonly string[], accountCount: number): Universe => {
  const symbols: SymbolSpec[] = [];
  if (typeof symbolsOption === 'number') {
    const cryptoCount = symbolsOption >= 5 ? Math.max(1, Math.round(symbolsOption * 0.1)) : 0;
    const taken = new Set<string>();
    for (let i = 0; i < symbolsOption - cryptoCount; i++) {
      const european = rng.chance(0.2);
      const base = makeTicker(rng, taken);
      taken.add(base);
      symbols.push(equity(rng, european ? `${base}.L` : base, european));
    }
    for (let i = 0; i < cryptoCount; i++) {
      const name = i < CRYPTO_NAMES.length ? (CRYPTO_NAMES[i] as string) : `C${pad(i, 3)}-USD`;
      symbols.push(crypto(rng, name));
    }
  } else {
    for (const name of symbolsOption) {
      symbols.push(/-(USD|USDT|EUR|BTC)$/.test(name) ? crypto(rng, name) : equity(rng, name, name.endsWith('.L')));
    }
  }
  // Owners hold one to three accounts; traders sometimes operate several accounts of one owner.
  const accounts: AccountSpec[] = [];
  let ownerNo = 0;
  let traderNo = 0;
  while (accounts.length < accountCount) {
    ownerNo += 1;
    const owner = `BO-${pad(ownerNo, 5)}`;
    const n = Math.min(accountCount - accounts.length, rng.chance(0.7) ? 1 : rng.int(2, 3));
    const sharedTrader = rng.chance(0.5);
    for (let i = 0; i < n; i++) {
      if (i === 0 || !sharedTrader) traderNo += 1;
      accounts.push({ account_id: `ACC-${pad(accounts.length + 1, 6)}`, trader_id: `TRD-${pad(traderNo, 5)}`, beneficial_owner: owner });
    }
  }
  let nextAccount = accounts.length;
  const newAccount = (owner?: string): AccountSpec => {
    nextAccount += 1;
    traderNo += 1;
    if (owner === undefined) ownerNo += 1;
    return { account_id: `ACC-${pad(nextAccount, 6)}`, trader_id: `TRD-${pad(traderNo, 5)}`, beneficial_owner: owner ?? `BO-${pad(ownerNo, 5)}` };
  };
  // Zipf-like activity: a few names and accounts dominate, as in real markets.
  return {
    symbols,
    symbolCumulative: cumulate(symbols.map((_, i) => 1 / (i + 1) ** 0.8)),
    accounts,
    accountCumulative: cumulate(accounts.map(() => Math.exp(rng.normal() * 0.6))),
    newAccount,
  };
};

/** Rounds a price to the symbol's tick (never below one tick). */
export const roundPrice = (s: SymbolSpec, price: number): number => {
  const ticks = Math.max(1, Math.round(price / s.tick));
  return Number((ticks * s.tick).toFixed(s.tick < 0.01 ? 3 : 2));
};

/** Rounds a quantity to the symbol's lot (never below one lot). */
export const roundQuantity = (s: SymbolSpec, qty: number): number => {
  const lots = Math.max(1, Math.round(qty / s.lot));
  return Number((lots * s.lot).toFixed(s.lot < 1 ? 4 : 0));
};

/** A fill quantity as one execution or, sometimes, two partial executions (each at least one lot). */
export const splitFill = (rng: Prng, s: SymbolSpec, qty: number): number[] => {
  if (qty < 2 * s.lot || !rng.chance(0.4)) return [qty];
  const first = roundQuantity(s, qty / 2);
  const second = Number((qty - first).toFixed(s.lot < 1 ? 4 : 0));
  return second > 0 ? [first, second] : [qty];
};
