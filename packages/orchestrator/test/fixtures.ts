import type { AgentFacts, AgentId } from '../src/index.js';

/** An agent with the given id, resources and attributes. */
export const agent = (
  id: string,
  attributes: Record<string, string> = {},
  cpus = 4,
  memMb = 8192,
): AgentFacts => ({
  agentId: id as AgentId,
  hostname: `host-${id}`,
  ip: `10.0.0.${id.replace(/\D/g, '') || '1'}`,
  attributes,
  resources: { cpus, memMb },
});

export const aid = (s: string) => s as AgentId;
