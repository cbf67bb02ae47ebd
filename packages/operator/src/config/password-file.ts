/**
 * The password's safer sources. A password given as `--password` sits in the process's argv,
 * which every local user can read (`ps`, `/proc/<pid>/cmdline`): it is accepted with a warning;
 * the environment (`SCALEIO_PASSWORD`) or a file (`--password-file` / `SCALEIO_PASSWORD_FILE`,
 * mode 0600, e.g. a mounted secret) are the documented ways.
 *
 * @module
 */
import type { ConfigInputs } from './load.js';

const flagValue = (argv: readonly string[], flag: string): string | undefined => {
  let v: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') break;
    if (a === flag) v = argv[i + 1];
    else if (a.startsWith(`${flag}=`)) v = a.slice(flag.length + 1);
  }
  return v;
};

/** Whether the password was given on the command line (`--password x` or `--password=x`). */
export const passwordOnArgv = (argv: readonly string[]): boolean =>
  argv.some((a) => a === '--password' || a.startsWith('--password='));

/**
 * `inputs` with the password read from the file `--password-file` / `SCALEIO_PASSWORD_FILE`
 * names, when no password is given otherwise: its first line (without the line end) becomes
 * `SCALEIO_PASSWORD` in the environment the loader reads. An unreadable file is left to the
 * loader, which reports it by option name (the file's text is never quoted).
 */
export const withPasswordFile = (inputs: ConfigInputs): ConfigInputs => {
  const path = flagValue(inputs.argv, '--password-file') ?? inputs.env['SCALEIO_PASSWORD_FILE'];
  if (path === undefined || path === '') return inputs;
  if (passwordOnArgv(inputs.argv) || inputs.env['SCALEIO_PASSWORD'] !== undefined) return inputs;
  let text: string;
  try {
    text = inputs.readFile(path);
  } catch {
    return inputs;
  }
  const first = text.split(/\r?\n/)[0] ?? '';
  return { ...inputs, env: { ...inputs.env, SCALEIO_PASSWORD: first } };
};
