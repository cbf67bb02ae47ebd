/**
 * Service control: `systemctl`, `service`, `initctl` (upstart), `update-rc.d`, `chkconfig`. A
 * service exists once a package installed it; state lives in `sim/services.json`. Each tool
 * accepts only the units the OS really has of its kind (facts table `units`): on Ubuntu 14.04
 * `initctl` knows the upstart jobs (mdm, sds, lia, mesos-slave) and not the SysV scripts (scini,
 * rexray, scaleio-gateway), which `service` and `update-rc.d` drive.
 */
import * as E from 'fp-ts/lib/Either.js';
import { osRow, SERVICES, type ServiceName, type UnitKind } from '../facts/os-table.js';
import { services, updateService, type Tool, type ToolContext } from './context.js';
import { afterChange, beforeStart } from './service-hooks.js';

/** How `name` runs on this node's OS (the OS's init system for services the table does not list). */
export const unitKind = (ctx: ToolContext, name: string): UnitKind => {
  const row = osRow(ctx.config.os);
  return (SERVICES as readonly string[]).includes(name)
    ? row.units[name as ServiceName]
    : row.init === 'upstart'
      ? 'upstart'
      : 'systemd';
};

/** The result of a service operation. */
type Op = E.Either<string, void>;

const unitName = (n: string): string => n.replace(/\.service$/, '');

const pid = (name: string): number =>
  1000 + [...name].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 30000, 7);

/** Starts a service (no-op when running); runs its hooks. */
export const startService = async (ctx: ToolContext, name: string): Promise<Op> => {
  const s = services(ctx).get()[name];
  if (s === undefined) return E.left(`unit ${name} not found`);
  if (s.active) return E.right(undefined);
  const ok = beforeStart(ctx, name);
  if (E.isLeft(ok)) return ok;
  updateService(ctx, name, (x) => ({ ...x, active: true, starts: x.starts + 1 }));
  return afterChange(ctx, name, true);
};

/** Stops a service (no-op when stopped). */
export const stopService = async (ctx: ToolContext, name: string): Promise<Op> => {
  const s = services(ctx).get()[name];
  if (s === undefined) return E.left(`unit ${name} not found`);
  if (!s.active) return E.right(undefined);
  updateService(ctx, name, (x) => ({ ...x, active: false }));
  return afterChange(ctx, name, false);
};

/**
 * Restarts a service: a start that counts as a restart. A running service stops first (its
 * process exits before the new one starts: an SDS disconnects from the MDM meanwhile, an MDM
 * leaves its cluster), so what watches it sees the stop too.
 */
export const restartService = async (ctx: ToolContext, name: string): Promise<Op> => {
  const s = services(ctx).get()[name];
  if (s === undefined) return E.left(`unit ${name} not found`);
  if (s.active) {
    const stopped = await afterChange(ctx, name, false);
    if (E.isLeft(stopped)) return stopped;
  }
  const ok = beforeStart(ctx, name);
  if (E.isLeft(ok)) {
    updateService(ctx, name, (x) => ({ ...x, active: false }));
    await afterChange(ctx, name, false);
    return ok;
  }
  updateService(ctx, name, (x) => ({
    ...x,
    active: true,
    starts: x.starts + 1,
    restarts: x.restarts + 1,
  }));
  return afterChange(ctx, name, true);
};

/** Enables or disables a service. */
export const enableService = (ctx: ToolContext, name: string, enabled: boolean): Op => {
  if (services(ctx).get()[name] === undefined) return E.left(`unit ${name} not found`);
  updateService(ctx, name, (x) => ({ ...x, enabled }));
  return E.right(undefined);
};

/** `systemctl [options] <verb> [units...]`. */
export const systemctl: Tool = async (ctx) => {
  const words = ctx.args.filter((a) => !a.startsWith('-'));
  const now = ctx.args.includes('--now');
  const [verb, ...units] = words;
  const names = units.map(unitName);
  if (verb === undefined) {
    ctx.err('systemctl: this simulated systemctl needs a verb\n');
    return 1;
  }
  if (verb === 'daemon-reload' || verb === 'reset-failed') return 0;
  if (names.length === 0) {
    ctx.err(`Too few arguments.\n`);
    return 1;
  }
  const all = services(ctx).get();
  let code = 0;
  for (const name of names) {
    const s = all[name];
    switch (verb) {
      case 'is-active':
        ctx.out(s?.active === true ? 'active\n' : s === undefined ? 'inactive\n' : 'inactive\n');
        if (s?.active !== true) code = 3;
        break;
      case 'is-enabled':
        ctx.out(s === undefined ? '' : s.enabled ? 'enabled\n' : 'disabled\n');
        if (s === undefined)
          ctx.err(`Failed to get unit file state for ${name}.service: No such file or directory\n`);
        if (s?.enabled !== true) code = 1;
        break;
      case 'status':
        if (s === undefined) {
          ctx.err(`Unit ${name}.service could not be found.\n`);
          code = 4;
        } else {
          ctx.out(
            `● ${name}.service\n   Loaded: loaded (/etc/systemd/system/${name}.service; ${s.enabled ? 'enabled' : 'disabled'})\n`,
          );
          ctx.out(`   Active: ${s.active ? 'active (running)' : 'inactive (dead)'}\n`);
          if (!s.active) code = 3;
        }
        break;
      case 'start':
      case 'stop':
      case 'restart':
      case 'try-restart':
      case 'reload':
      case 'enable':
      case 'disable': {
        if (s === undefined) {
          ctx.err(`Failed to ${verb} ${name}.service: Unit ${name}.service not found.\n`);
          code = 5;
          break;
        }
        let r: Op = E.right(undefined);
        if (verb === 'start') r = await startService(ctx, name);
        if (verb === 'stop') r = await stopService(ctx, name);
        if (verb === 'restart' || (verb === 'try-restart' && s.active) || verb === 'reload')
          r = await restartService(ctx, name);
        if (verb === 'enable' || verb === 'disable') {
          r = enableService(ctx, name, verb === 'enable');
          if (E.isRight(r) && verb === 'enable' && !s.enabled)
            ctx.err(
              `Created symlink /etc/systemd/system/multi-user.target.wants/${name}.service → /lib/systemd/system/${name}.service.\n`,
            );
          if (E.isRight(r) && now)
            r = verb === 'enable' ? await startService(ctx, name) : await stopService(ctx, name);
        }
        if (E.isLeft(r)) {
          ctx.err(
            `Job for ${name}.service failed because the control process exited with error code.\n${r.left}\n`,
          );
          code = 1;
        }
        break;
      }
      default:
        ctx.err(`Unknown command verb ${verb}.\n`);
        return 1;
    }
  }
  return code;
};

