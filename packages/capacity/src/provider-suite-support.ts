/** Types and helpers of the provider conformance suite (see `provider-suite.ts`). */
import { AssertionError, strictEqual } from 'node:assert/strict';
import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import type { CapacityProvider, NodeCapacity, VolumeSpec } from './provider.js';
import type { ProviderError, ProviderErrorTag } from './errors.js';
import type { IdempotencyKey, NodeId, VolumeId } from './ids.js';
import { deriveIdempotencyKey } from './keys.js';

/** What one case runs against; {@link MakeTarget} builds a fresh one per case. */
export interface SuiteTarget {
  readonly provider: CapacityProvider;
  /** A node with at least 2 free attachment slots. */
  readonly node: NodeId;
  /** Another node in the same zone as `node`, with at least 1 free slot. */
  readonly peer: NodeId;
  /** A node in another zone than `node` (feature `zones`). */
  readonly otherZoneNode?: NodeId;
  /** A node with 1–8 free slots, to reach its attachment limit (feature `attachmentLimit`). */
  readonly smallNode?: NodeId;
  /** A provider of another cluster id on the same backend (feature `clusters`). */
  readonly otherCluster?: CapacityProvider;
  /** A valid, small volume spec. */
  readonly spec: VolumeSpec;
  /** Mixed into every idempotency key, for backends that outlive one run (tokens are remembered). */
  readonly keySalt?: string;
  /** Releases the backend. The suite has already detached and deleted what it created. */
  close(): Promise<void>;
}

/** Builds a fresh {@link SuiteTarget}. */
export type MakeTarget = () => Promise<SuiteTarget>;

/** One named conformance case. */
export interface SuiteCase {
  readonly name: string;
  readonly run: () => Promise<void>;
}

/** Which optional behaviours the backend models; all default to `true`. */
export interface SuiteFeatures {
  readonly zones?: boolean;
  readonly attachmentLimit?: boolean;
  readonly clusters?: boolean;
}

/** The Right value, or an AssertionError naming the step and the provider error. */
export const must = <A>(e: Either<ProviderError, A>, step: string): A => {
  if (isLeft(e)) {
    throw new AssertionError({ message: `${step}: unexpected ${e.left._tag}: ${e.left.message}` });
  }
  return e.right;
};

/** The Left value with the expected tag, or an AssertionError. */
export const mustFail = <A>(
  e: Either<ProviderError, A>,
  tag: ProviderErrorTag,
  step: string,
): ProviderError => {
  if (!isLeft(e)) throw new AssertionError({ message: `${step}: expected ${tag}, got success` });
  strictEqual(e.left._tag, tag, `${step}: expected ${tag}, got ${e.left._tag}: ${e.left.message}`);
  return e.left;
};

/** The value, or an AssertionError naming what the target lacks. */
export const required = <A>(a: A | undefined, what: string): A => {
  if (a === undefined) throw new AssertionError({ message: `the target lacks ${what}` });
  return a;
};

/** The deterministic idempotency key of case step `seq` on `node`. */
export const key = (t: SuiteTarget, node: NodeId, seq: number): IdempotencyKey =>
  deriveIdempotencyKey({
    cluster: t.provider.cluster,
    pool: `suite/${t.keySalt ?? ''}`,
    node,
    seq,
  });

/** Detaches and deletes every volume the provider owns (errors ignored). */
export const cleanup = async (p: CapacityProvider): Promise<void> => {
  const owned = await p.listOwned();
  if (isLeft(owned)) return;
  for (const v of owned.right) {
    if (v.attachment !== undefined) await p.detach(v.id, v.attachment.node);
    await p.delete(v.id);
  }
};

/** A node's capacity, asserting success. */
export const slots = async (t: SuiteTarget, node: NodeId): Promise<NodeCapacity> =>
  must(await t.provider.describeNode(node), `describeNode(${node})`);

/** Provisions a volume of the target's spec on `node`, asserting success. */
export const provisioned = async (t: SuiteTarget, node: NodeId, seq: number): Promise<VolumeId> =>
  must(
    await t.provider.provision({
      key: key(t, node, seq),
      node,
      spec: t.spec,
      tags: { purpose: 'suite' },
    }),
    'provision',
  ).id;

/** The body of one case. */
export type Body = (t: SuiteTarget) => Promise<void>;
