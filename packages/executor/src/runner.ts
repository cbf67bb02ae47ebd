import {
  detectOs,
  inventoryDisks,
  scaleioPackageName,
  planForNode,
  readGatewayCertificate,
  runPlan,
  secret,
  type Host,
} from '@scaleio-framework/installers';
import type { StepRunner } from './core.js';
import {
  devicePolicyOf,
  installSpecsFor,
  membershipInstallSpecs,
  MembershipTaskSpec,
  upgradeInstallSpecs,
  UpgradeTaskSpec,
  type DeployStep,
} from '@scaleio-framework/orchestrator';

const PART_OF_STEP: Partial<Record<DeployStep, 'gateway' | 'lia' | 'mdm' | 'sds' | 'sdc'>> = {
  gateway: 'gateway',
  lia: 'lia',
  'mdm-package': 'mdm',
  sds: 'sds',
  sdc: 'sdc',
};

/** The version of the ScaleIO package an upgrade task replaced, read from dpkg/rpm after it. */
const upgradedVersions = async (
  host: Host,
  spec: UpgradeTaskSpec,
): Promise<Record<string, string>> => {
  const part = spec.newMasterIp === undefined ? PART_OF_STEP[spec.step] : undefined;
  if (part === undefined) return {};
  const os = await detectOs(host);
  if (os._tag === 'Left' || os.right._tag !== 'supported' || os.right.packageFormat === 'none')
    return {};
  const v = await host.packageVersion(os.right.packageFormat, scaleioPackageName(os.right, part));
  return v._tag === 'Right' && v.right !== undefined ? { [part]: v.right } : {};
};

const errText = (e: { message?: string; _tag?: string }) => e.message ?? e._tag ?? 'error';

/**
 * Runs deploy steps with the installers on this node's host. The `sds` step also reports the
 * free disks (never mounted, partitioned, formatted, loop/ram/mapper/scini) for the pool; the
 * `gateway` step the certificate the gateway serves (PEM and SHA-256, read with keytool).
 */
export function installersRunner(
  host: Host,
  log: (msg: string, f?: Record<string, unknown>) => void,
): StepRunner {
  return {
    async run(spec, signal) {
      const upgrade = UpgradeTaskSpec.is(spec) ? spec : undefined;
      const specs =
        upgrade !== undefined
          ? upgradeInstallSpecs(upgrade)
          : MembershipTaskSpec.is(spec)
            ? membershipInstallSpecs(spec)
            : installSpecsFor(spec);
      if (specs.length === 0)
        return { ok: false, error: `step ${spec.step} has nothing to run on a node` };
      const plan = await planForNode(
        host,
        specs,
        spec.password === undefined
          ? {}
          : { adminPassword: secret('scaleio-admin-password', spec.password) },
      );
      if (plan._tag === 'Left') return { ok: false, error: `${spec.step}: ${errText(plan.left)}` };
      const report = await runPlan(plan.right, host, {
        signal,
        onStep: (r) =>
          log('install step', {
            step: spec.step,
            id: r.stepId,
            outcome: r.outcome,
            ms: r.durationMs,
          }),
      });
      if (!report.ok)
        return { ok: false, error: report.error?.message ?? `${spec.step} did not complete` };
      const applied = report.steps.filter((r) => r.outcome === 'applied').map((r) => r.stepId);
      if (upgrade !== undefined)
        return {
          ok: true,
          result: { step: spec.step, applied, versions: await upgradedVersions(host, upgrade) },
        };
      if (spec.step === 'gateway') {
        // The certificate the gateway serves: the scheduler pins it for its calls.
        const cert = await readGatewayCertificate(host);
        if (cert._tag === 'Left')
          return { ok: false, error: `gateway certificate: ${errText(cert.left)}` };
        return {
          ok: true,
          result: {
            step: spec.step,
            applied,
            ...(cert.right === undefined ? {} : { gatewayCertificate: cert.right }),
          },
        };
      }
      if (spec.step !== 'sds') return { ok: true, result: { step: spec.step, applied } };
      const disks = await inventoryDisks(host, devicePolicyOf(spec));
      if (disks._tag === 'Left')
        return { ok: false, error: `device inventory: ${errText(disks.left)}` };
      return {
        ok: true,
        result: {
          step: spec.step,
          applied,
          devices: disks.right.offered.map((d) => d.path),
          rejected: disks.right.rejected.map((r) => ({ path: r.path, reason: r.reason })),
        },
      };
    },
  };
}
