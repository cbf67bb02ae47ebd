/**
 * Building blocks shared by the component plans: version comparison, services, exact files,
 * key=value edits and "restart when these files changed" stamps (package files: `./packages.ts`).
 */
import { createHash } from 'node:crypto';
import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import type { HostError } from '../errors.js';
import type { Host } from '../host.js';
import type { SupportedOs } from '../os.js';
import { blocked, done, pending, type Action, type InstallStep } from '../plan.js';
import { revealText, type Text } from '../secret.js';
import { initFor } from '../service-kinds.js';

/** Where downloaded package files are kept on the node. */
export const CACHE_DIR = '/var/cache/scaleio-framework';
/** Where restart stamps are kept on the node. */
export const STAMP_DIR = '/var/lib/scaleio-framework/stamps';

/**
 * The comparable part of a version: the first `a.b[.-]c.d` (the original framework's regex, so
 * `2.0-10000.2072` from a file name equals `2.0-10000.2072.el7` from rpm), else the whole string
 * without a dpkg epoch (`1:`).
 */
export const comparableVersion = (v: string): string =>
  /([0-9]+\.[0-9]+[.-][0-9]+\.[0-9]+)/.exec(v)?.[1] ?? v.trim().replace(/^\d+:/, '');

/**
 * True when the installed version is the wanted release. A wanted version without a package
 * revision also matches an installed one with it (`0.11.4` = `0.11.4-1`, `0.11.4-1.el7`), but
 * not a different upstream version (`0.11.4` ≠ `0.11.40`, `0.11.4.1`).
 */
export const sameVersion = (installed: string, wanted: string): boolean => {
  const a = comparableVersion(installed);
  const b = comparableVersion(wanted);
  return a === b || a.startsWith(`${b}-`) || a.startsWith(`${b}+`) || a.startsWith(`${b}~`);
};

/** The step that makes sure a service is enabled and running. */
export const serviceRunningStep = (
  id: string,
  os: SupportedOs,
  name: string,
  requires: readonly string[] = [],
): InstallStep => ({
  id,
  description: `Enable and start the ${name} service`,
  check: async (host) => {
    for (const r of requires) {
      const up = await host.service(initFor(os, r), 'status', r, os.packageFormat);
      if (isLeft(up)) return up;
      if (!up.right) return right(blocked(`${r} is not running; ${name} needs it first`));
    }
    const s = await host.service(initFor(os, name), 'status', name, os.packageFormat);
    if (isLeft(s)) return s;
    return right(s.right ? done(`${name} is running`) : pending(`${name} is not running`));
  },
  actions: [
    { kind: 'service', init: initFor(os, name), action: 'enable', name, format: os.packageFormat },
    { kind: 'service', init: initFor(os, name), action: 'start', name, format: os.packageFormat },
  ],
});

/** The step that writes a file with exact content and mode. */
export const fileStep = (
  id: string,
  description: string,
  path: string,
  content: Text,
  mode: number,
): InstallStep => ({
  id,
  description,
  check: async (host) => {
    const cur = await host.readFile(path);
    if (isLeft(cur)) return cur;
    if (cur.right !== revealText(content))
      return right(pending(cur.right === undefined ? `${path} is missing` : `${path} differs`));
    const st = await host.stat(path);
    if (isLeft(st)) return st;
    const m = st.right?.mode ?? 0;
    return right(
      m === mode
        ? done(`${path} is up to date`)
        : pending(`${path} has mode ${m.toString(8)}, want ${mode.toString(8)}`),
    );
  },
  actions: [{ kind: 'write', path, content, mode }],
});

/**
 * Sets `key=value` lines in a properties/env text: replaces every existing line of a key (keeping
 * an `export ` prefix), appends missing keys, leaves everything else as it was.
 */
