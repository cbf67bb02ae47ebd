/**
 * Losing an MDM cluster member's machine in the simulators, and reading the replacement back:
 * Mesos marks its agent gone (the operator's MARK_AGENT_GONE), and the machine's ScaleIO
 * services stop (its MDM disconnected, its SDS down), as a dead machine's would.
 */
import type { SimCluster } from './cluster.js';
import { mdmTruth, type MdmMember } from './mdm-truth.js';

/** The member of `role` (the first), with its agent id. */
export function memberOf(c: SimCluster, role: MdmMember['role']): MdmMember & { agentId: string } {
  const m = mdmTruth(c)?.members.find((x) => x.role === role);
  const agent = c.mesos.agents.find((a) => a.hostname === m?.host);
  if (m === undefined || agent === undefined) throw new Error(`no ${role} MDM on an agent`);
  return { ...m, agentId: agent.id };
}

/** The machine of `member` dies: its agent marked gone, its MDM and SDS stopped. */
export async function loseMachine(c: SimCluster, member: { ip: string; agentId: string }) {
  await c.mesos.markAgentGone(member.agentId);
  c.scaleio.reportComponent({ ip: member.ip, component: 'mdm', running: false });
  c.scaleio.upsertNode({ ip: member.ip, sdsService: 'stopped' });
}

/** One replacement as the status shows it. */
export interface ReplacementDoc {
  id: string;
  lost: { hostname: string; ip: string; role: string };
  spare: { hostname: string; ip: string } | null;
  stage: string;
  history: { stage: string; atMs: number; note: string | null }[];
}

/** The status's member replacements. */
export async function replacements(url: string): Promise<ReplacementDoc[]> {
  try {
    const s = (await (await fetch(`${url}/api/v1/status`)).json()) as {
      memberReplacements?: ReplacementDoc[];
    };
    return s.memberReplacements ?? [];
  } catch {
    return [];
  }
}

/** Waits until `ok` holds (polling every 300 ms) or throws with `what` after `ms`. */
export async function waitUntil(
  what: () => string,
  ok: () => boolean | Promise<boolean>,
  ms: number,
) {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
