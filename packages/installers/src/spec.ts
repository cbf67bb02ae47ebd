/**
 * Install specs: the serializable description of a component install (`{component, role?, os?,
 * params}`), the input of {@link buildPlan} (the `installers-plan` CLI reads them from JSON; the
 * framework's executor derives them from the deploy step it runs). Secrets never travel in a
 * spec; they are given to {@link buildPlan} separately, by name.
 */
import * as t from 'io-ts';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { decodeSafely } from './decode-report.js';
import { invalidInput, type InstallerError, type InvalidInput } from './errors.js';
import type { Host } from './host.js';
import { detectOs, SupportedOs } from './os.js';
import type { Component, Plan } from './plan.js';
import type { Secret } from './secret.js';
import { ClusterParams, clusterComponent } from './components/cluster.js';
import { OwnershipParams, ownershipComponent } from './components/mdm-ownership.js';
import { MembershipParams, membershipComponent } from './components/mdm-membership.js';
import {
  AgentRestartParams,
  DvdiParams,
  agentRestartComponent,
  dvdiComponent,
} from './components/mesos.js';
import {
  RepoPackage,
  RexrayParams,
  dvdcliComponent,
  rexrayComponent,
} from './components/rexray.js';
import {
  GatewayOptions,
  ScaleIoPackage,
  gatewayComponent,
  liaComponent,
  mdmComponent,
  prereqsComponent,
  sdcComponent,
  sdsComponent,
} from './components/scaleio.js';

/** A node's persona in the ScaleIO deployment (codec). */
export const NodeRole = t.keyof({ primary: null, secondary: null, tiebreaker: null, data: null });
/** A node's persona in the ScaleIO deployment. */
export type NodeRole = t.TypeOf<typeof NodeRole>;

const Addresses = t.array(t.string);

/** The component and its parameters (codec). */
export const ComponentSpec = t.union([
  t.type({
    component: t.literal('prereqs'),
    params: t.partial({ extraPackages: t.array(t.string) }),
  }),
  t.type({ component: t.literal('mdm'), params: t.type({ package: ScaleIoPackage }) }),
  t.type({ component: t.literal('sds'), params: t.type({ package: ScaleIoPackage }) }),
  t.type({
    component: t.literal('sdc'),
    params: t.type({ package: ScaleIoPackage, mdmAddresses: Addresses }),
  }),
  t.type({ component: t.literal('lia'), params: t.type({ package: ScaleIoPackage }) }),
  t.type({
    component: t.literal('gateway'),
    params: t.intersection([
      t.type({ package: ScaleIoPackage, mdmAddresses: Addresses }),
      GatewayOptions,
    ]),
  }),
  t.type({ component: t.literal('mdm-cluster'), params: ClusterParams }),
  t.type({ component: t.literal('rexray'), params: RexrayParams }),
  t.type({ component: t.literal('dvdcli'), params: t.type({ package: RepoPackage }) }),
  t.type({ component: t.literal('mesos-module-dvdi'), params: DvdiParams }),
  t.type({ component: t.literal('agent-restart'), params: AgentRestartParams }),
  t.type({ component: t.literal('mdm-ownership'), params: OwnershipParams }),
  t.type({ component: t.literal('mdm-membership'), params: MembershipParams }),
]);
/** The component and its parameters. */
export type ComponentSpec = t.TypeOf<typeof ComponentSpec>;

/** The names of all components. */
export type ComponentName = ComponentSpec['component'];

/** An install spec (codec): what to install, for which persona, optionally for a known OS. */
export const InstallSpec = t.intersection([
  ComponentSpec,
  t.partial({ role: NodeRole, os: SupportedOs, planId: t.string }),
]);
/** An install spec. */
export type InstallSpec = t.TypeOf<typeof InstallSpec>;

/** Secrets a plan may need, by name. */
export interface PlanSecrets {
  /** The ScaleIO admin password (MDM cluster, LIA token, gateway, REX-Ray). */
  readonly adminPassword?: Secret;
}

/** Decodes an install spec from JSON-parsed input; every problem is a clear `InvalidInput`. */
export const decodeInstallSpec = (u: unknown): Either<InvalidInput, InstallSpec> => {
  const r = decodeSafely(InstallSpec, u);
  return isLeft(r) ? left(invalidInput(`invalid step spec: ${r.left.join('; ')}`)) : r;
};

/** Decodes an install spec from bytes (a file or a message field). */
export const decodeInstallSpecBytes = (
  data: Uint8Array | string,
): Either<InvalidInput, InstallSpec> => {
  try {
    return decodeInstallSpec(
      JSON.parse(typeof data === 'string' ? data : Buffer.from(data).toString('utf8')),
    );
  } catch {
    return left(invalidInput('step spec is not JSON')); // V8's message would quote the spec
  }
};

