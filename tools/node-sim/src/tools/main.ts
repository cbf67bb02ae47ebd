/**
 * Runs one fake tool call in node-sim's process: applies an injected fault if one matches, runs
 * the tool against the node, and appends the call (argv, environment keys, output, exit code,
 * time) to `sim/calls.jsonl`. Environment values and standard input are never recorded.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { appendJsonLine, readJson, writeJson } from '../state/files.js';
import { Faults, type CallRecord, type CommandFault } from '../state/model.js';
import { simPaths } from '../state/paths.js';
import type { NodeConfig } from '../spec.js';
import { ToolCrash, type Tool, type ToolContext } from './context.js';
import { install, readlink, sha256sum } from './coreutils.js';
import { blkid, fdisk } from './disks.js';
import { dvdcli } from './dvdcli.js';
import { keytool } from './keytool.js';
import { loader, LOADER } from './loader.js';
import { lsblk } from './lsblk.js';
import { aptGet, dpkg, dpkgQuery, rpm, yum } from './packages.js';
import { waitModelled } from './pace.js';
import { scli } from './scli.js';
import { chkconfig, initctl, service, systemctl, updateRcD } from './services.js';
import { getconf, hostname, ldd, uname } from './system.js';

/** Every fake tool by the name it has on PATH. */
export const TOOLS: Readonly<Record<string, Tool>> = {
  dpkg,
  'dpkg-query': dpkgQuery,
  'apt-get': aptGet,
  rpm,
  yum,
  dnf: yum,
  systemctl,
  service,
  initctl,
  'update-rc.d': updateRcD,
  chkconfig,
  lsblk,
  blkid,
  fdisk,
  uname,
  hostname,
  ldd,
  getconf,
  sha256sum,
  install,
  readlink,
  [LOADER]: loader,
  scli,
  dvdcli,
  keytool,
};

/** What a wrapper sends: its arguments, environment, working directory and stdin (base64). */
export const ToolRequest = t.type({
  argv: t.array(t.string),
  env: t.record(t.string, t.string),
  cwd: t.string,
  stdin: t.string,
});
/** What a wrapper sends. */
export type ToolRequest = t.TypeOf<typeof ToolRequest>;

/** What a wrapper prints and exits with. */
export interface ToolResponse {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The request of a shell wrapper (a URL-encoded form: `a` once per argument in order, `env` as
 * the NUL-separated `KEY=VALUE` list of `/proc/self/environ`, `cwd`, and `stdin` when read), in
 * the shape {@link decodeToolRequest} takes.
 */
export const toolRequestFromForm = (body: string): unknown => {
  const f = new URLSearchParams(body);
  const env: Record<string, string> = {};
  for (const kv of (f.get('env') ?? '').split('\0')) {
    const i = kv.indexOf('=');
    if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return {
    argv: f.getAll('a'),
    env,
    cwd: f.get('cwd') ?? '/',
    ...(f.get('pid') === null ? {} : { pid: Number(f.get('pid')) }),
    stdin: Buffer.from(f.get('stdin') ?? '', 'utf8').toString('base64'),
  };
};

/** Decodes a wrapper's request body. */
export const decodeToolRequest = (raw: unknown): E.Either<string, ToolRequest> => {
  const d = ToolRequest.decode(raw);
  return E.isRight(d) ? d : E.left(PathReporter.report(d).join('; '));
};

/** The first fault that matches this call, after counting it down (and the updated list). */
export const matchFault = (
  faults: readonly CommandFault[],
  tool: string,
  args: readonly string[],
): { fault: CommandFault | undefined; rest: CommandFault[] } => {
  const i = faults.findIndex(
    (f) => f.tool === tool && f.argsInclude.every((a) => args.some((x) => x.includes(a))),
  );
  const fault = faults[i];
  if (fault === undefined) return { fault: undefined, rest: [...faults] };
  const rest = [...faults];
  if (fault.remaining === null) return { fault, rest };
  if (fault.remaining <= 1) rest.splice(i, 1);
  else rest[i] = { ...fault, remaining: fault.remaining - 1 };
  return { fault, rest };
};

/** The options whose value the real `scli` (and `keytool`) takes as a password. */
const PASSWORD_OPTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  scli: new Set(['--password', '--old_password', '--new_password']),
  keytool: new Set(['-storepass', '-keypass']),
};

/**
 * `args` as node-sim records them: the values of password options masked (`***`). The real
 * scli has them in its argv (visible to `ps` while it runs); node-sim's own record keeps none.
 */
export const maskPasswords = (tool: string, args: readonly string[]): string[] => {
  const options = PASSWORD_OPTIONS[tool];
  return options === undefined
    ? [...args]
    : args.map((a, i) => (options.has(args[i - 1] ?? '') ? '***' : a));
};

/**
 * Runs fake `tool` for the node `config`; `now` is the clock for the call record. A call that is
 * not an injected fault first waits its modelled real duration (`facts/durations.ts`) times
 * `timeScale` (0: no wait), then acts: the effect lands when the real tool would be done.
 */
export const runTool = async (
  config: NodeConfig,
  tool: string,
  req: ToolRequest,
  now: () => Date = () => new Date(),
  timeScale = 0,
): Promise<ToolResponse> => {
  const startedAt = now();
  let modelledMs = 0;
  const paths = simPaths(config.root);
  let stdout = '';
  let stderr = '';
  let code: number;
  let injected: string | null = null;
  const args = req.argv;
  try {
    const faults = readJson(paths.faults, Faults, { commands: [] });
    if (E.isLeft(faults)) throw new ToolCrash(faults.left.message);
    const { fault, rest } = matchFault(faults.right.commands, tool, args);
    if (fault !== undefined) {
      writeJson(paths.faults, Faults, { commands: rest });
      injected = fault.id;
      stderr = fault.stderr.endsWith('\n') ? fault.stderr : `${fault.stderr}\n`;
      code = fault.exitCode;
    } else {
      const impl = TOOLS[tool];
      if (impl === undefined) throw new ToolCrash(`${tool} is not simulated`);
      modelledMs = await waitModelled(config, tool, args, timeScale);
      const ctx: ToolContext = {
        tool,
        args,
        env: req.env,
        cwd: req.cwd,
        config,
        root: config.root,
        out: (s) => {
          stdout += s;
        },
        err: (s) => {
          stderr += s;
        },
      };
      code = await impl(ctx);
    }
  } catch (e) {
    stderr += `node-sim ${tool}: ${e instanceof Error ? e.message : String(e)}\n`;
    code = 70;
  }
  const record: CallRecord = {
    tool,
    argv: [tool, ...maskPasswords(tool, args)],
    envKeys: Object.keys(req.env).sort(),
    cwd: req.cwd,
    startedAt: startedAt.toISOString(),
    durationMs: now().getTime() - startedAt.getTime(),
    exitCode: code,
    stdout,
    stderr,
    injectedFault: injected,
    ...(modelledMs > 0 ? { modelledMs } : {}),
  };
  appendJsonLine(paths.calls, record);
  return { exitCode: code, stdout, stderr };
};
