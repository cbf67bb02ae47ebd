/**
 * What every wrapper form shares, below them all: shell quoting and the shell answer a tool call
 * gets back (and its end marker). No simulated tool reads standard input: the real `scli` takes
 * its passwords as arguments (`--password`, `--old_password`, `--new_password`).
 */

/** Marks the end of a whole shell answer (a cut-off answer is never evaluated). */
export const SHELL_ANSWER_END = '# node-sim answer end';

/** Quotes `s` for a POSIX shell (single quotes; a quote inside becomes `'\''`). */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The shell answer to a tool call: prints `stdout` and `stderr` as the tool would and exits with
 * its code. NUL characters cannot live in shell strings and are dropped (tools print text).
 */
export const shellAnswer = (r: {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}): string =>
  [
    `printf '%s' ${shellQuote(r.stdout.replace(/\0/g, ''))}`,
    `printf '%s' ${shellQuote(r.stderr.replace(/\0/g, ''))} >&2`,
    `exit ${Math.max(0, Math.min(255, Math.trunc(r.exitCode)))}`,
    SHELL_ANSWER_END,
  ].join('\n');
