/**
 * How `scli --query_cluster` prints the MDM cluster (ScaleIO 2.x layout: `Cluster:`, `Master
 * MDM:`, `Slave MDMs:`, `Tie-Breakers:`, `Standby MDMs:` with `Name:` and `IPs:` lines).
 */
import type { ToolContext } from './context.js';
import { mdmShared, type MdmNode, type SimView } from './scli-state.js';

const modeName = (mode: string): string =>
  mode === 'ThreeNodes' ? '3_node' : mode === 'FiveNodes' ? '5_node' : '1_node';

const nameOf = (ctx: ToolContext, n: MdmNode): string => {
  const names = mdmShared(ctx).get()?.mdmNames ?? {};
  return Object.entries(names).find(([, ip]) => n.ips.includes(ip))?.[0] ?? n.name;
};

/** The `--query_cluster` text of scaleio-sim's MDM cluster. */
export const renderCluster = (ctx: ToolContext, s: SimView): string => {
  const c = s.mdmCluster;
  if (c === null) return '';
  const members = 1 + c.slaves.length + c.tieBreakers.length;
  const node = (n: MdmNode, extra = ''): string =>
    `    Name: ${nameOf(ctx, n)}, ID: 0x${n.id}${extra}\n        IPs: ${n.ips.join(', ')}, Management IPs: ${n.ips.join(', ')}, Port: 9011\n        Status: Normal, Version: 2.0.10000\n`;
  return [
    'Cluster:\n',
    `    ${s.system.name === null ? '' : `Name: ${s.system.name}, `}ID: ${c.id}, Mode: ${modeName(c.mode)}, State: ${c.clusterState}, Active: ${members}/${members}, Replicas: ${1 + c.slaves.length}/${1 + c.slaves.length}\n`,
    'Master MDM:\n',
    node(c.master),
    ...(c.slaves.length > 0 ? ['Slave MDMs:\n', ...c.slaves.map((n) => node(n))] : []),
    ...(c.tieBreakers.length > 0 ? ['Tie-Breakers:\n', ...c.tieBreakers.map((n) => node(n))] : []),
    ...(c.standbys.length > 0
      ? [
          'Standby MDMs:\n',
          ...c.standbys.map((n) =>
            node(n, `, ${n.role === 'TieBreaker' ? 'Tie Breaker' : 'Manager'}`),
          ),
        ]
      : []),
  ].join('');
};
