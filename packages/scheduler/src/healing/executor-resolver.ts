/**
 * The {@link DeviceResolverPort} over the node's executor: a `resolve-device` probe task on the
 * node's Mesos agent (NVMe serial → in-guest path, checked to be the new, empty disk). A node
 * whose agent has not been seen since a restart is `notReady`: agents are looked for, and the
 * healer waits without using an attempt.
 */
import type { NodeId } from '@scaleio-framework/capacity';
import type { AgentId, ResolveDeviceSpec } from '@scaleio-framework/orchestrator';
import type { DeviceResolverPort } from './ports.js';

/** What a probe answered. */
export type ProbeAnswer =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly error: string };

/** Options of {@link executorResolver}. */
export interface ExecutorResolverOptions {
  /** The Mesos agent of a cloud node, once its offers were seen; undefined before. */
  readonly agentOf: (node: NodeId) => AgentId | undefined;
  /** Runs a probe on the agent's executor (the scheduler core's `probe`); `signal` cancels it. */
  readonly probe: (
    agentId: AgentId,
    spec: ResolveDeviceSpec,
    signal?: AbortSignal,
  ) => Promise<ProbeAnswer>;
  /** Looks for agents (offers are suppressed while nothing runs); called for an unknown node. */
  readonly discover: () => unknown;
  /** How long one probe may take (default 2 minutes). */
  readonly timeoutMs?: number;
}

/** The executor's device resolver. */
export const executorResolver = (o: ExecutorResolverOptions): DeviceResolverPort => ({
  resolve: async (node, v) => {
    const agentId = o.agentOf(node);
    if (agentId === undefined) {
      void o.discover();
      return {
        ok: false,
        error: `no agent known for instance ${node}`,
        retryable: true,
        notReady: true,
      };
    }
    const signal = AbortSignal.timeout(o.timeoutMs ?? 120_000);
    const timedOut = new Promise<ProbeAnswer>((done) =>
      signal.addEventListener('abort', () => done({ ok: false, error: 'probe timed out' }), {
        once: true,
      }),
    );
    const spec: ResolveDeviceSpec = {
      kind: 'resolve-device',
      volumeId: v.volume,
      sizeGiB: v.sizeGiB,
      guestPaths: [...v.guestPaths],
    };
    const r = await Promise.race([o.probe(agentId, spec, signal), timedOut]);
    return r.ok ? { ok: true, path: r.path } : { ok: false, error: r.error, retryable: true };
  },
});
