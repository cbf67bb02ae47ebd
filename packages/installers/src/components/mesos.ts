/**
 * mesos-module-dvdi and the Mesos agent: the isolator library, its modules JSON, the agent flags
 * (isolation merged with the agent's existing isolators, never overwritten; modules set, never
 * clobbering someone else's), for both the Mesosphere `/etc/mesos-slave/*` layout and an
 * environment-style flags file (`MESOS_ISOLATION=…`), and an agent restart when they changed.
 */
import * as t from 'io-ts';
import { isLeft, right } from 'fp-ts/lib/Either.js';
import type { SupportedOs } from '../os.js';
import { blocked, done, pending, type Component, type InstallStep } from '../plan.js';
import { CACHE_DIR, fileStep, readKeyValues, restartOnChangeStep, setKeyValues } from './common.js';
import { expectedSha256, needsDigest, PackageSource, verifiedFetch } from './packages.js';

/** The isolator module's name. */
export const DVDI_MODULE = 'com_emccode_mesos_DockerVolumeDriverIsolator';
/** The modules JSON file. */
export const DVDI_MODULES_JSON = '/usr/lib/dvdi-mod.json';
/** Mesos's default isolation, used when the agent had none configured. */
export const MESOS_DEFAULT_ISOLATION = ['posix/cpu', 'posix/mem'] as const;

/** Where the agent's flags live (codec). */
export const AgentConfig = t.union([
  t.intersection([t.type({ layout: t.literal('mesos-slave-dir') }), t.partial({ dir: t.string })]),
  t.type({ layout: t.literal('flags-file'), path: t.string }),
]);
/** Where the agent's flags live. */
export type AgentConfig = t.TypeOf<typeof AgentConfig>;

/** mesos-module-dvdi parameters (codec). */
export const DvdiParams = t.intersection([
  t.type({
    library: PackageSource,
    agent: AgentConfig,
  }),
  t.partial({ isolatorCommand: t.string }),
]);
/** mesos-module-dvdi parameters. */
export type DvdiParams = t.TypeOf<typeof DvdiParams>;

/** The library path on the node for a version. */
export const dvdiLibraryPath = (version: string): string =>
  `/usr/lib/libmesos_dvdi_isolator-${version}.so`;

/** The modules JSON text (pure). */
export const dvdiModulesJson = (version: string, isolatorCommand = '/emc/dvdi_isolator'): string =>
  `${JSON.stringify(
    {
      libraries: [
        {
          file: dvdiLibraryPath(version),
          modules: [
            {
              name: DVDI_MODULE,
              parameters: [{ key: 'isolator_command', value: isolatorCommand }],
            },
          ],
        },
      ],
    },
    null,
    2,
  )}\n`;

/** Merges the module into an isolation flag value, keeping every existing isolator (pure). */
export const mergeIsolation = (
  existing: string | undefined,
  module: string = DVDI_MODULE,
): string => {
  const cur = (existing ?? '')
    .split(/[,\n]/)
    .map((s) => s.trim().replace(/^"|"$/g, ''))
    .filter((s) => s !== '');
  const base = cur.length === 0 ? [...MESOS_DEFAULT_ISOLATION] : cur;
  return (base.includes(module) ? base : [...base, module]).join(',');
};

/** The `--modules` value this package sets. */
export const MODULES_FLAG = `file://${DVDI_MODULES_JSON}`;

/** The files that hold the agent's isolation and modules flags, for a layout. */
export const agentFlagFiles = (a: AgentConfig): readonly string[] =>
  a.layout === 'flags-file'
    ? [a.path]
    : [`${a.dir ?? '/etc/mesos-slave'}/isolation`, `${a.dir ?? '/etc/mesos-slave'}/modules`];

const firstLine = (s: string | undefined): string | undefined =>
  s
    ?.split('\n')
    .find((l) => l.trim() !== '')
    ?.trim();

