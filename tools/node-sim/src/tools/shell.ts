/**
 * What every wrapper form shares, below them all: shell quoting, the shell answer a tool call
 * gets back (and its end marker), and the rule for when `scli` reads standard input.
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

/**
 * POSIX shell lines that set `want=1` when `scli` is called for a password it was not given
 * (then, like the real scli, it reads standard input; no other tool reads it).
 */
export const SCLI_WANTS_STDIN = `# Like the real scli, read standard input only for a password it was not given.
login=0 pw=0 setpw=0 old=0 new=0
for a in "$@"; do
  case $a in
    --login) login=1 ;; --password) pw=1 ;; --set_password) setpw=1 ;;
    --old_password) old=1 ;; --new_password) new=1 ;;
  esac
done
if [ $login = 1 ] && [ $pw = 0 ]; then want=1; fi
if [ $setpw = 1 ] && { [ $old = 0 ] || [ $new = 0 ]; }; then want=1; fi
if [ -t 0 ]; then want=0; fi
`;
