import type { Log } from './ports.js';

const order = { debug: 0, info: 1, warn: 2, error: 3 } as const;

/**
 * A JSON-lines logger on stdout: one object per line with time, level, message and fields.
 * Secrets never reach it as values (the config's `Secret` prints as `[secret]`).
 */
export function consoleLog(
  level: keyof typeof order,
  write: (line: string) => void = (l) => process.stdout.write(l),
): Log {
  const at =
    (l: keyof typeof order) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (order[l] < order[level]) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level: l, msg, ...fields })}\n`);
    };
  return { info: at('info'), warn: at('warn'), error: at('error') };
}
