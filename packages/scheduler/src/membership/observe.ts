/**
 * What the membership job sees once per tick, shared by its rounds (lost MDM member replacement,
 * lost SDS removal): the deploy state, and the cluster as the gateway reports it, read once — one
 * `GET /api/instances` (the MDM cluster embedded in `System.mdmCluster` on 2.x, the SDSs, devices
 * and pools) and one pool statistics query — with the time it was seen. Each round decides from
 * this value; a part the gateway did not give is a Left with the reason, and each round does what
 * it does without it.
 */
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import {
  gatewayUp,
  gatewayUrlOf,
  type DeployState,
  type SdsSystemView,
} from '@scaleio-framework/orchestrator';
import {
  describeError,
  getInstances,
  type MdmCluster,
  type ScaleIOClient,
} from '@scaleio-framework/scaleio';
import { sdsSystemOf } from './sds-view.js';

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

/**
 * The facts through one client: the system document once; the MDM cluster from its `System`
 * (2.x), else `queryMdmCluster` (3.x: reference scaleio-api.md, "In 2.x the same object is
 * embedded in `System.mdmCluster`"); the pools' statistics as {@link sdsSystemOf} asks them.
 */
export async function readMembershipFacts(
  c: Pick<ScaleIOClient, 'run' | 'mdmCluster'>,
): Promise<MembershipFacts> {
  const doc = await c.run(getInstances());
  if (isLeft(doc)) return both(`system document: ${describeError(doc.left)}`);
  const embedded = doc.right.System.mdmCluster;
  const queried = embedded === undefined ? await c.mdmCluster() : right(embedded);
  return {
    cluster: isLeft(queried) ? left(describeError(queried.left)) : queried,
    sds: await sdsSystemOf(c, doc.right),
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
