import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { Secret } from '../secret.js';
import { REDACTED, scrubText } from '../scrub.js';
import { REDACT_PATHS, sanitize } from './redact.js';

/** Log levels, lowest first; `silent` logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  readonly level: LogLevel;
  /** Where the JSON lines go; default: standard output, written synchronously. */
  readonly destination?: DestinationStream | undefined;
  /** Known secret values (password, tokens, keys) cut out of every message and field. */
  readonly secrets?: readonly Secret[] | undefined;
  /** Fields on every line, e.g. `{ component: 'scheduler' }`. */
  readonly base?: Readonly<Record<string, unknown>> | undefined;
  /** Clock for the `time` field (epoch ms); default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** A log function: a message and structured fields (never a secret: see {@link createLogger}). */
export type LogFn = (msg: string, fields?: Record<string, unknown>) => void;

/**
 * A structured logger: one JSON line per call, `{level, time, msg, ...fields}`. It satisfies the
 * `Log` ports of the scheduler and healing shells (info, warn, error).
 */
export interface Logger {
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  debug(msg: string, fields?: Record<string, unknown>): void;
  /**
   * One decision and why: `{"decision": action, "reason": reason, ...fields}` at info level, e.g.
   * `decision('decline offer', 'no runnable step on the agent', { offerId })`.
   */
  decision(action: string, reason: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines all carry `bindings`. */
  child(bindings: Record<string, unknown>): Logger;
}

const wrap = (p: Pino, secrets: readonly Secret[]): Logger => {
  const clean = (fields: Record<string, unknown> | undefined) =>
    fields === undefined ? {} : (sanitize(fields, secrets) as Record<string, unknown>);
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (msg: string, fields?: Record<string, unknown>) => {
      if (!p.isLevelEnabled(level)) return;
      p[level](clean(fields), scrubText(msg, secrets));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    decision(action, reason, fields) {
      if (!p.isLevelEnabled('info')) return;
      p.info(
        {
          ...clean(fields),
          decision: scrubText(action, secrets),
          reason: scrubText(reason, secrets),
        },
        scrubText(action, secrets),
      );
    },
    child: (bindings) => wrap(p.child(clean(bindings)), secrets),
  };
};

/**
 * Creates the app's logger (pino). Secrets are kept out three ways: fields named like a secret
 * (`password`, `token`, `secretAccessKey`, `authorization`, ...) are replaced at any depth (and
 * by pino's `redact` paths as a second guard), known secret values are cut out of messages and
 * string fields, and `Secret` values print as `[secret]`.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const now = opts.now ?? Date.now;
  const p = pino(
    {
      level: opts.level,
      base: opts.base ? (sanitize(opts.base, opts.secrets ?? []) as object) : null,
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      timestamp: () => `,"time":"${new Date(now()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return wrap(p, opts.secrets ?? []);
}
