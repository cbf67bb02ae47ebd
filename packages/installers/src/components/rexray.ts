/**
 * REX-Ray and dvdcli. REX-Ray's `/etc/rexray/config.yml` is built as an object and written
 * through the `yaml` library (so no duplicate keys, unlike the original), with the ScaleIO
 * system name or id, protection domain, storage pool, gateway endpoint and TLS settings. REX-Ray
 * is ordered after `scini` and (re)started when its configuration changed.
 *
 * The keys are the ones REX-Ray 0.11.4 registers (`libstorage/drivers/storage/scaleio/scaleio.go`:
 * `scaleio.endpoint`, `insecure`, `useCerts`, `userName`, `password`, `systemID`/`systemName`,
 * `protectionDomainName`, `storagePoolName`, `thinOrThick`, `version`). The API version key is
 * `scaleio.version` (its docs page says `apiVersion`, which the 0.11.4 code never reads). Mount
 * preemption and `ignoreUsedCount` sit under `libstorage.integration.volume.operations`, as its
 * Mesos page recommends for mesos-module-dvdi (`.docs/user-guide/schedulers/mesos.md`).
 *
 * TLS, as REX-Ray 0.11.4 really does it: it vendors goscaleio at 35ca2e9 (branch
 * `support/tls-sio-gw-2.0.0.2`, rexray v0.11.4 `Gopkg.lock`), whose `NewClientWithArgs` dials the
 * gateway with `InsecureSkipVerify: true` whatever `insecure` says, and whose `useCerts` only
 * fills `RootCAs` with goscaleio's own compiled-in CA bundle (`certs.go`, `pemCerts`). So no
 * REX-Ray 0.11 can verify or pin the gateway's self-signed certificate (`CN=localhost.localdomain`,
 * no CA, no matching name); `useCerts: true` would only claim a check that cannot pass on any
 * build that does verify. The file says what the framework decided: `insecure` only when the
 * operator turned verification off, `useCerts: false` (the system trust store, in goscaleio
 * builds that verify). The pinned check is the scheduler's; REX-Ray's limit is documented.
 */
import * as t from 'io-ts';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { stringify } from 'yaml';
import type { SupportedOs } from '../os.js';
import { blocked, done, pending, type Component, type InstallStep } from '../plan.js';
import { secret, type Secret, type Text } from '../secret.js';
import { fileStep, restartOnChangeStep } from './common.js';
import { PackageSource, packageStep } from './packages.js';

/** A package file in the repository (codec): a {@link PackageSource}. */
export const RepoPackage = PackageSource;
/** A package file in the repository. */
export type RepoPackage = PackageSource;

/** What REX-Ray talks to (codec). Exactly one of `systemName` / `systemId` is needed. */
export const RexrayParams = t.intersection([
  t.type({
    /** Gateway base, e.g. `https://10.0.0.1:443`; `/api` is appended. */
    gateway: t.string,
    protectionDomain: t.string,
    storagePool: t.string,
    package: RepoPackage,
  }),
  t.partial({
    systemName: t.string,
    systemId: t.string,
    /** Skip TLS verification of the gateway (self-signed certificates). Default false. */
    insecure: t.boolean,
    /** goscaleio's compiled-in CA bundle instead of the system's. Default false (see above). */
    useCerts: t.boolean,
    thinOrThick: t.keyof({ ThinProvisioned: null, ThickProvisioned: null }),
    /** The gateway API version REX-Ray should use (written as `scaleio.version`); default: ask the gateway. */
    apiVersion: t.string,
    userName: t.string,
    logLevel: t.keyof({ error: null, warn: null, info: null, debug: null }),
  }),
]);
/** What REX-Ray talks to. */
export type RexrayParams = t.TypeOf<typeof RexrayParams>;

/** REX-Ray's configuration file. */
export const REXRAY_CONFIG = '/etc/rexray/config.yml';
/** The systemd drop-in that orders REX-Ray after scini. */
export const REXRAY_DROPIN = '/etc/systemd/system/rexray.service.d/10-after-scini.conf';
/** REX-Ray's SysV init script (Ubuntu 14.04). */
export const REXRAY_INITD = '/etc/init.d/rexray';

const PLACEHOLDER = 'SCALEIO_FRAMEWORK_PASSWORD_PLACEHOLDER_0f3c9a';

const gatewayEndpoint = (gw: string): string => {
  const base = gw.replace(/\/+$/, '');
  return base.endsWith('/api') ? base : `${base}/api`;
};

/**
 * The config.yml content. The password is a YAML double-quoted scalar inside a {@link Secret},
 * so the rendered text shows `<secret:…>` while the file gets the real value.
 */