const agentFlagsStep = (a: AgentConfig): InstallStep => {
  if (a.layout === 'flags-file') {
    return {
      id: 'dvdi.agent-flags',
      description: `Add ${DVDI_MODULE} to MESOS_ISOLATION and set MESOS_MODULES in ${a.path}`,
      check: async (host) => {
        const cur = await host.readFile(a.path);
        if (isLeft(cur)) return cur;
        const kv = readKeyValues(cur.right ?? '');
        const modules = kv['MESOS_MODULES'];
        if (modules !== undefined && modules !== '' && modules !== MODULES_FLAG)
          return right(
            blocked(
              `${a.path} already sets MESOS_MODULES=${modules}; merge ${DVDI_MODULES_JSON} into it by hand`,
            ),
          );
        const iso = (kv['MESOS_ISOLATION'] ?? '').split(',').map((s) => s.trim());
        return right(
          modules === MODULES_FLAG && iso.includes(DVDI_MODULE)
            ? done('agent flags load the isolator')
            : pending('agent flags do not load the isolator yet'),
        );
      },
      actions: [
        {
          kind: 'edit',
          path: a.path,
          mode: 0o644,
          summary: `MESOS_ISOLATION=<existing isolators>,${DVDI_MODULE}; MESOS_MODULES=${MODULES_FLAG}`,
          edit: (old) =>
            right(
              setKeyValues(old ?? '', {
                MESOS_ISOLATION: mergeIsolation(readKeyValues(old ?? '')['MESOS_ISOLATION']),
                MESOS_MODULES: MODULES_FLAG,
              }),
            ),
        },
      ],
    };
  }
  const [isolation, modules] = agentFlagFiles(a) as [string, string];
  return {
    id: 'dvdi.agent-flags',
    description: `Add ${DVDI_MODULE} to ${isolation} and point ${modules} at ${DVDI_MODULES_JSON}`,
    check: async (host) => {
      const iso = await host.readFile(isolation);
      if (isLeft(iso)) return iso;
      const mod = await host.readFile(modules);
      if (isLeft(mod)) return mod;
      const m = firstLine(mod.right);
      if (m !== undefined && m !== MODULES_FLAG)
        return right(
          blocked(`${modules} already holds "${m}"; merge ${DVDI_MODULES_JSON} into it by hand`),
        );
      const list = (firstLine(iso.right) ?? '').split(',').map((s) => s.trim());
      return right(
        m === MODULES_FLAG && list.includes(DVDI_MODULE)
          ? done('agent flags load the isolator')
          : pending('agent flags do not load the isolator yet'),
      );
    },
    actions: [
      {
        kind: 'edit',
        path: isolation,
        mode: 0o644,
        summary: `append ${DVDI_MODULE} to the existing isolators (default ${MESOS_DEFAULT_ISOLATION.join(',')} when empty)`,
        edit: (old) => right(`${mergeIsolation(firstLine(old))}\n`),
      },
      { kind: 'write', path: modules, content: `${MODULES_FLAG}\n`, mode: 0o644 },
    ],
  };
};

/** mesos-module-dvdi: library, modules JSON, agent flags. */
export const dvdiComponent = (p: DvdiParams): Component => {
  const lib = dvdiLibraryPath(p.library.version);
  const file = p.library.file ?? `libmesos_dvdi_isolator-${p.library.version}.so`;
  const cached = `${CACHE_DIR}/${file}`;
  const sha256 = expectedSha256(p.library, file);
  return {
    name: 'mesos-module-dvdi',
    steps: [
      {
        id: 'dvdi.library',
        description: `Install ${lib}`,
        check: needsDigest(file, sha256, async (host) => {
          const s = await host.stat(lib);
          if (isLeft(s)) return s;
          return right(
            s.right !== undefined && s.right.size > 0
              ? done(`${lib} present`)
              : pending(`${lib} missing`),
          );
        }),
        // Verified in the cache first; only then copied into place (coreutils `install`).
        actions:
          sha256 === undefined
            ? []
            : [
                ...verifiedFetch(p.library, file, cached, sha256),
                { kind: 'run', argv: ['install', '-m', '0755', cached, lib] },
              ],
      },
      fileStep(
        'dvdi.modules-json',
        `Write ${DVDI_MODULES_JSON}`,
        DVDI_MODULES_JSON,
        dvdiModulesJson(p.library.version, p.isolatorCommand),
        0o644,
      ),
      agentFlagsStep(p.agent),
    ],
  };
};

/** Agent restart parameters (codec). */
export const AgentRestartParams = t.intersection([
  t.type({ agent: AgentConfig }),
  t.partial({ service: t.string }),
]);
/** Agent restart parameters. */
export type AgentRestartParams = t.TypeOf<typeof AgentRestartParams>;

/** Restarts the Mesos agent when its flag files or the modules JSON changed since its last restart by us. */
export const agentRestartComponent = (os: SupportedOs, p: AgentRestartParams): Component => ({
  name: 'agent-restart',
  steps: [
    restartOnChangeStep('agent.restart', os, p.service ?? 'mesos-slave', [
      ...agentFlagFiles(p.agent),
      DVDI_MODULES_JSON,
    ]),
  ],
});