export const setKeyValues = (text: string, values: Readonly<Record<string, string>>): string => {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const seen = new Set<string>();
  const out = lines.map((line) => {
    const m = /^(\s*(?:export\s+)?)([A-Za-z0-9_.-]+)\s*=/.exec(line);
    const key = m?.[2];
    if (key !== undefined && Object.hasOwn(values, key)) {
      seen.add(key);
      return `${m?.[1] ?? ''}${key}=${values[key]}`;
    }
    return line;
  });
  for (const [k, v] of Object.entries(values)) if (!seen.has(k)) out.push(`${k}=${v}`);
  return `${out.join('\n')}\n`;
};

/** Reads `key=value` lines (last one wins; surrounding quotes removed). */
export const readKeyValues = (text: string): Readonly<Record<string, string>> => {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z0-9_.-]+)\s*=(.*)$/.exec(line);
    if (m?.[1] === undefined) continue;
    let v = (m[2] ?? '').trim();
    if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0]) v = v.slice(1, -1);
    out[m[1]] = v;
  }
  return out;
};

/** sha256 over the named files' contents (a missing file counts as empty and is marked). */
export const filesDigest = async (
  host: Host,
  paths: readonly string[],
): Promise<Either<HostError, string>> => {
  const h = createHash('sha256');
  for (const p of paths) {
    const c = await host.readFile(p);
    if (isLeft(c)) return c;
    h.update(`${p}\0${c.right === undefined ? '\u0000missing' : c.right}\0`);
  }
  return right(h.digest('hex'));
};

/**
 * Actions that restart a service whether or not it runs. Upstart's `initctl restart` fails on a
 * stopped job, so there it is `initctl stop` (a stopped job's failure accepted) then `initctl start`.
 */
export const restartActions = (os: SupportedOs, name: string): readonly Action[] =>
  initFor(os, name) === 'upstart'
    ? [
        { kind: 'run', argv: ['initctl', 'stop', name], accept: [0, 1] },
        { kind: 'run', argv: ['initctl', 'start', name] },
      ]
    : [
        {
          kind: 'service',
          init: initFor(os, name),
          action: 'restart',
          name,
          format: os.packageFormat,
        },
      ];

/**
 * The step that restarts a service when the files it reads changed since its last restart by
 * this framework (a stamp holds their digest), or when it is not running.
 */
export const restartOnChangeStep = (
  id: string,
  os: SupportedOs,
  service: string,
  watched: readonly string[],
  requires: readonly string[] = [],
): InstallStep => {
  const stamp = `${STAMP_DIR}/${id}`;
  return {
    id,
    description: `Restart ${service} when ${watched.join(', ')} changed, and keep it running`,
    check: async (host) => {
      for (const r of requires) {
        const up = await host.service(initFor(os, r), 'status', r, os.packageFormat);
        if (isLeft(up)) return up;
        if (!up.right) return right(blocked(`${r} is not running; ${service} needs it first`));
      }
      const digest = await filesDigest(host, watched);
      if (isLeft(digest)) return digest;
      const last = await host.readFile(stamp);
      if (isLeft(last)) return last;
      const running = await host.service(initFor(os, service), 'status', service, os.packageFormat);
      if (isLeft(running)) return running;
      if (!running.right) return right(pending(`${service} is not running`));
      return right(
        last.right?.trim() === digest.right
          ? done(`${service} runs with the current configuration`)
          : pending(`${service} has not been restarted since its configuration changed`),
      );
    },
    actions: [
      {
        kind: 'service',
        init: initFor(os, service),
        action: 'enable',
        name: service,
        format: os.packageFormat,
      },
      ...restartActions(os, service),
      {
        kind: 'custom',
        summary: `record the digest of ${watched.join(', ')} in ${stamp}`,
        lines: [`write ${stamp} (sha256 of ${watched.join(', ')})`],
        exec: async (host) => {
          const digest = await filesDigest(host, watched);
          if (isLeft(digest)) return digest;
          return host.writeFile(stamp, `${digest.right}\n`, { mode: 0o600 });
        },
      },
    ],
  };
};
