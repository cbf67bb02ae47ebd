/**
 * REX-Ray 0.11's Docker volume plugin with its ScaleIO driver, as `dvdcli` reaches it through
 * `/run/docker/plugins/<module>.sock`. Mount (rexray v0.11.4 `libstorage/drivers/integration/
 * linux/linux.go` `Mount`): find the volume by name or create it (`volume.operations.create.
 * implicit`, default size 16 GiB, `scaleio_storage.go` `VolumeCreate`), map it to this node's SDC
 * (found by the GUID `drv_cfg --query_guid` prints), preempting other mappings when `mount.
 * preempt` is set and failing with "volume already attached to a host" otherwise, wait for its
 * device, format it when it holds no filesystem (default ext4), mount it under `/var/lib/rexray/
 * volumes/<name>` and answer `<that>/data`. Unmount: unmount and unmap this SDC.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { parse } from 'yaml';
import { files, services, type ToolContext } from '../tools/context.js';
import { sdcGuid } from '../tools/service-hooks.js';
import { findBy, gatewayLogin, listOf, type Gateway, type GwObject } from './gateway.js';
import { syncScini, updateDevice, volumeFs } from './scini.js';

/** REX-Ray's mount directory (`libstorage` lib path `/var/lib/rexray` + `volumes`). */
export const REXRAY_VOLUMES = '/var/lib/rexray/volumes';

interface Config {
  readonly endpoint: string;
  readonly insecure: boolean;
  readonly userName: string;
  readonly password: string;
  readonly systemID?: string;
  readonly systemName?: string;
  readonly protectionDomainName: string;
  readonly storagePoolName: string;
  readonly thinOrThick: string;
  readonly preempt: boolean;
  readonly modules: readonly string[];
}

type Tree = Record<string, unknown>;
/** A key as viper reads it: case-insensitive. */
const at = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((cur, k) => {
    if (typeof cur !== 'object' || cur === null) return undefined;
    const hit = Object.keys(cur).find((x) => x.toLowerCase() === k.toLowerCase());
    return hit === undefined ? undefined : (cur as Tree)[hit];
  }, o);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads `/etc/rexray/config.yml` as REX-Ray does (the keys it registers, case-insensitive). */
export const readConfig = (ctx: ToolContext): E.Either<string, Config> => {
  const f = files(ctx);
  if (!f.exists('/etc/rexray/config.yml')) return E.left('/etc/rexray/config.yml not found');
  let doc: unknown;
  try {
    doc = parse(f.read('/etc/rexray/config.yml'));
  } catch (e) {
    return E.left(`error parsing /etc/rexray/config.yml: ${(e as Error).message.split('\n')[0]}`);
  }
  const sio = at(doc, 'scaleio');
  const endpoint = str(at(sio, 'endpoint'));
  const pd = str(at(sio, 'protectionDomainName'));
  const sp = str(at(sio, 'storagePoolName'));
  if (endpoint === undefined || pd === undefined || sp === undefined)
    return E.left('scaleio.endpoint, protectionDomainName and storagePoolName are required');
  const modules = at(doc, 'rexray', 'modules');
  const systemID = str(at(sio, 'systemID'));
  const systemName = str(at(sio, 'systemName'));
  return E.right({
    endpoint,
    insecure: at(sio, 'insecure') === true,
    userName: str(at(sio, 'userName')) ?? '',
    password: str(at(sio, 'password')) ?? '',
    ...(systemID === undefined ? {} : { systemID }),
    ...(systemName === undefined ? {} : { systemName }),
    protectionDomainName: pd,
    storagePoolName: sp,
    thinOrThick: str(at(sio, 'thinOrThick')) ?? 'ThinProvisioned',
    preempt:
      at(doc, 'libstorage', 'integration', 'volume', 'operations', 'mount', 'preempt') === true,
    modules: Object.values(typeof modules === 'object' && modules !== null ? modules : {}).flatMap(
      (m) => {
        const host = str(at(m, 'host')) ?? '';
        const sock = /^unix:\/\/\/run\/docker\/plugins\/(.+)\.sock$/.exec(host)?.[1];
        return sock === undefined ? [] : [sock];
      },
    ),
  });
};

