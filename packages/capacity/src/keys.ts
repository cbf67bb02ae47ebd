import { createHash } from 'node:crypto';
import type { ClusterId, IdempotencyKey, NodeId } from './ids.js';

/** The inputs that make one provisioning intent unique. */
export interface KeyParts {
  readonly cluster: ClusterId;
  /** The storage pool being grown (e.g. `pd1/sp1`). */
  readonly pool: string;
  readonly node: NodeId;
  /** The ledger sequence number of the expansion. */
  readonly seq: number;
  /** Bumped only when a key is burned (e.g. an asynchronous failure); 0 by default. */
  readonly attempt?: number;
}

/**
 * A deterministic {@link IdempotencyKey}: `sio-` plus 40 hex digits of SHA-256 over the parts.
 * The same parts always give the same key, so a replay after a crash reuses it.
 */
export const deriveIdempotencyKey = (p: KeyParts): IdempotencyKey => {
  const h = createHash('sha256')
    .update(JSON.stringify([p.cluster, p.pool, p.node, p.seq, p.attempt ?? 0]))
    .digest('hex')
    .slice(0, 40);
  return `sio-${h}` as IdempotencyKey;
};
