import { type Writable } from 'node:stream';

/** Counts a run reports as it goes. */
export interface ProgressCounts {
  readonly events: number;
  readonly alerts: number;
  readonly quarantined: number;
}

/** Renders one progress line; `fraction` in [0, 1] when the total is known. */
export const renderProgress = (counts: ProgressCounts, fraction: number | undefined, width = 24): string => {
  const tail = `${counts.events.toLocaleString('en-US')} records · ${counts.alerts} alerts · ${counts.quarantined} quarantined`;
  if (fraction === undefined) return tail;
  const f = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(f * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(f * 100)).padStart(3)}%  ${tail}`;
};

/** A progress line on a terminal; does nothing when the output is not interactive. */
export interface ProgressBar {
  update(counts: ProgressCounts, fraction?: number): void;
  /** Removes the line (before printing something else, or at the end). */
  clear(): void;
  /** Draws the last state again after `clear`. */
  redraw(): void;
}

const NOOP: ProgressBar = { update() {}, clear() {}, redraw() {} };

/** A progress bar on `stream` (stderr) when `interactive`; redraws at most every `intervalMs`. */
export const createProgressBar = (stream: Writable, interactive: boolean, intervalMs = 100): ProgressBar => {
  if (!interactive) return NOOP;
  let last = '';
  let shown = false;
  let lastDraw = 0;
  const draw = () => {
    stream.write(`\r\u001b[2K${last}`);
    shown = true;
  };
  return {
    update(counts, fraction) {
      last = renderProgress(counts, fraction);
      const now = Date.now();
      if (now - lastDraw < intervalMs && fraction !== 1) return;
      lastDraw = now;
      draw();
    },
    clear() {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
    redraw() {
      if (last) draw();
    },
  };
};
