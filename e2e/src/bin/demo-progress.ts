/**
 * The demo's deploy progress, one line per node whenever its step or status changes:
 * `agent-2.sim   mdm-cluster   running   (3/11)`.
 */
import type { StatusDoc } from '../deploy-watch.js';

/** A node of the status, in the parts the progress lines show. */
type NodeDoc = NonNullable<StatusDoc['nodes']>[number] & {
  readonly stepsDone?: number;
  readonly stepsTotal?: number;
};

/** What a node showed last; a line is printed when it changes. */
const keyOf = (n: NodeDoc): string => `${n.step}|${n.status}|${n.lastError ?? ''}`;

/**
 * A progress tracker: give it each status read; it returns the lines for the nodes that moved
 * since the read before (hostnames padded to one column).
 */
export function nodeProgress(): (s: StatusDoc | undefined) => string[] {
  const last = new Map<string, string>();
  return (s) => {
    const nodes = (s?.nodes ?? []) as readonly NodeDoc[];
    const width = Math.max(0, ...nodes.map((n) => n.hostname.length));
    const out: string[] = [];
    for (const n of nodes) {
      const key = keyOf(n);
      if (last.get(n.hostname) === key) continue;
      last.set(n.hostname, key);
      const steps =
        n.stepsTotal === undefined ? '' : ` (${n.stepsDone ?? 0}/${n.stepsTotal} steps done)`;
      const what = n.step === 'done' ? 'deployed' : `${n.step} ${n.status}`;
      const error = n.lastError ? `: ${n.lastError}` : '';
      out.push(`${n.hostname.padEnd(width)}  ${what}${steps}${error}`);
    }
    return out;
  };
}
