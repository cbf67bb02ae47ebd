/** What `/api/v1/status` says, in the parts the demo and tests read. */
export interface StatusDoc {
  readonly deploy?: {
    readonly complete?: boolean;
    readonly nodesByPhase?: Record<string, number>;
    readonly failedNodes?: readonly string[];
    readonly waiting?: readonly string[];
  };
  readonly nodes?: readonly {
    hostname: string;
    role: string;
    faultSet: string | null;
    phase: string;
    step: string;
    status: string;
    lastError: string | null;
  }[];
}

/** Reads the scheduler's status; undefined while it does not answer. */
export async function readStatus(url: string): Promise<StatusDoc | undefined> {
  try {
    const r = await fetch(`${url}/api/v1/status`);
    return r.ok ? ((await r.json()) as StatusDoc) : undefined;
  } catch {
    return undefined;
  }
}

/** One line of progress: nodes per phase. */
export const progressLine = (s: StatusDoc | undefined): string => {
  if (!s?.deploy) return 'waiting for the scheduler';
  const phases = Object.entries(s.deploy.nodesByPhase ?? {})
    .map(([p, n]) => `${p}: ${n}`)
    .join(', ');
  const failed = s.deploy.failedNodes?.length
    ? ` | failed: ${s.deploy.failedNodes.join(', ')}`
    : '';
  const waiting = s.deploy.waiting?.length ? ` | ${s.deploy.waiting.join('; ')}` : '';
  return `${phases || 'no nodes yet'}${failed}${waiting}`;
};
