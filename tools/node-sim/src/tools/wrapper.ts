/**
 * The executables on a node's PATH. Each sends its argv, environment, working directory and
 * standard input to node-sim's loopback server, which runs the tool against the node and answers
 * with its output and exit code; they work while node-sim runs. Two forms, same behaviour:
 * - a POSIX `sh` script that posts a URL-encoded form with `curl` and evaluates the answer (a
 *   few shell-quoted `printf`s and an `exit`): about a quarter of the CPU of a node start, which
 *   is what a 50-node deploy on two cores spends most of its time on;
 * - a tiny CommonJS node script, used where no `curl` is found (or `NODE_SIM_WRAPPER=node`).
 */
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, join } from 'node:path';

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
 * The text of one `sh` wrapper posting to `url` with the `curl` at `curlPath` (absolute: the
 * node's PATH holds only the fake tools). The environment is curl's own `/proc/self/environ`,
 * which is exactly what the wrapper was given.
 */
export const shellWrapperScript = (tool: string, url: string, curlPath: string): string =>
  `#!/bin/sh
# node-sim fake ${tool}: runs in the node simulator at ${url}
want=0
${
  tool === 'scli'
    ? `# Like the real scli, read standard input only for a password it was not given.
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
`
    : ''
}n=$#
for a in "$@"; do set -- "$@" --data-urlencode "a=$a"; done
shift $n
if [ $want = 1 ]; then set -- "$@" --data-urlencode "stdin@-"; fi
r=$(${shellQuote(curlPath)} -sS --fail-with-body -X POST --data-urlencode "env@/proc/self/environ" --data-urlencode "cwd=$PWD" "$@" ${shellQuote(`${url}?answer=sh`)} 2>&1) || {
  printf 'node-sim ${tool}: the simulator failed or is not reachable: %s\n' "$r" >&2
  exit 70
}
case $r in
  *'${SHELL_ANSWER_END}') eval "$r" ;;
  *) printf 'node-sim ${tool}: bad answer from the simulator: %.200s\n' "$r" >&2; exit 70 ;;
esac
`;

let curlCache: string | null | undefined;
/** The absolute path of `curl` on node-sim's own PATH, if any (looked up once). */
export const findCurl = (): string | undefined => {
  if (curlCache === undefined) {
    curlCache = null;
    for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
      const p = join(dir, 'curl');
      try {
        accessSync(p, constants.X_OK);
        curlCache = p;
        break;
      } catch {
        // not here
      }
    }
  }
  return curlCache ?? undefined;
};

/** The text of one wrapper script posting to `url`. */
export const wrapperScript = (tool: string, url: string): string =>
  `#!/usr/bin/env node
// node-sim fake ${tool}: runs in the node simulator at ${url}
'use strict';
const http = require('node:http');
const chunks = [];
let sent = false;
const send = () => {
  if (sent) return;
  sent = true;
  const body = JSON.stringify({
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    stdin: Buffer.concat(chunks).toString('base64'),
  });
  const req = http.request(${JSON.stringify(url)}, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c) => (text += c));
    res.on('end', () => {
      let r;
      try {
        r = JSON.parse(text);
      } catch (_e) {
        r = undefined;
      }
      if (r === undefined || typeof r.exitCode !== 'number') {
        process.stderr.write('node-sim ${tool}: bad answer from the simulator (HTTP ' + res.statusCode + '): ' + text.slice(0, 200) + '\\n');
        process.exitCode = 70;
        return;
      }
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      process.exitCode = r.exitCode;
    });
  });
  req.on('error', (e) => {
    process.stderr.write('node-sim ${tool}: the simulator is not reachable: ' + e.message + '\\n');
    process.exitCode = 70;
  });
  req.end(body);
};
// Like the real tools, only scli reads standard input, and only for a password it was not given.
const a = process.argv.slice(2);
const wantsStdin =
  ${JSON.stringify(tool)} === 'scli' &&
  ((a.includes('--login') && !a.includes('--password')) ||
    (a.includes('--set_password') && !(a.includes('--old_password') && a.includes('--new_password'))));
if (!wantsStdin || process.stdin.isTTY) send();
else {
  process.stdin.on('data', (c) => chunks.push(c));
  process.stdin.on('end', send);
  process.stdin.on('error', send);
}
`;

/** The URL a node's tool posts to. */
export const toolUrl = (toolsUrl: string, tool: string): string =>
  `${toolsUrl}/${encodeURIComponent(tool)}`;

/** Writes (or replaces) the wrapper for `tool` in `binDir`. */
export const installWrapper = (binDir: string, tool: string, toolsUrl: string): void => {
  mkdirSync(binDir, { recursive: true });
  const p = join(binDir, tool);
  const curl = process.env['NODE_SIM_WRAPPER'] === 'node' ? undefined : findCurl();
  const url = toolUrl(toolsUrl, tool);
  writeFileSync(p, curl ? shellWrapperScript(tool, url, curl) : wrapperScript(tool, url));
  chmodSync(p, 0o755);
};

/** Removes the wrapper for `tool` (a package that provided it was removed). */
export const removeWrapper = (binDir: string, tool: string): void =>
  rmSync(join(binDir, tool), { force: true });

/** Puts `node` itself on the node's PATH so `#!/usr/bin/env node` resolves with PATH set to the bin dir alone. */
export const linkNode = (binDir: string): void => {
  mkdirSync(binDir, { recursive: true });
  const p = join(binDir, 'node');
  if (!existsSync(p)) symlinkSync(process.execPath, p);
};
