/**
 * The deploy step spec of a node (what travels in `TaskInfo.data`), the MDM members with their
 * names, and the one gateway-URL rule.
 */
import { isMdm } from '../roles.js';
import type { DeployStep } from '../plan.js';
import type { DeployState, NodeState } from '../state.js';
import type { DeployStepSpec, MdmMember } from '../task-data.js';
import type { SchedulerSettings } from './settings.js';

/** The primary of each state seen: states are immutable, and the periodic jobs ask every tick. */
const primaries = new WeakMap<DeployState, { readonly node: NodeState | undefined }>();
const primaryOf = (s: DeployState): NodeState | undefined => {
  const known = primaries.get(s);
  if (known !== undefined) return known.node;
  let node: NodeState | undefined;
  for (const id in s.nodes) {
    const n = s.nodes[id as keyof typeof s.nodes];
    if (n?.role === 'primary') {
      node = n;
      break;
    }
  }
  primaries.set(s, { node });
  return node;
};

/**
 * The gateway's URL: the configured one, else `https://<primary MDM ip>` once the primary is
 * chosen, else `''` (not known yet).
 */
export const gatewayUrlOf = (configured: string, s: DeployState): string => {
  if (configured !== '') return configured;
  const primary = primaryOf(s);
  return primary ? `https://${primary.ip}` : '';
};

/**
 * The SHA-256 fingerprint of the certificate to pin for the gateway: the one the primary's
 * `gateway` step reported (the default gateway URL is the primary's), or `undefined` before
 * that (or for a state written before certificates were reported).
 */
export const pinnedGatewayFingerprint = (s: DeployState): string | undefined =>
  primaryOf(s)?.gatewayCertificate?.sha256;

/**
 * Whether the gateway answers by now: an existing system's always does; a deployed one after the
 * primary's `gateway` step (or, with no primary known yet, not before it exists).
 */
export const gatewayUp = (s: DeployState, mode: 'full' | 'existing'): boolean =>
  mode === 'existing' || (primaryOf(s)?.steps['gateway']?.status ?? 'done') === 'done';

const order = { primary: 0, secondary: 1, tiebreaker: 2 } as const;

/**
 * Every MDM, primary first, with its ScaleIO name (`mdm1`, `mdm2`…, `tb1`…): deployed ones from
 * the state, an existing system's from the configured addresses.
 */
export function mdmMembers(s: DeployState, settings: SchedulerSettings): MdmMember[] {
  const spec = settings.spec;
  if (spec.mode === 'existing')
    return spec.existingMdmIps.map((ip, i) => ({
      ip,
      name: `mdm${i + 1}`,
      role: i === 0 ? 'primary' : 'secondary',
    }));
  const ns = Object.values(s.nodes)
    .filter((n) => isMdm(n.role))
    .sort(
      (a, b) =>
        order[a.role as keyof typeof order] - order[b.role as keyof typeof order] ||
        a.agentId.localeCompare(b.agentId),
    );
  let sec = 0;
  let tb = 0;
  return ns.map((n) => {
    const role = n.role as MdmMember['role'];
    const name =
      role === 'primary' ? 'mdm1' : role === 'secondary' ? `mdm${2 + sec++}` : `tb${1 + tb++}`;
    return { ip: n.ip, name, role };
  });
}

/** The deploy steps that download package files (and so need their digests). */
const DOWNLOADS: ReadonlySet<DeployStep> = new Set<DeployStep>([
  'mdm-package',
  'lia',
  'gateway',
  'sds',
  'sdc',
  'rexray',
  'dvdcli',
  'dvdi',
]);

/** The package digests and the repository's CA, as a step spec carries them. */
const repoTrust = (settings: SchedulerSettings) => ({
  ...(settings.steps.packageSha256 === undefined
    ? {}
    : { packageSha256: { ...settings.steps.packageSha256 } }),
  ...(settings.steps.packageRepoCa === undefined
    ? {}
    : { packageRepoCa: settings.steps.packageRepoCa }),
});

/** The spec of one deploy step on one node, without the password. Pure. */
export const deployStepSpec = (
  s: DeployState,
  settings: SchedulerSettings,
  n: NodeState,
  step: DeployStep,
): DeployStepSpec => ({
  step,
  role: n.role,
  agentId: n.agentId,
  hostname: n.hostname,
  ip: n.ip,
  mode: settings.spec.mode,
  systemName: settings.spec.systemName,
  protectionDomain: settings.spec.protectionDomain,
  storagePool: settings.spec.storagePool,
  mdms: mdmMembers(s, settings),
  gatewayUrl: gatewayUrlOf(settings.steps.gatewayUrl, s),
  gatewayUser: settings.steps.gatewayUser,
  packageRepoUrl: settings.steps.packageRepoUrl,
  versions: settings.steps.versions,
  agentFlags: settings.steps.agentFlags,
  agentService: settings.steps.agentService,
  insecureTls: settings.steps.insecureTls,
  ...(step === 'sds' && settings.steps.diskPolicy !== undefined
    ? { diskPolicy: settings.steps.diskPolicy }
    : {}),
  ...(DOWNLOADS.has(step) ? repoTrust(settings) : {}),
});