/** `initctl <start|stop|restart|status|show-config> <job>` (upstart). */
export const initctl: Tool = async (ctx) => {
  const [verb, job] = ctx.args;
  if (verb === undefined || job === undefined) {
    ctx.err('initctl: missing job name\n');
    return 1;
  }
  const s = services(ctx).get()[job];
  // upstart knows only its jobs (/etc/init/<job>.conf), never a SysV script.
  if (s === undefined || unitKind(ctx, job) !== 'upstart') {
    ctx.err(`initctl: Unknown job: ${job}\n`);
    return 1;
  }
  const running = `${job} start/running, process ${pid(job)}\n`;
  switch (verb) {
    case 'status':
      ctx.out(s.active ? running : `${job} stop/waiting\n`);
      return 0;
    case 'show-config':
      ctx.out(`${job}\n  start on runlevel [2345]\n  stop on runlevel [!2345]\n`);
      return 0;
    case 'start':
    case 'restart':
    case 'stop': {
      if (verb === 'start' && s.active) {
        ctx.err(`initctl: Job is already running: ${job}\n`);
        return 1;
      }
      if (verb !== 'start' && !s.active) {
        ctx.err(`initctl: Unknown instance: \n`);
        return 1;
      }
      const r =
        verb === 'stop'
          ? await stopService(ctx, job)
          : verb === 'start'
            ? await startService(ctx, job)
            : await restartService(ctx, job);
      if (E.isLeft(r)) {
        ctx.err(`initctl: Job failed to start\n${r.left}\n`);
        return 1;
      }
      ctx.out(verb === 'stop' ? `${job} stop/waiting\n` : running);
      return 0;
    }
    default:
      ctx.err(`initctl: Unknown command: ${verb}\n`);
      return 1;
  }
};

/** `service <name> <start|stop|restart|status>` (SysV front end). */
export const service: Tool = async (ctx) => {
  const [name, verb] = ctx.args;
  if (name === undefined || verb === undefined) {
    ctx.err(
      'Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n',
    );
    return 1;
  }
  const s = services(ctx).get()[name];
  if (s === undefined) {
    ctx.err(`${name}: unrecognized service\n`);
    return 1;
  }
  // Ubuntu 14.04's service(8) hands upstart jobs to initctl.
  if (unitKind(ctx, name) === 'upstart') return initctl({ ...ctx, args: [verb, name] });
  if (verb === 'status') {
    // The SDC's init script says "scini driver is (not) running" (rexray/rexray#545, #386).
    const what = name === 'scini' ? 'scini driver' : name;
    ctx.out(s.active ? `${what} is running\n` : `${what} is not running\n`);
    return s.active ? 0 : 3;
  }
  const r =
    verb === 'start'
      ? await startService(ctx, name)
      : verb === 'stop'
        ? await stopService(ctx, name)
        : verb === 'restart'
          ? await restartService(ctx, name)
          : E.left(`unknown action ${verb}`);
  if (E.isLeft(r)) {
    ctx.err(`${r.left}\n`);
    return 1;
  }
  ctx.out(`${verb === 'stop' ? 'Stopping' : 'Starting'} ${name}: [  OK  ]\n`);
  return 0;
};

/** `update-rc.d <name> defaults|enable|disable|remove`. */
export const updateRcD: Tool = async (ctx) => {
  const [name, verb] = ctx.args;
  if (name === undefined || verb === undefined) {
    ctx.err('usage: update-rc.d [-f] <basename> remove|defaults|enable|disable\n');
    return 1;
  }
  // On upstart, update-rc.d only links SysV scripts; an upstart job has no /etc/init.d file.
  const known = services(ctx).get()[name] !== undefined;
  if (!known || (osRow(ctx.config.os).init === 'upstart' && unitKind(ctx, name) !== 'sysv')) {
    ctx.err(`update-rc.d: /etc/init.d/${name}: file does not exist\n`);
    return 1;
  }
  enableService(ctx, name, verb !== 'disable' && verb !== 'remove');
  return 0;
};

/** `chkconfig <name> on|off`, `chkconfig --list <name>`. */
export const chkconfig: Tool = async (ctx) => {
  const [name, verb] = ctx.args.filter((a) => a !== '--list');
  if (name === undefined) return 0;
  const s = services(ctx).get()[name];
  if (s === undefined) {
    ctx.err(`error reading information on service ${name}: No such file or directory\n`);
    return 1;
  }
  if (verb === undefined) {
    ctx.out(
      `${name}\t0:off\t1:off\t2:${s.enabled ? 'on' : 'off'}\t3:${s.enabled ? 'on' : 'off'}\n`,
    );
    return 0;
  }
  enableService(ctx, name, verb === 'on');
  return 0;
};
