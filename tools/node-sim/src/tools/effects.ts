/**
 * What installing a package does to the node, as the real packages' install scripts do: files,
 * services started, tools put on PATH, and the ScaleIO system told (SDS online, SDC registered).
 * Secrets handed to an install (`TOKEN`, `GATEWAY_ADMIN_PASSWORD`) are stored only hashed and
 * never printed.
 */
import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { osFacts } from '../os.js';
import type { PackageFile } from '../repo/catalog.js';
import { simPaths } from '../state/paths.js';
import { files, packages, services, updateService, type ToolContext } from './context.js';
import { restartService, startService, stopService, unitKind } from './services.js';
import { SDC_DRV_CFG } from './service-hooks.js';
import { adminPost } from './admin.js';
import { hasKeytool, installKeytool, JRE_PACKAGE, writeGatewayKeystore } from './gateway-cert.js';
import { installWrapper, removeWrapper } from './wrapper.js';

const hash = (v: string): string => createHash('sha256').update(`node-sim:${v}`).digest('hex');

/** The gateway properties file the gateway package installs. */
export const GATEWAY_PROPERTIES =
  '/opt/emc/scaleio/gateway/webapps/ROOT/WEB-INF/classes/gatewayUser.properties';

const serviceOf: Partial<Record<PackageFile['component'], string>> = {
  mdm: 'mdm',
  sds: 'sds',
  sdc: 'scini',
  lia: 'lia',
  gateway: 'scaleio-gateway',
  rexray: 'rexray',
};

/** What the install scripts print when they start the service, by how it runs here. */
const startedLine = (ctx: ToolContext, svc: string): string => {
  const kind = unitKind(ctx, svc);
  return kind === 'upstart'
    ? `${svc} start/running, process ${4000 + svc.length}\n`
    : kind === 'sysv'
      ? ` * Starting ${svc}\n`
      : `Created symlink from /etc/systemd/system/multi-user.target.wants/${svc}.service to /usr/lib/systemd/system/${svc}.service.\n`;
};

/** The job, script or unit file a package installs for its service. */
const writeUnitFile = (ctx: ToolContext, svc: string): void => {
  const f = files(ctx);
  const kind = unitKind(ctx, svc);
  if (kind === 'upstart')
    f.write(
      `/etc/init/${svc}.conf`,
      `description "${svc}"\nstart on runlevel [2345]\nstop on runlevel [!2345]\nrespawn\n`,
    );
  else if (kind === 'sysv')
    f.write(
      `/etc/init.d/${svc}`,
      svc === 'rexray'
        ? '#!/bin/sh\ncase "$1" in\n  start)\n    /usr/bin/rexray start\n    ;;\nesac\n'
        : `#!/bin/sh\n### BEGIN INIT INFO\n# Provides: ${svc}\n### END INIT INFO\n`,
      0o755,
    );
  else if (svc === 'rexray')
    f.write(
      '/etc/systemd/system/rexray.service',
      '[Unit]\nDescription=rexray\nBefore=docker.service\n\n[Service]\nExecStart=/usr/bin/rexray start -f\n\n[Install]\nWantedBy=multi-user.target\n',
    );
};

/** Checks what an install needs from its environment before anything changes. */
const preconditions = (ctx: ToolContext, pkg: PackageFile): E.Either<string, void> => {
  const env = ctx.env;
  if (pkg.component === 'lia' && (env['TOKEN'] ?? '') === '')
    return E.left(
      'LIA installation failed: the TOKEN environment variable (LIA password) is not set',
    );
  if (pkg.component === 'gateway' && (env['GATEWAY_ADMIN_PASSWORD'] ?? '') === '')
    return E.left('Gateway installation failed: GATEWAY_ADMIN_PASSWORD is not set');
  // The gateway RPM's pre-install verifications look for java and keytool (see gateway-cert.ts).
  if (pkg.component === 'gateway' && !hasKeytool(ctx))
    return E.left('Gateway installation failed: the keytool executable was not found in PATH');
  const role = env['MDM_ROLE_IS_MANAGER'];
  if (pkg.component === 'mdm' && role !== undefined && role !== '0' && role !== '1')
    return E.left(`MDM installation failed: MDM_ROLE_IS_MANAGER must be 0 or 1`);
  const ips = env['MDM_IP'];
  if (
    pkg.component === 'sdc' &&
    ips !== undefined &&
    !/^\d{1,3}(\.\d{1,3}){3}(,\d{1,3}(\.\d{1,3}){3})*$/.test(ips)
  )
    return E.left(
      'SDC installation failed: MDM_IP must be a comma-separated list of IPv4 addresses',
    );
  return E.right(undefined);
};

