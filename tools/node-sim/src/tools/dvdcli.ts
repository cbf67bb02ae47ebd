/**
 * `dvdcli` (rexray/dvdcli README): a Docker volume driver client. `dvdcli mount
 * --volumedriver=rexray --volumename=N [--volumeopts=k=v]...` asks the driver's plugin socket to
 * create (when missing) and mount the volume and prints the mount path; `unmount` unmounts it;
 * `path` prints where it is mounted. Only REX-Ray's plugin (`../volumes/rexray.ts`) answers here.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pluginFor, REXRAY_VOLUMES, rexrayMount, rexrayUnmount } from '../volumes/rexray.js';
import { devices, type Tool } from './context.js';

const USAGE =
  'Usage: dvdcli [mount|unmount|path|create|remove] --volumedriver=<driver> --volumename=<name> [--volumeopts=<k=v>]...\n';

/** `--flag=value` and `--flag value` pairs of argv (repeatable flags collect). */
const flags = (args: readonly string[]): Map<string, string[]> => {
  const out = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    const [k, v] = eq < 0 ? [a.slice(2), args[++i] ?? ''] : [a.slice(2, eq), a.slice(eq + 1)];
    out.set(k.toLowerCase(), [...(out.get(k.toLowerCase()) ?? []), v]);
  }
  return out;
};

/** `dvdcli <command> --volumedriver=… --volumename=… [--volumeopts=k=v]...`. */
export const dvdcli: Tool = async (ctx) => {
  const [command] = ctx.args;
  const f = flags(ctx.args.slice(1));
  const driver = f.get('volumedriver')?.[0] ?? '';
  const name = f.get('volumename')?.[0] ?? '';
  if (
    command === undefined ||
    !['mount', 'unmount', 'path'].includes(command) ||
    driver === '' ||
    name === ''
  ) {
    ctx.err(
      command === 'create' || command === 'remove'
        ? `node-sim dvdcli: ${command} is not simulated\n`
        : USAGE,
    );
    return 1;
  }
  const opts: Record<string, string> = {};
  for (const o of f.get('volumeopts') ?? []) {
    const eq = o.indexOf('=');
    if (eq > 0) opts[o.slice(0, eq).toLowerCase()] = o.slice(eq + 1);
  }
  const plugin = pluginFor(ctx, driver);
  if (E.isLeft(plugin)) {
    ctx.err(`${plugin.left}\n`);
    return 1;
  }
  if (command === 'path') {
    const d = devices(ctx)
      .get()
      .find((x) => x.mountpoint === `${REXRAY_VOLUMES}/${name}`);
    ctx.out(d === undefined ? '' : `${REXRAY_VOLUMES}/${name}/data\n`);
    return 0;
  }
  const r =
    command === 'mount'
      ? await rexrayMount(ctx, plugin.right, name, opts)
      : await rexrayUnmount(ctx, plugin.right, name);
  if (E.isLeft(r)) {
    ctx.err(
      `VolumeDriver.${command === 'mount' ? 'Mount' : 'Unmount'}: {"Error":${JSON.stringify(r.left)}}\n`,
    );
    return 1;
  }
  if (typeof r.right === 'string') ctx.out(`${r.right}\n`);
  return 0;
};
