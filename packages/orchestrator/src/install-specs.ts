import type { InstallSpec } from '@scaleio-framework/installers';
import type { DeployStepSpec, DiskPolicy } from './task-data.js';

const agentConfig = (flags: string) =>
  flags.startsWith('flags-file:')
    ? ({ layout: 'flags-file', path: flags.slice('flags-file:'.length) } as const)
    : ({ layout: 'mesos-slave-dir' } as const);

const installRole = (r: DeployStepSpec['role']) =>
  r === 'primary' || r === 'secondary' || r === 'tiebreaker' ? r : 'data';

/**
 * The installer components of a deploy step on this node (pure): which packages, from where,
 * with which cluster facts. The password is not in here; it is handed to the plan as a secret.
 */
export function installSpecsFor(s: DeployStepSpec): InstallSpec[] {
  const repo = s.packageRepoUrl.replace(/\/?$/, '/');
  // Where every package file comes from and what it must hash to (checked on the node).
  const source = (version: string) => ({
    baseUrl: repo,
    version,
    sha256s: s.packageSha256 ?? {},
    ...(s.packageRepoCa === undefined ? {} : { ca: s.packageRepoCa }),
  });
  const scaleio = source(s.versions.scaleio);
  const mdmAddresses = s.mdms.filter((m) => m.role !== 'tiebreaker').map((m) => m.ip);
  const role = installRole(s.role);
  switch (s.step) {
    case 'prereqs':
      return [{ component: 'prereqs', params: {}, role }];
    case 'mdm-package':
      return [{ component: 'mdm', params: { package: scaleio }, role }];
    case 'mdm-cluster': {
      const primary = s.mdms.find((m) => m.role === 'primary');
      if (!primary) return [];
      return [
        {
          component: 'mdm-cluster',
          role: 'primary',
          params: {
            systemName: s.systemName,
            primary: { ip: primary.ip, name: primary.name },
            managers: s.mdms
              .filter((m) => m.role === 'secondary')
              .map((m) => ({ ip: m.ip, name: m.name })),
            tiebreakers: s.mdms
              .filter((m) => m.role === 'tiebreaker')
              .map((m) => ({ ip: m.ip, name: m.name })),
          },
        },
      ];
    }
    case 'lia':
      return [{ component: 'lia', params: { package: scaleio }, role }];
    case 'gateway':
      return [
        {
          component: 'gateway',
          params: { package: scaleio, mdmAddresses, bypassCertificateCheck: s.insecureTls },
          role,
        },
      ];
    case 'sds':
      return [{ component: 'sds', params: { package: scaleio }, role }];
    case 'sdc':
      return [{ component: 'sdc', params: { package: scaleio, mdmAddresses }, role }];
    case 'rexray':
      return [
        {
          component: 'rexray',
          role,
          params: {
            gateway: s.gatewayUrl,
            protectionDomain: s.protectionDomain,
            storagePool: s.storagePool,
            systemName: s.systemName,
            insecure: s.insecureTls,
            package: source(s.versions.rexray),
          },
        },
      ];
    case 'dvdcli':
      return [
        {
          component: 'dvdcli',
          role,
          params: { package: source(s.versions.dvdcli) },
        },
      ];
    case 'dvdi':
      return [
        {
          component: 'mesos-module-dvdi',
          role,
          params: {
            library: source(s.versions.dvdi),
            agent: agentConfig(s.agentFlags),
          },
        },
      ];
    case 'agent-restart':
      return [
        {
          component: 'agent-restart',
          role,
          params: { agent: agentConfig(s.agentFlags), service: s.agentService },
        },
      ];
    case 'storage-objects':
      return []; // done by the scheduler through the gateway
  }
}

/**
 * The disk policy of a deploy step (pure): what its `sds` step may offer to the pool. No policy
 * in the spec: every free disk.
 */
export const devicePolicyOf = (s: DeployStepSpec): DiskPolicy => s.diskPolicy ?? {};
