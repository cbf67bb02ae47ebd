/**
 * The simulator's admin API under `/sim/` (loopback, JSON; the simulators' convention in
 * tools/testkit): read the whole state and the history, and inject the faults a real cluster
 * has (a partitioned agent, a healed one, an agent marked gone, an agent restart, a master
 * failover). Every master instance answers it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import type { SimAgent } from './agent/agent.js';
import type { SimHistory } from './history.js';
import type { SimState } from './state-view.js';
import { readBody, sendJson, sendText } from './wire/http.js';

/** What the admin API drives: the running simulator (`MesosSim` has all of it). */
export interface AdminApi {
  readonly agents: readonly SimAgent[];
  readonly state: () => SimState;
  readonly history: () => SimHistory;
  readonly leader: () => { readonly url: string } | undefined;
  readonly failover: (
    to?: number,
    gapMs?: number,
    opts?: { reregisterDelayMs?: number | Readonly<Record<string, number>> },
  ) => Promise<void>;
  readonly partitionAgent: (agentId: string) => void;
  readonly healAgent: (agentId: string) => void;
  readonly markAgentGone: (agentId: string) => Promise<void>;
}

/** The history as plain JSON. */
export const historyJson = (sim: Pick<AdminApi, 'history'>): Record<string, unknown> => {
  const h = sim.history();
  return {
    tasks: h.tasks,
    offers: [...h.offers.values()],
    accepts: h.accepts,
    agentEvents: h.agentEvents,
    failovers: h.failovers,
  };
};

const body = async (req: IncomingMessage): Promise<Record<string, unknown> | string> => {
  const raw = await readBody(req);
  if (E.isLeft(raw)) return raw.left.message;
  const text = raw.right.toString('utf8').trim();
  if (text === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : 'expected a JSON object';
  } catch (e) {
    return `invalid JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
};

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

const AGENT_ACTIONS = ['partition', 'heal', 'gone', 'restart'] as const;

const route = async (sim: AdminApi, req: IncomingMessage, res: ServerResponse, path: string) => {
  if (req.method === 'GET' && path === '/sim/state') return sendJson(res, sim.state());
  if (req.method === 'GET' && path === '/sim/history') return sendJson(res, historyJson(sim));
  if (req.method !== 'POST')
    return sendText(res, { status: 405, message: 'Expecting GET or POST' });
  const b = await body(req);
  if (typeof b === 'string') return sendText(res, { status: 400, message: b });
  if (path === '/sim/failover') {
    const delay = b['reregisterDelayMs'];
    await sim.failover(num(b['to']), num(b['gapMs']), {
      ...(typeof delay === 'number' || (typeof delay === 'object' && delay !== null)
        ? { reregisterDelayMs: delay as number | Record<string, number> }
        : {}),
    });
    return sendJson(res, { leader: sim.leader()?.url ?? null });
  }
  const m = /^\/sim\/agents\/([^/]+)\/([a-z]+)$/.exec(path);
  const action = AGENT_ACTIONS.find((a) => a === m?.[2]);
  if (m === null || action === undefined)
    return sendText(res, { status: 404, message: 'Not found' });
  const name = decodeURIComponent(m[1] ?? '');
  const agent = sim.agents.find((a) => a.id === name || a.hostname === name);
  if (agent === undefined) return sendText(res, { status: 404, message: `No agent '${name}'` });
  if (action === 'partition') sim.partitionAgent(agent.id);
  else if (action === 'heal') sim.healAgent(agent.id);
  else if (action === 'gone') await sim.markAgentGone(agent.id);
  else void agent.restart(num(b['downMs']) ?? 0);
  return sendJson(res, sim.state().agents.find((a) => a.id === agent.id) ?? {});
};

/** Handles one `/sim/...` request (`sim` is undefined while the simulator starts). */
export const handleAdmin = (
  sim: () => AdminApi | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): void => {
  const s = sim();
  if (s === undefined) return sendText(res, { status: 503, message: 'Starting' });
  route(s, req, res, path).catch((e: unknown) =>
    sendText(res, { status: 500, message: e instanceof Error ? e.message : String(e) }),
  );
};
