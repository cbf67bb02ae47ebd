/**
 * Host facts (fed by node-sim) and SDC self-registration.
 */
import * as E from 'fp-ts/lib/Either.js';
import { adminError, type SimError } from '../errors.js';
import type { Model, NodeFacts, Sdc, Sds } from './types.js';

/** Input of {@link upsertNode}: the fields given replace the stored ones. */
export interface NodeInput {
  ip: string;
  hostname?: string | undefined;
  sdsService?: 'running' | 'stopped' | undefined;
  devices?: { path: string; sizeBytes: number }[] | undefined;
}

/** Input of {@link registerSdc}. */
export interface SdcInput {
  ip: string;
  guid: string;
  name?: string | undefined;
}

/** Creates or updates the facts of one host. */
export const upsertNode = (m: Model, input: NodeInput): E.Either<SimError, NodeFacts> => {
  const paths = new Set<string>();
  for (const d of input.devices ?? []) {
    if (paths.has(d.path)) return E.left(adminError(400, `device path ${d.path} is listed twice`));
    paths.add(d.path);
  }
  const prev = m.nodes.get(input.ip);
  const next: NodeFacts = {
    ip: input.ip,
    hostname: input.hostname ?? prev?.hostname ?? null,
    sdsService: input.sdsService ?? prev?.sdsService ?? 'stopped',
    devices: input.devices ?? prev?.devices ?? [],
  };
  m.nodes.set(input.ip, next);
  return E.right(next);
};

/** Registers an SDC, as the SDC driver does when it connects; idempotent by GUID. */
export const registerSdc = (m: Model, input: SdcInput): E.Either<SimError, Sdc> => {
  const guid = input.guid.toUpperCase();
  const existing = [...m.sdcs.values()].find((s) => s.guid === guid);
  if (existing !== undefined) {
    existing.ip = input.ip;
    if (input.name !== undefined) existing.name = input.name;
    return E.right(existing);
  }
  const sdc: Sdc = { id: m.ids('Sdc'), guid, ip: input.ip, name: input.name ?? null };
  m.sdcs.set(sdc.id, sdc);
  return E.right(sdc);
};

/** The node an SDS runs on: the first of its IPs that names a known host. */
export const nodeOfSds = (m: Model, sds: Sds): NodeFacts | undefined =>
  sds.ipList.map((i) => m.nodes.get(i.ip)).find((n) => n !== undefined);

/** An SDS is connected only while its node runs the SDS service. */
export const sdsOnline = (m: Model, sds: Sds): boolean =>
  nodeOfSds(m, sds)?.sdsService === 'running';