/** Encodes an install spec as JSON text. */
export const encodeInstallSpec = (s: InstallSpec): string => JSON.stringify(InstallSpec.encode(s));

const needPassword = (spec: InstallSpec, secrets: PlanSecrets): Either<InvalidInput, Secret> =>
  secrets.adminPassword === undefined
    ? left(invalidInput(`component ${spec.component} needs the adminPassword secret`))
    : right(secrets.adminPassword);

const componentFor = (
  spec: InstallSpec,
  os: SupportedOs,
  secrets: PlanSecrets,
): Either<InvalidInput, Component> => {
  switch (spec.component) {
    case 'prereqs':
      return right(prereqsComponent(os, spec.params.extraPackages ?? []));
    case 'mdm':
      if (spec.role === undefined || spec.role === 'data')
        return left(invalidInput('component mdm needs role primary, secondary or tiebreaker'));
      return right(
        mdmComponent(
          os,
          spec.params.package,
          spec.role === 'tiebreaker' ? 'tiebreaker' : 'manager',
        ),
      );
    case 'sds':
      return right(sdsComponent(os, spec.params.package));
    case 'sdc':
      if (spec.params.mdmAddresses.length === 0)
        return left(invalidInput('component sdc needs at least one MDM address'));
      return right(sdcComponent(os, spec.params.package, spec.params.mdmAddresses));
    case 'lia': {
      const pw = needPassword(spec, secrets);
      return isLeft(pw) ? pw : right(liaComponent(os, spec.params.package, pw.right));
    }
    case 'gateway': {
      const pw = needPassword(spec, secrets);
      if (isLeft(pw)) return pw;
      const { package: pkg, mdmAddresses, ...opts } = spec.params;
      if (mdmAddresses.length === 0)
        return left(invalidInput('component gateway needs at least one MDM address'));
      return right(gatewayComponent(os, pkg, mdmAddresses, pw.right, opts));
    }
    case 'mdm-cluster': {
      const pw = needPassword(spec, secrets);
      if (isLeft(pw)) return pw;
      if (spec.role !== undefined && spec.role !== 'primary')
        return left(invalidInput('component mdm-cluster runs on the primary MDM only'));
      return clusterComponent(spec.params, pw.right);
    }
    case 'rexray': {
      const pw = needPassword(spec, secrets);
      if (isLeft(pw)) return pw;
      if ((spec.params.systemName === undefined) === (spec.params.systemId === undefined))
        return left(invalidInput('component rexray needs exactly one of systemName and systemId'));
      return right(rexrayComponent(os, spec.params, pw.right));
    }
    case 'dvdcli':
      return right(dvdcliComponent(os, spec.params.package));
    case 'mesos-module-dvdi':
      return right(dvdiComponent(spec.params));
    case 'agent-restart':
      return right(agentRestartComponent(os, spec.params));
    case 'mdm-ownership': {
      const pw = needPassword(spec, secrets);
      return isLeft(pw) ? pw : right(ownershipComponent(spec.params, pw.right));
    }
    case 'mdm-membership': {
      const pw = needPassword(spec, secrets);
      return isLeft(pw) ? pw : right(membershipComponent(spec.params, pw.right));
    }
  }
};

/** Builds the plan of one or more specs for a known OS (pure). */
export const buildPlan = (
  specs: InstallSpec | readonly InstallSpec[],
  os: SupportedOs,
  secrets: PlanSecrets = {},
): Either<InvalidInput, Plan> => {
  const list = Array.isArray(specs) ? (specs as readonly InstallSpec[]) : [specs as InstallSpec];
  const components: Component[] = [];
  for (const s of list) {
    const c = componentFor(s, os, secrets);
    if (isLeft(c)) return c;
    components.push(c.right);
  }
  const first = list[0];
  return right({
    id: first?.planId ?? `${list.map((s) => s.component).join('+')}@${os.id}-${os.version}`,
    title: `${list.map((s) => s.component).join(', ')} on ${os.name}${first?.role === undefined ? '' : ` (${first.role})`}`,
    components,
    secrets: secrets.adminPassword === undefined ? [] : [secrets.adminPassword],
  });
};

/** Builds the plan on the node: uses `spec.os` when given, else detects the OS; unsupported OSes are an `InvalidInput`. */
export const planForNode = async (
  host: Host,
  specs: InstallSpec | readonly InstallSpec[],
  secrets: PlanSecrets = {},
): Promise<Either<InstallerError, Plan>> => {
  const list = Array.isArray(specs) ? (specs as readonly InstallSpec[]) : [specs as InstallSpec];
  let os = list[0]?.os;
  if (os === undefined) {
    const d = await detectOs(host);
    if (isLeft(d)) return d;
    if (d.right._tag === 'unsupported')
      return left(invalidInput(`unsupported OS: ${d.right.reason}`));
    os = d.right;
  }
  return buildPlan(list, os, secrets);
};