/** The plugin socket `driver` answers on: REX-Ray running with a module listening there. */
export const pluginFor = (ctx: ToolContext, driver: string): E.Either<string, Config> => {
  const sock = `/run/docker/plugins/${driver}.sock`;
  const cfg = readConfig(ctx);
  if (
    services(ctx).get()['rexray']?.active !== true ||
    E.isLeft(cfg) ||
    !cfg.right.modules.includes(driver)
  )
    return E.left(
      `Post http://%2Frun%2Fdocker%2Fplugins%2F${driver}.sock/VolumeDriver.Mount: dial unix ${sock}: connect: no such file or directory`,
    );
  return cfg;
};

interface Session {
  readonly g: Gateway;
  readonly cfg: Config;
  readonly systemId: string;
  readonly poolId: string;
}

/**
 * REX-Ray 0.11.4 never verifies the gateway's certificate: it vendors goscaleio 35ca2e9 (rexray
 * v0.11.4 `Gopkg.lock`, branch `support/tls-sio-gw-2.0.0.2`), whose `NewClientWithArgs` dials
 * with `InsecureSkipVerify: true` whatever `scaleio.insecure` and `scaleio.useCerts` say.
 */
const REXRAY_VERIFIES_TLS = false;

const session = async (cfg: Config): Promise<E.Either<string, Session>> => {
  const g = await gatewayLogin(
    cfg.endpoint,
    cfg.userName,
    cfg.password,
    cfg.insecure || !REXRAY_VERIFIES_TLS,
  );
  if (E.isLeft(g)) return g;
  const systems = await listOf(g.right, '/types/System/instances');
  if (E.isLeft(systems)) return systems;
  const sys =
    cfg.systemID !== undefined
      ? findBy(systems.right, 'id', cfg.systemID, 'system')
      : findBy(systems.right, 'name', cfg.systemName ?? '', 'system');
  if (E.isLeft(sys)) return sys;
  const pds = await listOf(
    g.right,
    `/instances/System::${sys.right.id}/relationships/ProtectionDomain`,
  );
  if (E.isLeft(pds)) return pds;
  const pd = findBy(pds.right, 'name', cfg.protectionDomainName, 'protection domain');
  if (E.isLeft(pd)) return pd;
  const pools = await listOf(
    g.right,
    `/instances/ProtectionDomain::${pd.right.id}/relationships/StoragePool`,
  );
  if (E.isLeft(pools)) return pools;
  const pool = findBy(pools.right, 'name', cfg.storagePoolName, 'storage pool');
  if (E.isLeft(pool)) return pool;
  return E.right({ g: g.right, cfg, systemId: sys.right.id, poolId: pool.right.id });
};

const volumeNamed = async (
  s: Session,
  name: string,
): Promise<E.Either<string, GwObject | undefined>> => {
  const vols = await listOf(s.g, '/types/Volume/instances');
  return E.isLeft(vols) ? vols : E.right(vols.right.find((v) => v.name === name));
};

const mySdc = async (ctx: ToolContext, s: Session): Promise<E.Either<string, string>> => {
  const sdcs = await listOf(s.g, '/types/Sdc/instances');
  if (E.isLeft(sdcs)) return sdcs;
  const guid = sdcGuid(ctx.config).toUpperCase();
  const sdc = sdcs.right.find((x) => String(x['sdcGuid']).toUpperCase() === guid);
  return sdc === undefined ? E.left(`error finding sdc: sdcGUID=${guid}`) : E.right(sdc.id);
};

const mappedTo = (v: GwObject): string[] =>
  Array.isArray(v['mappedSdcInfo'])
    ? (v['mappedSdcInfo'] as { sdcId: string }[]).map((m) => m.sdcId)
    : [];