export const rexrayConfig = (p: RexrayParams, password: Secret): Text => {
  const lib = { service: 'scaleio' };
  const config = {
    rexray: {
      logLevel: p.logLevel ?? 'warn',
      modules: {
        'default-docker': {
          type: 'docker',
          host: 'unix:///run/docker/plugins/docker.sock',
          libstorage: lib,
        },
        rexray: { type: 'docker', host: 'unix:///run/docker/plugins/rexray.sock', libstorage: lib },
        mesos: { type: 'docker', host: 'unix:///run/docker/plugins/mesos.sock', libstorage: lib },
      },
    },
    libstorage: {
      service: 'scaleio',
      integration: {
        volume: { operations: { mount: { preempt: true }, unmount: { ignoreUsedCount: true } } },
      },
    },
    scaleio: {
      endpoint: gatewayEndpoint(p.gateway),
      ...(p.apiVersion === undefined ? {} : { version: p.apiVersion }),
      insecure: p.insecure ?? false,
      useCerts: p.useCerts ?? false,
      thinOrThick: p.thinOrThick ?? 'ThinProvisioned',
      userName: p.userName ?? 'admin',
      password: PLACEHOLDER,
      ...(p.systemId !== undefined ? { systemID: p.systemId } : { systemName: p.systemName ?? '' }),
      protectionDomainName: p.protectionDomain,
      storagePoolName: p.storagePool,
    },
  };
  const text = stringify(config, { aliasDuplicateObjects: false, lineWidth: 0 });
  const [before, after] = text.split(PLACEHOLDER) as [string, string];
  return [before, secret(password.name, JSON.stringify(password.reveal())), after];
};

/** Inserts "start scini first" into REX-Ray's init script (pure); `Left` when the script has no start line. */
export const orderInitScript = (text: string): Either<string, string> => {
  const marker = '# scaleio-framework: start scini first';
  if (text.includes(marker)) return right(text);
  const m = /^(\s*)(\S*rexray start\b.*)$/m.exec(text);
  if (m === null) return left(`no "rexray start" line found in ${REXRAY_INITD}`);
  const line = `${m[1] ?? ''}if [ -e /etc/init.d/scini ]; then /etc/init.d/scini start; fi ${marker}\n`;
  return right(text.slice(0, m.index) + line + text.slice(m.index));
};

const orderStep = (os: SupportedOs): InstallStep =>
  os.init === 'systemd'
    ? {
        ...fileStep(
          'rexray.after-scini',
          'Order rexray.service after scini.service',
          REXRAY_DROPIN,
          '[Unit]\nAfter=scini.service\nWants=scini.service\n',
          0o644,
        ),
        actions: [
          {
            kind: 'write',
            path: REXRAY_DROPIN,
            content: '[Unit]\nAfter=scini.service\nWants=scini.service\n',
            mode: 0o644,
          },
          { kind: 'run', argv: ['systemctl', 'daemon-reload'] },
        ],
      }
    : {
        id: 'rexray.after-scini',
        description: `Make ${REXRAY_INITD} start scini first`,
        check: async (host) => {
          const cur = await host.readFile(REXRAY_INITD);
          if (isLeft(cur)) return cur;
          if (cur.right === undefined)
            return right(blocked(`${REXRAY_INITD} is missing; is REX-Ray installed?`));
          return right(
            cur.right.includes('# scaleio-framework: start scini first')
              ? done('init script starts scini first')
              : pending('init script does not start scini first'),
          );
        },
        actions: [
          {
            kind: 'edit',
            path: REXRAY_INITD,
            mode: 0o755,
            summary:
              'insert "if [ -e /etc/init.d/scini ]; then /etc/init.d/scini start; fi" before "rexray start"',
            edit: (old) => (old === undefined ? left('file is missing') : orderInitScript(old)),
          },
        ],
      };

const defaultFile = (os: SupportedOs, name: string, version: string): string =>
  os.packageFormat === 'rpm' ? `${name}-${version}-1.x86_64.rpm` : `${name}_${version}-1_amd64.deb`;

/** REX-Ray: config, package, ordering after scini, and a running service with the current config. */
export const rexrayComponent = (os: SupportedOs, p: RexrayParams, password: Secret): Component => {
  const content = rexrayConfig(p, password);
  return {
    name: 'rexray',
    steps: [
      packageStep('rexray.package', `Install rexray ${p.package.version}`, os, {
        name: 'rexray',
        version: p.package.version,
        file: p.package.file ?? defaultFile(os, 'rexray', p.package.version),
        source: p.package,
      }),
      fileStep(
        'rexray.config',
        `Write ${REXRAY_CONFIG} for ScaleIO system ${p.systemId ?? p.systemName ?? '?'}, ${p.protectionDomain}/${p.storagePool}`,
        REXRAY_CONFIG,
        content,
        0o600,
      ),
      orderStep(os),
      restartOnChangeStep(
        'rexray.service',
        os,
        'rexray',
        os.init === 'systemd' ? [REXRAY_CONFIG, REXRAY_DROPIN] : [REXRAY_CONFIG],
        ['scini'],
      ),
    ],
  };
};

/** dvdcli, from the repository. */
export const dvdcliComponent = (os: SupportedOs, pkg: RepoPackage): Component => ({
  name: 'dvdcli',
  steps: [
    packageStep('dvdcli.package', `Install dvdcli ${pkg.version}`, os, {
      name: 'dvdcli',
      version: pkg.version,
      file: pkg.file ?? defaultFile(os, 'dvdcli', pkg.version),
      source: pkg,
    }),
  ],
});
