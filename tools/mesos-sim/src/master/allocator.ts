/**
 * The allocator: turns free agent resources into offers for subscribed, unsuppressed frameworks,
 * one offer per framework, role and agent (hierarchical allocator); reserved resources go only to
 * their role (docs/reservation.md, docs/roles.md).
 */
import { frameworkRoles, hasCapability, type Framework, type Offer } from '../model/framework.js';
import {
  add,
  contains,
  filterBag,
  fromBag,
  isEmpty,
  subtract,
  type Bag,
} from '../model/resources.js';
import type { Resource } from '../wire/common.js';
import { offersEvent, rescindEvent } from './events.js';
import { sendEvent, type AgentLink, type MasterCore } from './core.js';

/** The resources outstanding offers hold, by agent id. */
const offeredByAgent = (core: MasterCore): Map<string, Bag> => {
  const out = new Map<string, Bag>();
  for (const o of core.offers.values())
    out.set(o.agentId, add(out.get(o.agentId) ?? new Map(), o.bag));
  return out;
};

/**
 * Resources of an agent (with its dynamic reservations) that are neither used nor offered;
 * `offered` is what outstanding offers hold on it (default: summed from `core.offers`).
 */
export const availableOn = (
  core: MasterCore,
  link: AgentLink,
  offered: Bag = offeredByAgent(core).get(link.port.id) ?? new Map(),
): Bag => subtract(subtract(link.total, link.port.used()), offered);

/**
 * Formats offered resources as the master does for this framework's capabilities (§1.6,
 * `convertResourceFormat`): with RESERVATION_REFINEMENT the `reservations` stack (empty when
 * unreserved); without it `role` (`*` when unreserved) and, for a dynamic reservation,
 * `reservation: {principal}`. MULTI_ROLE frameworks get `allocation_info` on every resource.
 */
export const resourceDecorator = (fw: Framework, role: string): ((r: Resource) => Resource) => {
  const multiRole = hasCapability(fw.info, 'MULTI_ROLE');
  const refinement = hasCapability(fw.info, 'RESERVATION_REFINEMENT');
  return ({ reservations, ...r }) => {
    const res = reservations?.[reservations.length - 1];
    const format = refinement
      ? { reservations: reservations ?? [] }
      : {
          role: res?.role ?? '*',
          ...(res?.type === 'DYNAMIC'
            ? { reservation: res.principal !== undefined ? { principal: res.principal } : {} }
            : {}),
        };
    return { ...r, ...format, ...(multiRole ? { allocation_info: { role } } : {}) };
  };
};

const buildOffer = (
  core: MasterCore,
  fw: Framework,
  link: AgentLink,
  role: string,
  bag: Bag,
): Offer => {
  const id = `${core.masterId}-O${core.seq.offer++}`;
  const agent = link.port;
  const port = agent.port();
  const json: Record<string, unknown> = {
    id: { value: id },
    framework_id: { value: fw.id },
    agent_id: { value: agent.id },
    hostname: agent.hostname,
    url: {
      scheme: 'http',
      address: { hostname: agent.hostname, ip: agent.ip, port },
      path: '/slave(1)',
    },
    ...(hasCapability(fw.info, 'MULTI_ROLE') ? { allocation_info: { role } } : {}),
    resources: fromBag(bag, resourceDecorator(fw, role)),
    attributes: agent.attributes,
    executor_ids: agent.executorIds(fw.id).map((value) => ({ value })),
  };
  core.ctx.history.offered({
    id,
    frameworkId: fw.id,
    agentId: agent.id,
    role,
    offeredAt: core.ctx.clock.now(),
  });
  return { id, frameworkId: fw.id, agentId: agent.id, role, bag, json };
};

/** One allocation round: at most one new offer per (framework, agent), sent as one OFFERS event. */
export const allocate = (core: MasterCore): void => {
  const now = core.ctx.clock.now();
  const all = [...core.frameworks.values()];
  // Rotate who goes first, so that no framework starves the others.
  const start = all.length === 0 ? 0 : core.seq.round++ % all.length;
  // What outstanding offers hold on each agent, summed once per round (not once per agent and
  // role: that is quadratic in the agents) and kept up to date as this round offers more.
  const offered = offeredByAgent(core);
  for (const fw of [...all.slice(start), ...all.slice(0, start)]) {
    if (fw.subscription === undefined) continue;
    const batch: Offer[] = [];
    for (const role of frameworkRoles(fw.info).filter((r) => !fw.suppressed.has(r)))
      for (const link of core.agents.values()) {
        // Only registered agents are offered; the master learns of a partition only when the
        // health checks fail, so a partitioned agent is still offered until then.
        if (link.status !== 'registered' || !link.port.isActive()) continue;
        const agentId = link.port.id;
        const available = filterBag(
          availableOn(core, link, offered.get(agentId) ?? new Map()),
          (r) => r === undefined || r.role === role,
        );
        if (isEmpty(available)) continue;
        const filter = fw.filters.get(agentId);
        if (filter !== undefined && filter.until <= now) fw.filters.delete(agentId);
        else if (filter !== undefined && contains(filter.bag, available)) continue;
        const offer = buildOffer(core, fw, link, role, available);
        core.offers.set(offer.id, offer);
        offered.set(agentId, add(offered.get(agentId) ?? new Map(), offer.bag));
        batch.push(offer);
      }
    if (batch.length > 0) sendEvent(core, fw, offersEvent(batch.map((o) => o.json)));
  }
};

/** Removes outstanding offers; with `notify`, sends RESCIND for each (`Master::rescindOffer`). */
export const removeOffers = (
  core: MasterCore,
  pred: (o: Offer) => boolean,
  notify: boolean,
): void => {
  for (const o of [...core.offers.values()]) {
    if (!pred(o)) continue;
    core.offers.delete(o.id);
    core.ctx.history.offerEnded(o.id, notify ? 'rescinded' : 'discarded', core.ctx.clock.now());
    const fw = core.frameworks.get(o.frameworkId);
    if (notify && fw !== undefined) sendEvent(core, fw, rescindEvent(o.id));
  }
};

/** `Filters.refuse_seconds` in ms: default 5 s, negative means default, capped at 365 days. */
export const refuseMs = (refuseSeconds: number | undefined): number => {
  const s =
    refuseSeconds === undefined || refuseSeconds < 0 || !Number.isFinite(refuseSeconds)
      ? 5
      : refuseSeconds;
  return Math.min(s, 31_536_000) * 1000;
};

/** Declines resources of an agent for a framework with a refuse filter. */
export const addFilter = (
  core: MasterCore,
  fw: Framework,
  agentId: string,
  bag: Bag,
  refuseSeconds: number | undefined,
): void => {
  const ms = refuseMs(refuseSeconds);
  if (ms <= 0 || isEmpty(bag)) return;
  const prev = fw.filters.get(agentId);
  const until = core.ctx.clock.now() + ms;
  fw.filters.set(agentId, {
    until,
    bag: prev !== undefined && prev.until > core.ctx.clock.now() ? add(prev.bag, bag) : bag,
  });
};
