/**
 * The executables on a node's PATH. Each sends its argv, environment, working directory and
 * standard input to node-sim's loopback server, which runs the tool against the node and answers
 * with its output and exit code; they work while node-sim runs. Three forms, same behaviour:
 * - a `bash` script speaking HTTP over bash's own `/dev/tcp` (see `bash-wrapper.ts`): no other
 *   process at all (~28 ms a call here, server included);
 * - a POSIX `sh` script that posts a URL-encoded form with `curl` and evaluates the answer (a
 *   few shell-quoted `printf`s and an `exit`): ~63 ms a call;
 * - a tiny CommonJS node script (~160 ms a call: a node start), where neither is found.
 * `NODE_SIM_WRAPPER=bash|sh|node` picks one. Tool calls are most of what a simulated 50-node
 * deploy on two cores spends its CPU on.
 */
import { accessSync, chmodSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { bashWrapperScript } from './bash-wrapper.js';
import { SHELL_ANSWER_END, shellQuote } from './shell.js';

/**
 * The text of one `sh` wrapper posting to `url` with the `curl` at `curlPath` (absolute: the
 * node's PATH holds only the fake tools). The environment is curl's own `/proc/self/environ`,
 * which is exactly what the wrapper was given.
 */
export const shellWrapperScript = (tool: string, url: string, curlPath: string): string =>
  `#!/bin/sh
# node-sim fake ${tool}: runs in the node simulator at ${url}
n=$#
for a in "$@"; do set -- "$@" --data-urlencode "a=$a"; done
shift $n
r=$(${shellQuote(curlPath)} -sS --fail-with-body -X POST --data-urlencode "env@/proc/self/environ" --data-urlencode "cwd=$PWD" --data-urlencode "pid=$$" "$@" ${shellQuote(`${url}?answer=sh`)} 2>&1) || {
  printf 'node-sim ${tool}: the simulator failed or is not reachable: %s\n' "$r" >&2
  exit 70
}
case $r in
  *'${SHELL_ANSWER_END}') eval "$r" ;;
  *) printf 'node-sim ${tool}: bad answer from the simulator: %.200s\n' "$r" >&2; exit 70 ;;
esac
`;

const found = new Map<string, string | null>();
/** The absolute path of `name` on node-sim's own PATH, if any (looked up once). */
export const findProgram = (name: string): string | undefined => {
  if (!found.has(name)) {
    found.set(name, null);
    for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
      const p = join(dir, name);
      try {
        accessSync(p, constants.X_OK);
        found.set(name, p);
        break;
      } catch {
        // not here
      }
    }
  }
  return found.get(name) ?? undefined;
};

/** The absolute path of `curl`, if any. */
export const findCurl = (): string | undefined => findProgram('curl');

/**
 * The text of one wrapper script posting to `url`, run by node-sim's own node at its absolute
 * path: a node has no `node` on its PATH (nothing installs Node.js on a bare agent).
 */
export const wrapperScript = (tool: string, url: string): string =>
  `#!${process.execPath}
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
    pid: process.pid,
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
send();
`;

/** The URL a node's tool posts to. */
export const toolUrl = (toolsUrl: string, tool: string): string =>
  `${toolsUrl}/${encodeURIComponent(tool)}`;

/**
 * The wrapper text for `tool`: `bash` when there is one, else `sh` + `curl`, else node;
 * `NODE_SIM_WRAPPER=bash|sh|node` asks for one form (falling back down that order).
 */
export const wrapperFor = (tool: string, url: string): string => {
  const want = process.env['NODE_SIM_WRAPPER'] ?? 'bash';
  const bash = want === 'bash' ? findProgram('bash') : undefined;
  if (bash) return bashWrapperScript(tool, url, bash);
  const curl = want === 'bash' || want === 'sh' ? findCurl() : undefined;
  return curl ? shellWrapperScript(tool, url, curl) : wrapperScript(tool, url);
};

/** Writes (or replaces) the wrapper for `tool` in `binDir`. */
export const installWrapper = (binDir: string, tool: string, toolsUrl: string): void => {
  mkdirSync(binDir, { recursive: true });
  const p = join(binDir, tool);
  writeFileSync(p, wrapperFor(tool, toolUrl(toolsUrl, tool)));
  chmodSync(p, 0o755);
};

/** Removes the wrapper for `tool` (a package that provided it was removed). */
export const removeWrapper = (binDir: string, tool: string): void =>
  rmSync(join(binDir, tool), { force: true });
