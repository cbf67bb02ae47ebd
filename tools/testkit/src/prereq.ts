/**
 * Prerequisites of tests — something the machine must provide (the shared data beside the clone,
 * ZooKeeper, moto, Chromium, promtool, a program on PATH) — and honest gating on them. A test
 * whose prerequisite is missing is registered as skipped (uvu counts it under `Skipped`, and the
 * root summary line shows it as skipped, never as passed) and one line says what is missing.
 * Under `CI=true` a missing prerequisite also registers one failing test named after it, so the
 * run fails and says which prerequisite to provide (`.ci/run` installs them all).
 *
 * @module
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A prerequisite, checked once: what it is and, when it is missing, why. */
export interface Prerequisite {
  /** What is needed, e.g. `../shared/mesos-proto` or `ZooKeeper (Debian package zookeeper)`. */
  readonly name: string;
  /** Why it is missing and how to provide it; `undefined` when it is present. */
  readonly missing: string | undefined;
}

/** The uvu test registration function, as far as gating needs it. */
export interface TestRegistrar {
  (name: string, fn: TestBody): void;
  /** Counts one skipped test (uvu's `test.skip`). */
  skip: (name?: string, fn?: TestBody) => void;
}

/** A test's body. */
export type TestBody = () => void | Promise<void>;

/** A registrar whose tests run only when every prerequisite is present. */
export interface GatedRegistrar {
  (name: string, fn: TestBody): void;
  /** True when every prerequisite is present (the tests run). */
  readonly available: boolean;
  /** The missing prerequisites' one-line reasons. */
  readonly missing: readonly string[];
}

/** The line printed for a missing prerequisite; tools/test-summary collects these lines. */
export const PREREQ_MISSING_MARK = 'prerequisite missing:';

/** Whether this is a CI run (`CI` is `true` or `1`). */
export const isCi = (env: NodeJS.ProcessEnv = process.env): boolean =>
  /^(1|true)$/i.test(env['CI'] ?? '');

/**
 * A prerequisite named `name`; `check` returns why it is missing (or `undefined` when present).
 * A check that throws counts as missing, with its message.
 */
export const prerequisite = (name: string, check: () => string | undefined): Prerequisite => {
  let missing: string | undefined;
  try {
    missing = check();
  } catch (e) {
    missing = e instanceof Error ? e.message : String(e);
  }
  return { name, missing };
};

/** A file or folder that must exist, e.g. the shared data beside the clone; `hint` says how to get it. */
export const pathPrerequisite = (path: string, hint: string): Prerequisite =>
  prerequisite(path, () => (existsSync(path) ? undefined : `${path} is absent; ${hint}`));

/** A program that must be on PATH (or at an absolute path), e.g. `promtool`. */
export const programPrerequisite = (program: string, hint: string): Prerequisite =>
  prerequisite(program, () =>
    findProgram(program) !== undefined ? undefined : `${program} is not installed; ${hint}`,
  );

/** The absolute path of `program` (searched on PATH unless it contains a slash), or undefined. */
export const findProgram = (program: string): string | undefined => {
  const candidates = program.includes('/')
    ? [program]
    : (process.env['PATH'] ?? '')
        .split(delimiter)
        .filter((d) => d !== '')
        .map((d) => join(d, program));
  return candidates.find((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
};

const announced = new Set<string>();

/**
 * Gates tests on prerequisites. Returns a registrar: with every prerequisite present it
 * registers with `test` itself; otherwise each test is registered with `test.skip`, one line per
 * missing prerequisite says so (`opts.log`, default stdout), and under CI (`opts.ci`, default {@link isCi}) one failing test
 * per missing prerequisite is registered right away, naming it.
 *
 * @example
 * ```ts
 * const zk = prerequisite('ZooKeeper', () =>
 *   zooKeeperAvailable() ? undefined : 'not installed (apt-get install zookeeper)');
 * const withZk = requirePrereq(test, zk);
 * withZk('leader election', async () => { ... });
 * ```
 */
export function requirePrereq(
  test: TestRegistrar,
  needs: Prerequisite | readonly Prerequisite[],
  opts: { readonly ci?: boolean; readonly log?: (line: string) => void } = {},
): GatedRegistrar {
  const ci = opts.ci ?? isCi();
  const log = opts.log ?? ((line: string) => console.log(line));
  const list: readonly Prerequisite[] = 'name' in needs ? [needs] : needs;
  const absent = list.filter((p) => p.missing !== undefined);
  const missing = absent.map((p) => `${p.name} (${p.missing ?? ''})`);
  for (const p of absent) {
    const line = `${PREREQ_MISSING_MARK} ${p.name}: ${p.missing ?? ''}${ci ? ' [CI=true: failing]' : ' [tests skipped]'}`;
    if (!announced.has(line)) {
      announced.add(line);
      log(line);
    }
    if (ci)
      test(`prerequisite ${p.name} is present (CI=true)`, () => {
        throw new Error(`${p.name} is missing under CI=true: ${p.missing ?? ''}`);
      });
  }
  const gated = (name: string, fn: TestBody): void =>
    absent.length === 0 ? test(name, fn) : test.skip(name, fn);
  return Object.assign(gated, { available: absent.length === 0, missing });
}