/** Adds the service of a component (enabled) and starts or restarts it. */
const runService = async (
  ctx: ToolContext,
  svc: string,
  start: boolean,
): Promise<E.Either<string, void>> => {
  const existed = services(ctx).get()[svc];
  updateService(ctx, svc, (s) => ({ ...s, enabled: true }));
  if (!start) return E.right(undefined);
  return existed?.active === true ? restartService(ctx, svc) : startService(ctx, svc);
};

/** The component-specific part of an install; returns what the install scripts print. */
const postinst = async (ctx: ToolContext, pkg: PackageFile): Promise<E.Either<string, string>> => {
  const f = files(ctx);
  const env = ctx.env;
  const svc = serviceOf[pkg.component];
  switch (pkg.component) {
    case 'mdm': {
      const manager = env['MDM_ROLE_IS_MANAGER'] === '1';
      f.write('/opt/emc/scaleio/mdm/cfg/conf.txt', `actor_role_is_manager=${manager ? 1 : 0}\n`);
      installWrapper(simPaths(ctx.root).bin, 'scli', ctx.config.toolsUrl);
      break;
    }
    case 'sds':
      f.write('/opt/emc/scaleio/sds/cfg/conf.txt', `sds_ip=${ctx.config.ip}\n`);
      break;
    case 'sdc': {
      const ips = env['MDM_IP'];
      f.write(SDC_DRV_CFG, ips === undefined ? '' : `mdm ${ips}\n`);
      break;
    }
    case 'lia':
      f.write(
        '/opt/emc/scaleio/lia/cfg/conf.txt',
        `lia_token_hash=${hash(env['TOKEN'] ?? '')}\n`,
        0o600,
      );
      break;
    case 'gateway':
      f.writeIfMissing(
        GATEWAY_PROPERTIES,
        [
          'mdm.ip.addresses=',
          'system.id=',
          'mdm.port=6611',
          'security.bypass_certificate_check=false',
          'gateway-admin.disable=false',
          'lia.password=',
          '',
        ].join('\n'),
      );
      f.write(
        '/opt/emc/scaleio/gateway/conf/admin.hash',
        `${hash(env['GATEWAY_ADMIN_PASSWORD'] ?? '')}\n`,
        0o600,
      );
      {
        const ks = await writeGatewayKeystore(ctx);
        if (E.isLeft(ks)) return E.left(`Gateway installation failed: ${ks.left}`);
      }
      break;
    case 'rexray':
      f.write('/usr/bin/rexray', `#!/bin/sh\n# node-sim rexray ${pkg.version}\n`, 0o755);
      break;
    case 'dvdcli':
      f.write('/usr/bin/dvdcli', `#!/bin/sh\n# node-sim dvdcli ${pkg.version}\n`, 0o755);
      installWrapper(simPaths(ctx.root).bin, 'dvdcli', ctx.config.toolsUrl);
      break;
    default:
      if (JRE_PACKAGE.test(pkg.name)) installKeytool(ctx);
      break;
  }
  if (svc === undefined) return E.right('');
  writeUnitFile(ctx, svc);
  // REX-Ray's package installs the unit but does not start it (it needs its config first).
  const started = await runService(ctx, svc, pkg.component !== 'rexray');
  // The SDC package installs even when its module does not load; the init script says why.
  if (E.isLeft(started) && pkg.component === 'sdc') return E.right(`${started.left}\n`);
  if (E.isLeft(started)) return started;
  let out = pkg.component === 'rexray' ? '' : startedLine(ctx, svc);
  if (pkg.component === 'sdc' && env['MDM_IP'] !== undefined)
    out +=
      osFacts(ctx.config.os).format === 'rpm'
        ? 'Starting scini\nSuccess configuring module\n'
        : 'Success configuring module\n';
  if (pkg.component === 'gateway') out += 'The EMC ScaleIO Gateway is running. PID=4242.\n';
  if (pkg.component === 'rexray') out += 'rexray has been installed to /usr/bin/rexray\n';
  if (pkg.component === 'dvdcli') out += 'dvdcli has been installed to /usr/bin/dvdcli\n';
  return E.right(out);
};

