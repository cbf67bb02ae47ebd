/**
 * What the membership job sees once per tick, shared by its rounds (lost MDM member replacement,
 * lost SDS removal): the deploy state, and the cluster as the gateway reports it, read once — the
 * MDM cluster (`queryMdmCluster`, or `System.mdmCluster` on 2.x) and the SDSs, devices and pools
 * with one pool statistics query (`readSdsSystem`: lists whose size follows the storage nodes) —
 * with the time it was seen. Each round decides from this value; a part the gateway did not give
 * is a Left with the reason, and each round does what it does without it.
 */
import { isLeft, left, type Either } from 'fp-ts/lib/Either.js';
import {
  gatewayUp,
  gatewayUrlOf,
  type DeployState,
  type SdsSystemView,
} from '@scaleio-framework/orchestrator';
import { describeError, type MdmCluster, type ScaleIOClient } from '@scaleio-framework/scaleio';
import { readSdsSystem } from './sds-view.js';

/** The cluster facts of one gateway read: each part, or why it cannot be had. */
export interface MembershipFacts {
  /** The MDM cluster (replacement's input). */
  readonly cluster: Either<string, MdmCluster>;
  /** The SDSs and pools with their degraded and rebuilding capacity (SDS removal's input). */
  readonly sds: Either<string, SdsSystemView>;
}

/** One tick's observation: the deploy state and the gateway's facts, seen at `atMs`. */
export interface MembershipObservation extends MembershipFacts {
  /** When the read ended (epoch ms, injected time): the `now` the rounds decide with. */
  readonly atMs: number;
  readonly deploy: DeployState;
}

const both = (why: string): MembershipFacts => ({ cluster: left(why), sds: left(why) });

/** The facts through one client: the MDM cluster, then the SDSs and pools; each part on its own. */
export async function readMembershipFacts(
  c: Pick<ScaleIOClient, 'run' | 'mdmCluster'>,
): Promise<MembershipFacts> {
  const cluster = await c.mdmCluster();
  return {
    cluster: isLeft(cluster) ? left(describeError(cluster.left)) : cluster,
    sds: await readSdsSystem(c),
  };
}

/**
 * The tick's observation: the deploy state read once, then, once the gateway is up (`gatewayUp`),
 * {@link readMembershipFacts} through the client of the gateway that state names.
 */
export const membershipObserver =
  (
    deploy: () => DeployState,
    mode: 'full' | 'existing',
    gatewayUrl: string,
    clientFor: (url: string) => ScaleIOClient | string,
    now: () => number,
  ) =>
  async (): Promise<MembershipObservation> => {
    const d = deploy();
    const facts = await (async (): Promise<MembershipFacts> => {
      if (!gatewayUp(d, mode)) return both('the gateway is not up yet');
      const c = clientFor(gatewayUrlOf(gatewayUrl, d));
      return typeof c === 'string' ? both(c) : readMembershipFacts(c);
    })();
    return { atMs: now(), deploy: d, ...facts };
  };

/**
 * One tick of the membership job: observe once, then each round in turn decides from that same
 * value (and performs its effects) — one gateway read per tick, however many rounds.
 */
export const membershipTick =
  (
    observe: () => Promise<MembershipObservation>,
    rounds: readonly ((seen: MembershipObservation) => Promise<unknown>)[],
  ) =>
  async (): Promise<void> => {
    const seen = await observe();
    for (const round of rounds) await round(seen);
  };
