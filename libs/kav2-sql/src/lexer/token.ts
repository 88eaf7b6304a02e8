/** Token kinds produced by `tokenize`. */
export type TokenKind = 'ident' | 'qident' | 'string' | 'number' | 'op' | 'eof';

/** One lexical token. `value` is upper-cased for unquoted identifiers (KDA case rule). */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly line: number;
  readonly column: number;
}
