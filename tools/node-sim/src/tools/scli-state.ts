/**
 * What scli reads: scaleio-sim's MDM cluster (from `GET /sim/state`), the other nodes of the
 * simulated cluster, and the MDM's own secrets (a salted password hash, MDM names).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { readJson, writeJson } from '../state/files.js';
import {
  ClusterMembers,
  MdmShared,
  Packages,
  Services,
  type ClusterMember,
} from '../state/model.js';
import { clusterPaths, simPaths } from '../state/paths.js';
import { simState } from './admin.js';
import { must, type ToolContext } from './context.js';

const MdmNode = t.type({ id: t.string, name: t.string, ips: t.array(t.string), role: t.string });
/** An MDM as scaleio-sim reports it. */
export type MdmNode = t.TypeOf<typeof MdmNode>;

const SimView = t.type({
  system: t.type({ id: t.string, name: t.union([t.string, t.null]) }),
  mdmCluster: t.union([
    t.null,
    t.type({
      id: t.string,
      mode: t.string,
      clusterState: t.string,
      master: MdmNode,
      slaves: t.array(MdmNode),
      tieBreakers: t.array(MdmNode),
      standbys: t.array(MdmNode),
    }),
  ]),
});
/** The part of scaleio-sim's state scli shows. */
export type SimView = t.TypeOf<typeof SimView>;

/** Reads scaleio-sim's state; a Left when scaleio-sim is absent or answered something else. */
export const readSim = async (ctx: ToolContext): Promise<E.Either<string, SimView>> => {
  const r = await simState(ctx);
  if (E.isLeft(r)) return r;
  if (r.right.skipped)
    return E.left('Failed to connect to MDM 127.0.0.1:6611 (no scaleio-sim configured)');
  const d = SimView.decode(r.right.body);
  return E.isRight(d)
    ? E.right(d.right)
    : E.left('unexpected answer from the MDM (scaleio-sim /sim/state)');
};

/** The MDM's shared secrets file. */
export const mdmShared = (ctx: ToolContext) => {
  const path = clusterPaths(ctx.config.clusterDir).mdm;
  return {
    get: (): MdmShared | undefined =>
      existsSync(path)
        ? must(readJson(path, MdmShared, undefined as unknown as MdmShared))
        : undefined,
    put: (v: MdmShared): void => must(writeJson(path, MdmShared, v)),
  };
};

/** A salted hash of a password. */
export const passwordHash = (salt: string, pw: string): string =>
  createHash('sha256').update(`${salt}:${pw}`).digest('hex');

/** A fresh MDM secrets record with the default `admin` password. */
export const freshShared = (): MdmShared => {
  const salt = randomBytes(8).toString('hex');
  return {
    salt,
    passwordHash: passwordHash(salt, 'admin'),
    mdmNames: {},
    installationId: randomBytes(8).toString('hex'),
  };
};

/** The simulated node that owns an IP. */
export const memberByIp = (ctx: ToolContext, ip: string): ClusterMember | undefined =>
  must(readJson(clusterPaths(ctx.config.clusterDir).members, ClusterMembers, [])).find(
    (m) => m.ip === ip,
  );

/** Whether a member runs an MDM, and as which role (`actor_role_is_manager`). */
export const mdmOn = (m: ClusterMember): { running: boolean; manager: boolean } => {
  const pk = must(readJson(simPaths(m.root).packages, Packages, {}));
  const sv = must(readJson(simPaths(m.root).services, Services, {}));
  const installed = Object.values(pk).some((p) => p.component === 'mdm');
  const conf = join(m.root, 'opt/emc/scaleio/mdm/cfg/conf.txt');
  const manager = existsSync(conf) && /actor_role_is_manager=1/.test(readFileSync(conf, 'utf8'));
  return { running: installed && sv['mdm']?.active === true, manager };
};
