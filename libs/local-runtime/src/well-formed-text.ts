// String.prototype.isWellFormed / toWellFormed (ES2024, Node >= 20) are not in the ES2023 lib the
// workspace compiles against; typed here once.
interface WellFormedText {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** True when the text has no lone surrogate, so its UTF-8 bytes decode back to exactly it. */
export const isWellFormed = (text: string): boolean => (text as unknown as WellFormedText).isWellFormed();

/** The text with each lone surrogate replaced by U+FFFD, as any UTF-8 encoding of it reads back. */
export const toWellFormed = (text: string): string => (text as unknown as WellFormedText).toWellFormed();
