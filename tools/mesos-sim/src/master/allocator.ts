/** The allocator: turns free agent resources into offers for subscribed, unsuppressed frameworks. */
import { frameworkRoles, hasCapability, type Framework, type Offer } from '../model/framework.js';
import type { AgentPort } from '../model/ports.js';
import { add, contains, fromBag, isEmpty, subtract, toBag, type Bag } from '../model/resources.js';
import type { Resource } from '../wire/common.js';
import { offersEvent, rescindEvent } from './events.js';
import { sendEvent, type MasterCore } from './core.js';

/** Resources of an agent that are neither used nor already offered. */
export const availableOn = (core: MasterCore, agent: AgentPort): Bag => {
  let offered: Bag = new Map();
  for (const o of core.offers.values()) if (o.agentId === agent.id) offered = add(offered, o.bag);
  return subtract(subtract(toBag(agent.resources), agent.used()), offered);
};

/** Formats offered resources as the master does for this framework's capabilities (§1.6). */
export const resourceDecorator = (fw: Framework, role: string): ((r: Resource) => Resource) => {
  const multiRole = hasCapability(fw.info, 'MULTI_ROLE');
  const refinement = hasCapability(fw.info, 'RESERVATION_REFINEMENT');
  return (r) => ({
    ...r,
    ...(refinement ? { reservations: [] } : { role: '*' }),
    ...(multiRole ? { allocation_info: { role } } : {}),
  });
};

const buildOffer = (
  core: MasterCore,
  fw: Framework,
  agent: AgentPort,
  role: string,
  bag: Bag,
): Offer => {
  const id = `${core.masterId}-O${core.seq.offer++}`;
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
  return { id, frameworkId: fw.id, agentId: agent.id, role, bag, json };
};

/** One allocation round: at most one new offer per (framework, agent), sent as one OFFERS event. */
export const allocate = (core: MasterCore): void => {
  const now = core.ctx.clock.now();
  const all = [...core.frameworks.values()];
  // Rotate who goes first, so that no framework starves the others.
  const start = all.length === 0 ? 0 : core.seq.round++ % all.length;
  for (const fw of [...all.slice(start), ...all.slice(0, start)]) {
    if (fw.subscription === undefined) continue;
    const role = frameworkRoles(fw.info).find((r) => !fw.suppressed.has(r));
    if (role === undefined) continue;
    const batch: Offer[] = [];
    for (const agent of core.agents.values()) {
      if (!agent.isActive()) continue;
      const available = availableOn(core, agent);
      if (isEmpty(available)) continue;
      const filter = fw.filters.get(agent.id);
      if (filter !== undefined && filter.until <= now) fw.filters.delete(agent.id);
      else if (filter !== undefined && contains(filter.bag, available)) continue;
      const offer = buildOffer(core, fw, agent, role, available);
      core.offers.set(offer.id, offer);
      batch.push(offer);
    }
    if (batch.length > 0) sendEvent(core, fw, offersEvent(batch.map((o) => o.json)));
  }
};

/** Removes a framework's outstanding offers; with `notify`, sends RESCIND for each. */
export const removeOffers = (
  core: MasterCore,
  pred: (o: Offer) => boolean,
  notify: boolean,
): void => {
  for (const o of [...core.offers.values()]) {
    if (!pred(o)) continue;
    core.offers.delete(o.id);
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
