/**
 * Parsing of `scli --query_cluster` output (ScaleIO 2.x layout): the system name, the cluster
 * mode and the MDMs by section.
 */

/** What `scli --query_cluster` told us. */
export interface ClusterView {
  readonly name?: string;
  /** 1, 3 or 5 from `Mode: N_node`. */
  readonly mode?: number;
  readonly members: readonly {
    readonly section: string;
    readonly name?: string;
    readonly ips: readonly string[];
  }[];
}

/**
 * Parses `scli --query_cluster` (2.x):
 * ```
 * Cluster:
 *     Name: scaleio, ID: 0e7a082862fedf0f, Mode: 3_node, State: Normal, Active: 3/3, Replicas: 2/2
 * Master MDM:
 *     Name: mdm1, ID: 0x5d07497754427fd0
 *         IPs: 10.0.0.1, Management IPs: 10.0.0.1, Port: 9011
 * Slave MDMs: / Tie-Breakers: / Standby MDMs:   (same member layout)
 * ```
 */
export const parseQueryCluster = (text: string): ClusterView => {
  let section = '';
  let name: string | undefined;
  let mode: number | undefined;
  const members: { section: string; name?: string; ips: string[] }[] = [];
  for (const raw of text.split('\n')) {
    const header = /^(\S[^:]*):\s*$/.exec(raw);
    if (header?.[1] !== undefined) {
      section = header[1].trim();
      continue;
    }
    const line = raw.trim();
    if (section === 'Cluster') {
      name ??= /(?:^|,\s*)Name:\s*([^,]+)/.exec(line)?.[1]?.trim();
      const m = /Mode:\s*(\d)_node/.exec(line)?.[1];
      if (m !== undefined) mode = Number(m);
      continue;
    }
    if (section === '') continue;
    const memberName = /^Name:\s*([^,]+)/.exec(line)?.[1]?.trim();
    if (memberName !== undefined) {
      members.push({ section, name: memberName, ips: [] });
      continue;
    }
    const ips = /^IPs:\s*([^A-Z]+?)(?:,\s*[A-Z][\w ]*:|$)/.exec(line)?.[1];
    const last = members.at(-1);
    if (ips !== undefined && last !== undefined)
      last.ips.push(
        ...ips
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      );
  }
  return {
    ...(name === undefined ? {} : { name }),
    ...(mode === undefined ? {} : { mode }),
    members,
  };
};
