import { type OutputRow } from './format-row';

/** Buffers a stream's rows for `Application.rows()`; iteration ends once `end()` is called and the buffer drains. */
export class RowQueue implements AsyncIterable<OutputRow> {
  private readonly buffer: OutputRow[] = [];
  private waiting: ((r: IteratorResult<OutputRow>) => void) | undefined;
  private ended = false;
  push(row: OutputRow): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w({ value: row, done: false });
    } else this.buffer.push(row);
  }
  end(): void {
    this.ended = true;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w({ value: undefined, done: true });
    }
  }
  [Symbol.asyncIterator](): AsyncIterator<OutputRow> {
    return {
      next: () => {
        const row = this.buffer.shift();
        if (row) return Promise.resolve({ value: row, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
    };
  }
}
