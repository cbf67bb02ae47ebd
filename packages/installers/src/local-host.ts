/**
 * The real {@link Host}: runs programs with `child_process.spawn` and touches files under a
 * configurable root (`/` on a real node, a node-sim directory in tests). This is the only module
 * that maps Node errors to {@link HostError}s.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, posix } from 'node:path';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { downloadWithRetries, fetchBytesWith } from './download.js';
import { fileError, type HostError } from './errors.js';
import {
  createHost,
  type Arg,
  type CommandRequest,
  type CommandResult,
  type Host,
  type HostCore,
  type HostLogger,
} from './host.js';
import {
  isSecret,
  redact,
  revealText,
  secretsOf,
  showText,
  type Secret,
  type Text,
} from './secret.js';

/** Options of {@link createLocalHost}. */
export interface LocalHostOptions {
  /** Directory that stands for `/` on the node (default `/`). */
  readonly root?: string;
  /** PATH given to commands (default: this process's PATH). */
  readonly path?: string;
  /** Base environment of commands (default: this process's environment). PATH is set from `path`. */
  readonly env?: Readonly<Record<string, string>>;
  /** Values to redact from everything the host returns or logs (secrets met in requests are added). */
  readonly secrets?: readonly Secret[];
  /** Receives every command, write, removal and download, redacted. */
  readonly logger?: HostLogger;
  /** Default command timeout (default 10 minutes). */
  readonly timeoutMs?: number;
  /** Download attempts in total (default 3). */
  readonly downloadAttempts?: number;
  /** Delay before retry n is `retryDelayMs × n` (default 1000). */
  readonly retryDelayMs?: number;
  /** Injected sleep used between download attempts. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected clock in milliseconds (default `Date.now`). */
  readonly now?: () => number;
  /** Injected fetch (default the global one). */
  readonly fetch?: typeof fetch;
}

const MAX_CAPTURE = 1 << 20;

