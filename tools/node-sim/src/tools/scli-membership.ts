/**
 * `scli --replace_cluster_mdm` and `scli --remove_standby_mdm` (ScaleIO 2.x), the commands that
 * replace a lost MDM cluster member: members named by IP (`--add_slave_mdm_ip`,
 * `--remove_slave_mdm_ip`, `--add_tb_ip`, `--remove_tb_ip`) or by the names given at
 * `--add_standby_mdm` (`--add_slave_mdm_name` …), `--allow_leave_failed` to let a member that
 * does not answer leave, `--i_am_sure`. Forms as the puppet-scaleio module's `scaleio::cluster`
 * runs them (`--replace_cluster_mdm … --allow_leave_failed --i_am_sure`); the MDM's refusals are
 * scaleio-sim's (model/membership.ts). Split from scli.ts, which dispatches to these.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { ToolContext } from './context.js';

/** What scli.ts lends these commands: its failure line, login check, admin post and MDM names. */
export interface ScliHelpers {
  readonly fail: (ctx: ToolContext, status: string) => number;
  readonly needLogin: (ctx: ToolContext) => number | undefined;
  readonly post: (
    ctx: ToolContext,
    path: string,
    body: unknown,
  ) => Promise<E.Either<string, unknown>>;
  /** MDM name → IP, as `--add_standby_mdm --new_mdm_name` recorded them. */
  readonly names: (ctx: ToolContext) => Readonly<Record<string, string>>;
}

/** The IPs of `--<flag>_ip` or, by name, of `--<flag>_name`; undefined when neither is given. */
export const ipsOf = (
  o: ReadonlyMap<string, string>,
  names: Readonly<Record<string, string>>,
  flag: string,
): E.Either<string, string[] | undefined> => {
  const direct = o.get(`${flag}_ip`);
  if (direct !== undefined) return E.right(direct.split(','));
  const ns = o.get(`${flag}_name`);
  if (ns === undefined) return E.right(undefined);
  const out: string[] = [];
  for (const n of ns.split(',')) {
    const ip = names[n];
    if (ip === undefined) return E.left(`Could not find an MDM named ${n}`);
    out.push(ip);
  }
  return E.right(out);
};

/** `--replace_cluster_mdm`. */
export const replaceClusterMdm = async (
  ctx: ToolContext,
  o: ReadonlyMap<string, string>,
  h: ScliHelpers,
): Promise<number> => {
  const denied = h.needLogin(ctx);
  if (denied !== undefined) return denied;
  if (o.get('i_am_sure') !== 'true')
    return h.fail(ctx, 'This command changes the MDM cluster: confirm it with --i_am_sure');
  const names = h.names(ctx);
  const body: Record<string, unknown> = {
    allowLeaveFailed: o.get('allow_leave_failed') === 'true',
  };
  const flags = [
    ['add_slave_mdm', 'addSlaveIps'],
    ['remove_slave_mdm', 'removeSlaveIps'],
    ['add_tb', 'addTbIps'],
    ['remove_tb', 'removeTbIps'],
  ] as const;
  for (const [flag, key] of flags) {
    const ips = ipsOf(o, names, flag);
    if (E.isLeft(ips)) return h.fail(ctx, ips.left);
    if (ips.right !== undefined) body[key] = ips.right;
  }
  const r = await h.post(ctx, '/sim/admin/mdm/replace', body);
  if (E.isLeft(r)) return h.fail(ctx, r.left);
  ctx.out('Successfully replaced the cluster MDMs\n');
  return 0;
};

/** `--remove_standby_mdm --remove_mdm_ip <IP>` (or `--remove_mdm_name`, `--remove_mdm_id`). */
export const removeStandbyMdm = async (
  ctx: ToolContext,
  o: ReadonlyMap<string, string>,
  h: ScliHelpers,
): Promise<number> => {
  const denied = h.needLogin(ctx);
  if (denied !== undefined) return denied;
  const ips = ipsOf(o, h.names(ctx), 'remove_mdm');
  if (E.isLeft(ips)) return h.fail(ctx, ips.left);
  const id = o.get('remove_mdm_id');
  const ip = ips.right?.[0];
  if (ip === undefined && id === undefined)
    return h.fail(ctx, '--remove_mdm_ip, --remove_mdm_name or --remove_mdm_id is required');
  const r = await h.post(ctx, '/sim/admin/mdm/remove-standby', ip === undefined ? { id } : { ip });
  if (E.isLeft(r)) return h.fail(ctx, r.left);
  ctx.out('Successfully removed the standby MDM\n');
  return 0;
};
