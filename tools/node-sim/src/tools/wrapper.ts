/**
 * The executables on a node's PATH: tiny CommonJS node scripts (no imports beyond `node:http`,
 * so they start as fast as node can) that send their argv, environment, working directory and
 * standard input to node-sim's loopback server, which runs the tool against the node and answers
 * with its output and exit code. They work while node-sim runs.
 */
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
  writeFileSync(p, wrapperScript(tool, toolUrl(toolsUrl, tool)));
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
