/**
 * The scheduler's settings taken from its configuration, and its decision log: every line it
 * logs also becomes an event in the status API.
 */
import type { ClusterSpec } from '@scaleio-framework/orchestrator';
import { defaultClusterSpec } from '@scaleio-framework/orchestrator';
import type { Config } from '../config/load.js';
import type { EventLog } from '@scaleio-framework/operator';
import type { Log } from '@scaleio-framework/scheduler';

/** The cluster spec the orchestrator works from, taken from the configuration. */
export const clusterSpecOf = (c: Config): ClusterSpec => ({
  ...defaultClusterSpec,
  mode: c.mode,
  mdmCount: c.mdmCount === '5' ? 5 : 3,
  systemName: c.systemName,
  protectionDomain: c.protectionDomain,
  storagePool: c.storagePool,
  faultSetAttribute: c.faultSetAttribute,
  failureDomainAttribute: c.failureDomainAttribute,
  mdmMinCpus: c.mdmMinCpus,
  mdmMinMemMb: c.mdmMinMemMb,
  stepCpus: c.stepCpus,
  stepMemMb: c.stepMemMb,
  maxAttempts: c.maxAttempts,
  declineRefuseSeconds: c.declineRefuseSeconds,
  maxConcurrentRestarts: c.maxConcurrentRestarts,
  existingMdmIps: c.existingMdmIps,
});

/** A log whose every line is also recorded as a status event (newest first there). */
export const recordingLog = (base: Log, events: EventLog, now: () => number): Log => {
  const at =
    (level: 'info' | 'warn' | 'error') =>
    (msg: string, f: Record<string, unknown> = {}): void => {
      base[level](msg, f);
      events.record({ atMs: now(), level, kind: msg, message: describe(msg, f), node: host(f) });
    };
  return { info: at('info'), warn: at('warn'), error: at('error') };
};

const host = (f: Record<string, unknown>): string | undefined =>
  typeof f['host'] === 'string'
    ? f['host']
    : typeof f['agentId'] === 'string'
      ? f['agentId']
      : undefined;

const describe = (msg: string, f: Record<string, unknown>): string => {
  const parts = Object.entries(f)
    .filter(([k]) => k !== 'host')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length ? `${msg}: ${parts.join(' ')}` : msg;
};