/**
 * Installs (or upgrades) a decoded package file: checks the environment, records the package,
 * runs its install effects. On failure nothing is recorded as installed.
 */
export const installPackage = async (
  ctx: ToolContext,
  pkg: PackageFile,
  source: 'file' | 'repo',
): Promise<E.Either<string, string>> => {
  const pre = preconditions(ctx, pkg);
  if (E.isLeft(pre)) return pre;
  const store = packages(ctx);
  const previous = store.get()[pkg.name];
  // The files are replaced before the scripts restart the service: the restarted process is the
  // new version (told to scaleio-sim first, so its restart reports the new version).
  const told = await reportVersion(ctx, pkg);
  if (E.isLeft(told)) return told;
  store.put({
    ...store.get(),
    [pkg.name]: {
      name: pkg.name,
      version: pkg.version,
      arch: pkg.arch,
      source,
      installedAt: new Date().toISOString(),
      component: pkg.component,
      ...(pkg.release === undefined ? {} : { release: pkg.release }),
      ...(pkg.kernels === undefined ? {} : { kernels: pkg.kernels }),
    },
  });
  const out = await postinst(ctx, pkg);
  if (E.isLeft(out)) {
    // A failed install script leaves the previous state (dpkg: half-configured; we roll back).
    const all = { ...store.get() };
    if (previous === undefined) delete all[pkg.name];
    else all[pkg.name] = previous;
    store.put(all);
    if (previous !== undefined) await reportVersion(ctx, previous);
  }
  return out;
};

const SCALEIO_PARTS = new Set(['mdm', 'sds', 'sdc', 'lia']);

/**
 * Tells scaleio-sim the version of a ScaleIO component now on this host (dpkg's version, or
 * rpm's version-release: `2.0` + `13000.211.el7` is `2.0-13000.211.el7`).
 */
const reportVersion = async (
  ctx: ToolContext,
  p: { component?: string | undefined; version: string; release?: string | undefined },
): Promise<E.Either<string, void>> => {
  if (p.component === undefined || !SCALEIO_PARTS.has(p.component)) return E.right(undefined);
  const r = await adminPost(ctx, '/sim/admin/component', {
    ip: ctx.config.ip,
    component: p.component,
    version: p.release === undefined ? p.version : `${p.version}-${p.release}`,
  });
  return E.isLeft(r) ? E.left(`${p.component}: ${r.left}`) : E.right(undefined);
};

/** Removes a package: stops and forgets its service, removes tools it put on PATH. */
export const removePackage = async (ctx: ToolContext, name: string): Promise<boolean> => {
  const store = packages(ctx);
  const p = store.get()[name];
  if (p === undefined) return false;
  const svc =
    p.component === undefined ? undefined : serviceOf[p.component as PackageFile['component']];
  if (svc !== undefined) {
    await stopService(ctx, svc);
    const all = { ...services(ctx).get() };
    delete all[svc];
    services(ctx).put(all);
  }
  if (p.component === 'mdm') removeWrapper(simPaths(ctx.root).bin, 'scli');
  if (p.component === 'dvdcli') removeWrapper(simPaths(ctx.root).bin, 'dvdcli');
  const all = { ...store.get() };
  delete all[name];
  store.put(all);
  return true;
};