/** `VolumeDriver.Mount` of `name` with dvdcli's options; the mount path. */
export const rexrayMount = async (
  ctx: ToolContext,
  cfg: Config,
  name: string,
  opts: Readonly<Record<string, string>>,
): Promise<E.Either<string, string>> => {
  const s = await session(cfg);
  if (E.isLeft(s)) return s;
  let vol = await volumeNamed(s.right, name);
  if (E.isLeft(vol)) return vol;
  if (vol.right === undefined) {
    const size = Number(opts['size'] ?? 16);
    if (!Number.isFinite(size) || size < 8)
      return E.left(`volume size too small: ${opts['size'] ?? ''} (minSize 8)`);
    const made = await s.right.g.post('/types/Volume/instances', {
      volumeSizeInKb: String(Math.round(size * 1024 * 1024)),
      storagePoolId: s.right.poolId,
      name,
      volumeType: cfg.thinOrThick,
    });
    if (E.isLeft(made)) return E.left(`problem creating volume implicitly: ${made.left}`);
    vol = await volumeNamed(s.right, name);
    if (E.isLeft(vol)) return vol;
    if (vol.right === undefined) return E.left('no volume returned or created');
  }
  const v = vol.right;
  const sdc = await mySdc(ctx, s.right);
  if (E.isLeft(sdc)) return sdc;
  const others = mappedTo(v).filter((x) => x !== sdc.right);
  if (!mappedTo(v).includes(sdc.right)) {
    if (others.length > 0 && !cfg.preempt) return E.left('volume already attached to a host');
    if (others.length > 0) {
      const off = await s.right.g.post(`/instances/Volume::${v.id}/action/removeMappedSdc`, {
        allSdcs: 'true',
        ignoreScsiInitiators: 'true',
      });
      if (E.isLeft(off)) return off;
    }
    const on = await s.right.g.post(`/instances/Volume::${v.id}/action/addMappedSdc`, {
      sdcId: sdc.right,
      allowMultipleMappings: 'false',
    });
    if (E.isLeft(on)) return E.left(`error mapping volume sdc: ${on.left}`);
  }
  const devs = await syncScini(ctx);
  if (E.isLeft(devs)) return devs;
  const dev = devs.right.find((d) => d.scaleioVolume?.volumeId === v.id);
  if (dev === undefined)
    return E.left('problem with device discovery: no device for the volume (is scini running?)');
  const mp = `${REXRAY_VOLUMES}/${name}`;
  if (dev.mountpoint === undefined) {
    // Format only a device without a filesystem (or when asked to overwrite one).
    const keep = dev.fstype !== undefined && opts['overwritefs'] !== 'true';
    const fs = keep ? (dev.fstype ?? 'ext4') : (opts['newfstype'] ?? 'ext4');
    if (!keep && dev.scaleioVolume !== undefined) volumeFs(ctx).set(dev.scaleioVolume.volumeId, fs);
    updateDevice(ctx, dev.name, (d) => ({ ...d, fstype: fs, mountpoint: mp }));
  }
  const path = `${dev.mountpoint ?? mp}/data`;
  mkdirSync(join(ctx.root, path), { recursive: true });
  return E.right(path);
};

/** `VolumeDriver.Unmount` of `name` (ignoreUsedCount): unmount, then unmap this node's SDC. */
export const rexrayUnmount = async (
  ctx: ToolContext,
  cfg: Config,
  name: string,
): Promise<E.Either<string, void>> => {
  const s = await session(cfg);
  if (E.isLeft(s)) return s;
  const vol = await volumeNamed(s.right, name);
  if (E.isLeft(vol)) return vol;
  if (vol.right === undefined) return E.left(`volume ${name} not found`);
  const v = vol.right;
  const sdc = await mySdc(ctx, s.right);
  if (E.isLeft(sdc)) return sdc;
  const devs = await syncScini(ctx);
  const dev = E.isRight(devs)
    ? devs.right.find((d) => d.scaleioVolume?.volumeId === v.id)
    : undefined;
  if (dev !== undefined)
    updateDevice(ctx, dev.name, (d) => {
      const { mountpoint: _m, ...rest } = d;
      return rest;
    });
  if (mappedTo(v).includes(sdc.right)) {
    const off = await s.right.g.post(`/instances/Volume::${v.id}/action/removeMappedSdc`, {
      sdcId: sdc.right,
      ignoreScsiInitiators: 'true',
    });
    if (E.isLeft(off)) return off;
  }
  const after = await syncScini(ctx);
  return E.isLeft(after) ? after : E.right(undefined);
};
