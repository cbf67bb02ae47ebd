/**
 * The placement and membership options of `scaleio-scheduler` (the orchestrator's `placement.ts`
 * and `membership/`): the settle window before MDM roles are committed, the second spreading
 * level, the fault set of a node without the fault-set attribute, and how lost MDM members are
 * replaced. The scheduler app spreads them into its option table.
 *
 * @module
 */
import { defaultClusterSpec } from '@scaleio-framework/orchestrator';
import { intBetween, oneOf, NonNegativeNumberFromInput, StringFromInput } from './codecs.js';
import { option as o } from './load.js';

const spec = defaultClusterSpec;

/** The placement and membership options (an option table's rows). */
export const placementOptions = {
  rackAttribute: o(
    StringFromInput,
    spec.rackAttribute,
    'scaleio',
    'Agent attribute MDMs are spread across after the zone (`--failure-domain-attribute`).',
  ),
  faultSetDefault: o(
    StringFromInput,
    spec.faultSetDefault,
    'scaleio',
    'Fault set (attribute value) of a storage node without the fault-set attribute while fault sets are in use; empty: such a node is held and named in the status.',
  ),
  placementQuietSeconds: o(
    NonNegativeNumberFromInput,
    String(spec.placementQuietMs / 1000),
    'scaleio',
    'MDM roles are committed once no new agent was offered for this long (0: on the first offers that can fill them).',
  ),
  placementExpectedAgents: o(
    intBetween(0, 1_000_000, 'agent count (an integer 0-1000000)'),
    String(spec.placementExpectedAgents),
    'scaleio',
    'Commit the MDM roles as soon as this many agents have been offered (0: not used).',
  ),
  placementMaxWaitSeconds: o(
    NonNegativeNumberFromInput,
    String(spec.placementMaxWaitMs / 1000),
    'scaleio',
    'Commit the MDM roles at the latest this long after the first agent, even if agents keep arriving.',
  ),
  memberReplacement: o(
    oneOf(['automatic', 'approval', 'off'] as const),
    'automatic',
    'scaleio',
    'A lost MDM cluster member (its agent gone, or unreachable past --member-grace-seconds): replaced on a spare node at once (automatic), after the operator action member-approve (approval), or only reported (off).',
  ),
  sdsRemoval: o(
    oneOf(['automatic', 'approval', 'off'] as const),
    'automatic',
    'scaleio',
    "A lost storage node's SDS (its agent gone, or its SDS disconnected past --sds-grace-seconds): removed from the system once ScaleIO has rebuilt its data and its pool keeps 3 SDSs or fault sets (automatic), after the operator action sds-approve (approval), or only reported in the status (off). Healing volumes on the node are listed for cleanup.",
  ),
  memberGraceSeconds: o(
    NonNegativeNumberFromInput,
    '60',
    'scaleio',
    "How long an MDM member's agent may be unreachable before it counts as lost (an agent marked gone counts at once).",
  ),
  sdsGraceSeconds: o(
    NonNegativeNumberFromInput,
    '1800',
    'scaleio',
    'How long a storage node may be unreachable (or its SDS disconnected) before its SDS counts as lost and may be removed (an agent marked gone counts at once). Longer than a reboot: a node that comes back after its SDS was removed does not get it back.',
  ),
};