const quote = (s: string): string =>
  /^[\w@%+=:,./<>*-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;

/** The command line as people may see it: `VAR=value prog args`, secrets shown by name. */
export const showCommandLine = (req: Pick<CommandRequest, 'argv' | 'env'>): string => {
  const env = Object.entries(req.env ?? {}).map(([k, v]) => `${k}=${quote(showText(v))}`);
  const args = req.argv.map((a: Arg) => (isSecret(a) ? a.toString() : quote(a)));
  return [...env, ...args].join(' ');
};

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Creates the real host. */
export const createLocalHost = (opts: LocalHostOptions = {}): Host => {
  const root = opts.root ?? '/';
  const secrets: Secret[] = [...(opts.secrets ?? [])];
  const learn = (texts: readonly Text[]): void => {
    for (const t of texts) for (const s of secretsOf(t)) if (!secrets.includes(s)) secrets.push(s);
  };
  const clean = (s: string): string => redact(s, secrets);
  const log: HostLogger = (e) => opts.logger?.(e);
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const doFetch = opts.fetch ?? fetch;
  const baseEnv: Record<string, string> = {
    ...(opts.env ?? (process.env as Record<string, string>)),
  };
  if (opts.path !== undefined) baseEnv['PATH'] = opts.path;
  const defaultTimeout = opts.timeoutMs ?? 600_000;

  const onNode = (p: string): Either<HostError, string> => {
    if (!p.startsWith('/')) return left(fileError(p, 'stat', 'not an absolute path'));
    const n = posix.normalize(p);
    if (n.split('/').includes('..')) return left(fileError(p, 'stat', 'path escapes the root'));
    return right(normalize(join(root, n)));
  };

  let rootReady: Promise<unknown> | undefined;
  const run = async (req: CommandRequest): Promise<Either<HostError, CommandResult>> => {
    // Commands run in the root; make sure it exists so that a missing cwd is not mistaken for a missing program.
    rootReady ??= mkdir(root, { recursive: true }).catch(() => undefined);
    await rootReady;
    return spawnCommand(req);
  };
  const spawnCommand = (req: CommandRequest): Promise<Either<HostError, CommandResult>> => {
    learn([
      ...req.argv,
      ...Object.values(req.env ?? {}),
      ...(req.stdin === undefined ? [] : [req.stdin]),
    ]);
    const commandLine = showCommandLine(req);
    const env = { ...baseEnv };
    for (const [k, v] of Object.entries(req.env ?? {})) env[k] = revealText(v);
    const [cmd, ...args] = req.argv.map((a) => (isSecret(a) ? a.reveal() : a)) as [
      string,
      ...string[],
    ];
    const timeoutMs = req.timeoutMs ?? defaultTimeout;
    const started = now();
    return new Promise((resolve) => {
      let out = '';
      let err = '';
      let timedOut = false;
      let settled = false;
      const finish = (v: Either<HostError, CommandResult>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(v);
      };
      const child = spawn(cmd, args, {
        env,
        cwd: root,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      });
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch (_e) {
          child.kill('SIGKILL');
        }
      }, timeoutMs);
      const cap = (acc: string, chunk: Buffer): string => {
        const next = acc + chunk.toString('utf8');
        return next.length > MAX_CAPTURE ? next.slice(-MAX_CAPTURE) : next;
      };
      child.stdout.on('data', (c: Buffer) => (out = cap(out, c)));
      child.stderr.on('data', (c: Buffer) => (err = cap(err, c)));
      child.stdin.on('error', () => undefined);
      child.on('error', (e: NodeJS.ErrnoException) => {
        const message =
          e.code === 'ENOENT' ? `${cmd}: command not found on PATH` : `${cmd}: ${clean(e.message)}`;
        log({
          kind: 'command',
          commandLine,
          exitCode: 127,
          durationMs: now() - started,
          output: message,
        });
        finish(left({ _tag: 'CommandNotFound', command: cmd, message }));
      });
      child.on('close', (code, signal) => {
        const durationMs = now() - started;
        if (timedOut) {
          log({ kind: 'command', commandLine, exitCode: -1, durationMs, output: 'timed out' });
          finish(
            left({
              _tag: 'CommandTimedOut',
              commandLine,
              timeoutMs,
              message: `\`${commandLine}\` timed out after ${timeoutMs} ms`,
            }),
          );
          return;
        }
        const result: CommandResult = {
          commandLine,
          exitCode: code ?? (signal === null ? -1 : 128),
          stdout: clean(out),
          stderr: clean(err),
          durationMs,
        };
        log({
          kind: 'command',
          commandLine,
          exitCode: result.exitCode,
          durationMs,
          output: (result.stdout + result.stderr).slice(-2000),
        });
        finish(right(result));
      });
      if (req.stdin !== undefined) child.stdin.end(revealText(req.stdin));
      else child.stdin.end();
    });
  };

  let tmpCounter = 0;
  const atomicWrite = async (
    p: string,
    data: string | Uint8Array,
    mode: number,
  ): Promise<Either<HostError, void>> => {
    const real = onNode(p);
    if (real._tag === 'Left') return real;
    const tmp = join(
      dirname(real.right),
      `.${posix.basename(p)}.tmp-${process.pid}-${++tmpCounter}`,
    );
    try {
      await mkdir(dirname(real.right), { recursive: true });
      await writeFile(tmp, data, { mode });
      await chmod(tmp, mode);
      await rename(tmp, real.right);
      return right(undefined);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => undefined);
      return left(fileError(p, 'write', clean(errText(e))));
    }
  };

  const core: HostCore = {
    description: `local:${root}`,
    run,
    readFile: async (p) => {
      const real = onNode(p);
      if (real._tag === 'Left') return real;
      try {
        return right(await readFile(real.right, 'utf8'));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return right(undefined);
        return left(fileError(p, 'read', errText(e)));
      }
    },
    writeFile: async (p, content, o) => {
      learn([content]);
      const mode = o?.mode ?? 0o644;
      const text = revealText(content);
      const r = await atomicWrite(p, text, mode);
      if (r._tag === 'Right') log({ kind: 'write', path: p, mode, bytes: Buffer.byteLength(text) });
      return r;
    },
    stat: async (p) => {
      const real = onNode(p);
      if (real._tag === 'Left') return real;
      try {
        const s = await stat(real.right);
        return right({ size: s.size, mode: s.mode & 0o7777, isDirectory: s.isDirectory() });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return right(undefined);
        return left(fileError(p, 'stat', errText(e)));
      }
    },
    remove: async (p) => {
      const real = onNode(p);
      if (real._tag === 'Left') return real;
      try {
        await rm(real.right, { force: true });
        log({ kind: 'remove', path: p });
        return right(undefined);
      } catch (e) {
        return left(fileError(p, 'remove', errText(e)));
      }
    },
    list: async (d) => {
      const real = onNode(d);
      if (real._tag === 'Left') return real;
      try {
        return right((await readdir(real.right)).sort());
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return right([]);
        return left(fileError(d, 'read', errText(e)));
      }
    },
    download: (req) =>
      downloadWithRetries(
        {
          fetchBytes: fetchBytesWith(doFetch, defaultTimeout),
          write: atomicWrite,
          sleep,
          log,
          clean,
          attempts: opts.downloadAttempts ?? 3,
          retryDelayMs: opts.retryDelayMs ?? 1000,
        },
        req,
      ),
  };
  return createHost(core);
};
