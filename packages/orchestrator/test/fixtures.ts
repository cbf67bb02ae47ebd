import { defaultClusterSpec } from '../src/index.js';
import type { AgentFacts, AgentId, SchedulerSettings } from '../src/index.js';

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

/**
 * The scheduler settings the core's tests decide with (fault sets from `rack`; no settle window,
 * so MDM roles are committed on the first offers that can fill them: `placement.test.ts` tests
 * the window).
 */
export const testSettings: SchedulerSettings = {
  spec: { ...defaultClusterSpec, faultSetAttribute: 'rack', placementQuietMs: 0 },
  steps: {
    gatewayUser: 'admin',
    packageRepoUrl: 'http://repo/',
    gatewayUrl: '',
    versions: { scaleio: '2.0', rexray: '0.11.4', dvdcli: '0.3.1', dvdi: '1.0.1' },
    agentFlags: 'mesos-slave-dir',
    agentService: 'mesos-slave',
    insecureTls: false,
  },
};
