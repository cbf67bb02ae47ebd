/** The logger the client writes to. Injected; never receives a secret. */

/** Minimal structured logger (pino and console fit with a one-line adapter). */
export interface Logger {
  /** Something an operator should see (e.g. TLS verification disabled). */
  readonly warn: (message: string, context?: Readonly<Record<string, unknown>>) => void;
  /** Routine events (login, token renewal). */
  readonly debug: (message: string, context?: Readonly<Record<string, unknown>>) => void;
}

/** A logger that drops everything. */
export const silentLogger: Logger = { warn: () => undefined, debug: () => undefined };
