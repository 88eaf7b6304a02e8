/** The logging port libs accept; Powertools' Logger and the CLI's console logger both fit it. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** A logger that drops everything: the default where a caller passes none. */
export const SILENT_LOGGER: Logger = { debug() {}, info() {}, warn() {}, error() {} };
