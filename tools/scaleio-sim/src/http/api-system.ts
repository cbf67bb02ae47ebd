/**
 * System-level MDM verbs of the 3.x REST API (`/api/instances/System/...`), mapped onto the
 * same MDM cluster model the admin API drives.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { badRequest, type SimError } from '../errors.js';
import { addStandbyMdm, switchClusterMode } from '../model/mdm.js';
import type { MdmNode, Model } from '../model/types.js';
import { renderMdmCluster } from '../render/system.js';
import { decodeBody } from './body.js';

const opt = <C extends t.Mixed>(c: C) => t.union([c, t.undefined]);
const AddStandby = t.type({
  ips: t.array(t.string),
  role: t.keyof({ Manager: null, TieBreaker: null }),
  name: opt(t.string),
});
const SwitchMode = t.type({
  mode: t.keyof({ ThreeNodes: null, FiveNodes: null }),
  addSlaveMdmIdList: opt(t.array(t.string)),
  addTBIdList: opt(t.array(t.string)),
});

const asRest = (e: SimError): SimError => ({
  httpStatus: e.httpStatus === 409 ? 500 : 400,
  errorCode: 0,
  message: e.message,
});

const ipsOf = (m: Model, ids: string[] | undefined): string[] | undefined => {
  if (ids === undefined || m.mdm === null) return undefined;
  const all: MdmNode[] = [...m.mdm.standbys, ...m.mdm.slaves, ...m.mdm.tieBreakers];
  return ids.flatMap((id) => all.find((n) => n.id === id)?.ips.slice(0, 1) ?? [`unknown-id:${id}`]);
};

/** `POST /api/instances/System/queryMdmCluster` and `/api/instances/System/action/<verb>`. */
export const systemVerb = (m: Model, verb: string, body: unknown): E.Either<SimError, unknown> => {
  switch (verb) {
    case 'queryMdmCluster':
      return m.mdm === null
        ? E.left({ httpStatus: 428, errorCode: 0, message: 'The MDM cluster is not configured' })
        : E.right(renderMdmCluster(m, m.mdm));
    case 'addStandbyMdm': {
      const b = decodeBody(AddStandby, body, ['ips', 'role']);
      if (E.isLeft(b)) return b;
      const ip = b.right.ips[0];
      if (ip === undefined)
        return E.left(badRequest('Request message is not valid: ips must not be empty.'));
      const r = addStandbyMdm(m, { ip, role: b.right.role, name: b.right.name });
      return E.isLeft(r) ? E.left(asRest(r.left)) : E.right({ id: r.right.id });
    }
    case 'switchClusterMode': {
      const b = decodeBody(SwitchMode, body, ['mode']);
      if (E.isLeft(b)) return b;
      const r = switchClusterMode(m, {
        mode: b.right.mode === 'ThreeNodes' ? '3_node' : '5_node',
        addSecondaryIps: ipsOf(m, b.right.addSlaveMdmIdList),
        addTiebreakerIps: ipsOf(m, b.right.addTBIdList),
      });
      return E.isLeft(r) ? E.left(asRest(r.left)) : E.right(null);
    }
    default:
      return E.left(badRequest(`Unknown action ${verb} for System`));
  }
};
