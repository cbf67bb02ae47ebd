import * as t from 'io-ts';

/** A Mesos agent id (`AgentID.value`), branded so it cannot be mixed up with other strings. */
export interface AgentIdBrand {
  readonly AgentId: unique symbol;
}
/** Codec of {@link AgentId}. */
export const AgentId = t.brand(
  t.string,
  (s): s is t.Branded<string, AgentIdBrand> => s.length > 0,
  'AgentId',
);
/** A Mesos agent id. */
export type AgentId = t.TypeOf<typeof AgentId>;

/** What the orchestrator knows about an agent: taken from its offers, never from IO of its own. */
export const AgentFacts = t.type({
  agentId: AgentId,
  hostname: t.string,
  /** The agent's IP address (the offer's `url.address.ip`, or the hostname when absent). */
  ip: t.string,
  /** Agent attributes, text and scalar values both rendered as strings. */
  attributes: t.record(t.string, t.string),
  /** Unreserved plus role-reserved scalar resources seen in the agent's latest offer. */
  resources: t.type({ cpus: t.number, memMb: t.number }),
});
/** What the orchestrator knows about an agent. */
export type AgentFacts = t.TypeOf<typeof AgentFacts>;

/** Storage an agent provides or consumes, declared with the original framework's attributes. */
export interface DeclaredStorage {
  /** `scaleio-sds-domains` and what hangs off it: pd -> pool -> device paths. */
  readonly provides: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** `scaleio-sdc-domains` and `scaleio-sdc-<pd>`: pd -> pools consumed. */
  readonly consumes: Readonly<Record<string, readonly string[]>>;
  /** `scaleio-persona`, when set to a known value. */
  readonly persona: 'primary' | 'secondary' | 'tiebreaker' | undefined;
  /** True when any `scaleio-sds-*` or `scaleio-sdc-*` attribute is present. */
  readonly imperative: boolean;
}

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/**
 * Reads the original framework's agent-attribute grammar:
 * `scaleio-sds-domains=pd1,pd2`, `scaleio-sds-<pd>=sp1,sp2`, devices in `scaleio-sds-<pd>-<sp>`
 * (or the older `scaleio-sds-<sp>`), `scaleio-sdc-domains`, `scaleio-sdc-<pd>=sp`, and
 * `scaleio-persona`. Unlike the original, the `sdc` tree fills `consumes`, not `provides`.
 */
export function declaredStorage(attributes: Readonly<Record<string, string>>): DeclaredStorage {
  const provides: Record<string, Record<string, string[]>> = {};
  for (const pd of list(attributes['scaleio-sds-domains'])) {
    const pools: Record<string, string[]> = {};
    for (const sp of list(attributes[`scaleio-sds-${pd}`]))
      pools[sp] = list(attributes[`scaleio-sds-${pd}-${sp}`] ?? attributes[`scaleio-sds-${sp}`]);
    provides[pd] = pools;
  }
  const consumes: Record<string, string[]> = {};
  for (const pd of list(attributes['scaleio-sdc-domains']))
    consumes[pd] = list(attributes[`scaleio-sdc-${pd}`]);
  const p = attributes['scaleio-persona'];
  const persona = p === 'primary' || p === 'secondary' || p === 'tiebreaker' ? p : undefined;
  const imperative = Object.keys(attributes).some(
    (k) => k.startsWith('scaleio-sds-') || k.startsWith('scaleio-sdc-'),
  );
  return { provides, consumes, persona, imperative };
}
