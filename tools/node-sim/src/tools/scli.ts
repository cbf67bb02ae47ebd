/**
 * A fake `scli` (ScaleIO 2.x syntax) that changes scaleio-sim's MDM cluster: create, login,
 * set password, add standby MDMs, switch cluster mode, rename, queries. Only the forms public
 * ScaleIO 2.0 scripts use exist: passwords are arguments (`--login --username admin --password
 * P`, `--set_password --old_password A --new_password B`: thecodeteam/scaleio-framework
 * scaleioProcedural.go, smichard/ScaleioOnGCE installScriptNode1.sh). Without `--password` the
 * real scli asks on its terminal; node-sim has none, so that form is refused as not simulated.
 */
import * as E from 'fp-ts/lib/Either.js';
import { readJson, writeJson } from '../state/files.js';
import { ScliSession } from '../state/model.js';
import { simPaths } from '../state/paths.js';
import { adminPost } from './admin.js';
import { must, type Tool, type ToolContext } from './context.js';
import { ipsOf, removeStandbyMdm, replaceClusterMdm, type ScliHelpers } from './scli-membership.js';
import { renderCluster } from './scli-render.js';
import { freshShared, mdmOn, mdmShared, memberByIp, passwordHash, readSim } from './scli-state.js';

const BOOLEAN = new Set([
  'accept_license',
  'approve_certificate',
  'i_am_sure',
  'allow_multi_map',
  'all_sdcs',
  'allow_leave_failed',
]);

const COMMANDS = [
  'create_mdm_cluster',
  'login',
  'logout',
  'set_password',
  'add_standby_mdm',
  'switch_cluster_mode',
  'rename_system',
  'switch_mdm_ownership',
  'replace_cluster_mdm',
  'remove_standby_mdm',
  'query_cluster',
  'query_all',
  'version',
] as const;
type Command = (typeof COMMANDS)[number];

/** Parses `--name value` pairs and boolean flags. */
const parse = (
  args: readonly string[],
): { command: Command | undefined; unknown: string | undefined; opts: Map<string, string> } => {
  const opts = new Map<string, string>();
  let command: Command | undefined;
  let unknown: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) continue;
    const name = a.slice(2);
    if ((COMMANDS as readonly string[]).includes(name)) command = name as Command;
    else if (BOOLEAN.has(name)) opts.set(name, 'true');
    else if (i + 1 < args.length && !(args[i + 1] ?? '').startsWith('--'))
      opts.set(name, args[++i] ?? '');
    else if (command === undefined && !opts.has(name)) unknown = name;
  }
  return { command, unknown, opts };
};

const fail = (ctx: ToolContext, status: string): number => {
  ctx.err(`Error: MDM failed command.  Status: ${status}\n`);
  return 1;
};

/** The real scli prompts on its terminal for a missing password; node-sim has no terminal. */
const noTerminal = (ctx: ToolContext, flag: string): number => {
  ctx.err(
    `node-sim scli: ${flag} was not given; the real scli would ask for it on its terminal, which node-sim does not simulate\n`,
  );
  return 1;
};

const session = (ctx: ToolContext) => ({
  get: (): ScliSession =>
    must(readJson(simPaths(ctx.root).scli, ScliSession, { loggedIn: false, user: '' })),
  put: (s: ScliSession): void => must(writeJson(simPaths(ctx.root).scli, ScliSession, s)),
});

const needLogin = (ctx: ToolContext): number | undefined =>
  session(ctx).get().loggedIn
    ? undefined
    : fail(ctx, 'Not logged in. Please log in first (scli --login)');

const post = async (
  ctx: ToolContext,
  path: string,
  body: unknown,
): Promise<E.Either<string, unknown>> => {
  const r = await adminPost(ctx, path, body);
  if (E.isLeft(r)) return r;
  return r.right.skipped
    ? E.left('Failed to connect to MDM 127.0.0.1:6611 (no scaleio-sim configured)')
    : E.right(r.right.body);
};

const idOf = (body: unknown): string => {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : '';
};

const create = async (ctx: ToolContext, o: Map<string, string>): Promise<number> => {
  const ip = o.get('master_mdm_ip');
  if (ip === undefined) return fail(ctx, '--master_mdm_ip is required');
  if (o.get('accept_license') !== 'true')
    return fail(ctx, 'The license must be accepted (--accept_license)');
  const member = memberByIp(ctx, ip);
  const mdm = member === undefined ? undefined : mdmOn(member);
  if (mdm === undefined || !mdm.running) return fail(ctx, `Failed to connect to MDM ${ip}:9011`);
  if (!mdm.manager) return fail(ctx, `The MDM at ${ip} is a tie-breaker and cannot be the master`);
  const r = await post(ctx, '/sim/admin/mdm/create', {
    primaryMdmIp: ip,
    managementIps: [o.get('master_mdm_management_ip') ?? ip],
  });
  if (E.isLeft(r)) return fail(ctx, r.left);
  const shared = mdmShared(ctx);
  const prev = shared.get();
  const base = prev ?? freshShared();
  shared.put({ ...base, mdmNames: { ...base.mdmNames, [o.get('master_mdm_name') ?? 'mdm1']: ip } });
  ctx.out(`Successfully created the MDM Cluster with ID ${idOf(r.right)}\n`);
  return 0;
};

const login = async (ctx: ToolContext, o: Map<string, string>): Promise<number> => {
  const shared = mdmShared(ctx).get();
  const sim = await readSim(ctx);
  if (shared === undefined || E.isLeft(sim) || sim.right.mdmCluster === null)
    return fail(ctx, E.isLeft(sim) ? sim.left : 'Failed to connect to MDM 127.0.0.1:6611');
  const pw = o.get('password');
  if (pw === undefined) return noTerminal(ctx, '--password');
  if (o.get('username') !== 'admin' || passwordHash(shared.salt, pw) !== shared.passwordHash)
    return fail(ctx, 'Invalid username or password');
  session(ctx).put({ loggedIn: true, user: 'admin' });
  ctx.out(`Logged in. User role is SuperUser. System ID is ${sim.right.system.id}\n`);
  return 0;
};

const setPassword = async (ctx: ToolContext, o: Map<string, string>): Promise<number> => {
  const denied = needLogin(ctx);
  if (denied !== undefined) return denied;
  const shared = mdmShared(ctx).get();
  if (shared === undefined) return fail(ctx, 'Failed to connect to MDM 127.0.0.1:6611');
  const oldPw = o.get('old_password');
  const newPw = o.get('new_password');
  if (oldPw === undefined) return noTerminal(ctx, '--old_password');
  if (newPw === undefined) return noTerminal(ctx, '--new_password');
  if (passwordHash(shared.salt, oldPw) !== shared.passwordHash)
    return fail(ctx, 'The old password is incorrect');
  if (newPw.length < 6) return fail(ctx, 'The new password does not meet the complexity rules');
  mdmShared(ctx).put({ ...shared, passwordHash: passwordHash(shared.salt, newPw) });
  session(ctx).put({ loggedIn: false, user: '' });
  ctx.out('Password changed successfully\n');
  return 0;
};

const addStandby = async (ctx: ToolContext, o: Map<string, string>): Promise<number> => {
  const denied = needLogin(ctx);
  if (denied !== undefined) return denied;
  const ip = o.get('new_mdm_ip');
  const role = o.get('mdm_role');
  if (ip === undefined || (role !== 'manager' && role !== 'tb'))
    return fail(ctx, '--new_mdm_ip and --mdm_role manager|tb are required');
  const member = memberByIp(ctx, ip);
  const mdm = member === undefined ? undefined : mdmOn(member);
  if (mdm === undefined || !mdm.running) return fail(ctx, `Failed to connect to MDM ${ip}:9011`);
  if ((role === 'manager') !== mdm.manager)
    return fail(
      ctx,
      `The MDM at ${ip} was installed as a ${mdm.manager ? 'manager' : 'tie-breaker'}, not a ${role === 'tb' ? 'tie-breaker' : 'manager'}`,
    );
  const name = o.get('new_mdm_name');
  const r = await post(ctx, '/sim/admin/mdm/add-standby', {
    ip,
    role: role === 'manager' ? 'Manager' : 'TieBreaker',
    ...(name === undefined ? {} : { name }),
  });
  if (E.isLeft(r)) return fail(ctx, r.left);
  const shared = mdmShared(ctx).get();
  if (shared !== undefined && name !== undefined)
    mdmShared(ctx).put({ ...shared, mdmNames: { ...shared.mdmNames, [name]: ip } });
  ctx.out(`Successfully added a standby MDM. Object ID ${idOf(r.right)}\n`);
  return 0;
};

const switchMode = async (ctx: ToolContext, o: Map<string, string>): Promise<number> => {
  const denied = needLogin(ctx);
  if (denied !== undefined) return denied;
  const mode = o.get('cluster_mode');
  if (mode !== '3_node' && mode !== '5_node')
    return fail(ctx, '--cluster_mode must be 3_node or 5_node');
  const names = mdmShared(ctx).get()?.mdmNames ?? {};
  const slaves = ipsOf(o, names, 'add_slave_mdm');
  const tbs = ipsOf(o, names, 'add_tb');
  if (E.isLeft(slaves)) return fail(ctx, slaves.left);
  if (E.isLeft(tbs)) return fail(ctx, tbs.left);
  const r = await post(ctx, '/sim/admin/mdm/switch-mode', {
    mode,
    ...(slaves.right === undefined ? {} : { addSecondaryIps: slaves.right }),
    ...(tbs.right === undefined ? {} : { addTiebreakerIps: tbs.right }),
  });
  if (E.isLeft(r)) return fail(ctx, r.left);
  ctx.out('Successfully switched the cluster mode.\n');
  return 0;
};

const rename = async (ctx: ToolContext, o: Map<string, string>): Promise<number> => {
  const denied = needLogin(ctx);
  if (denied !== undefined) return denied;
  const name = o.get('new_name');
  if (name === undefined || name === '') return fail(ctx, '--new_name is required');
  const r = await post(ctx, '/sim/admin/mdm/rename', { name });
  if (E.isLeft(r)) return fail(ctx, r.left);
  ctx.out(`Successfully renamed system to ${name}\n`);
  return 0;
};

/**
 * `--switch_mdm_ownership --new_master_mdm_ip <IP>`: ScaleIO 2.x names the roles master and slave
 * (`--create_mdm_cluster --master_mdm_ip`, `--query_cluster` "Master MDM:"); 3.x renamed the
 * option `--new_primary_mdm_ip` (PowerFlex CLI reference). The MDM refuses a new master that is
 * not a running secondary of a healthy cluster (scaleio-sim model/components.ts).
 */
const switchOwnership = async (ctx: ToolContext, o: Map<string, string>): Promise<number> => {
  const denied = needLogin(ctx);
  if (denied !== undefined) return denied;
  const ip = o.get('new_master_mdm_ip');
  if (ip === undefined || ip === '') return fail(ctx, '--new_master_mdm_ip is required');
  const r = await post(ctx, '/sim/admin/mdm/switch-ownership', { newMasterIp: ip });
  if (E.isLeft(r)) return fail(ctx, r.left);
  ctx.out(`Successfully switched MDM ownership to ${ip}\n`);
  return 0;
};

const query = async (ctx: ToolContext, all: boolean): Promise<number> => {
  if (all) {
    const denied = needLogin(ctx);
    if (denied !== undefined) return denied;
  }
  const sim = await readSim(ctx);
  if (E.isLeft(sim)) return fail(ctx, sim.left);
  if (sim.right.mdmCluster === null) return fail(ctx, 'The MDM cluster is not configured');
  if (all) {
    const id = mdmShared(ctx).get()?.installationId ?? '';
    ctx.out(
      `System Info:\n    Product: EMC ScaleIO Version: R2_0.10000.2072\n    ID: ${sim.right.system.id}\n    Name: ${sim.right.system.name ?? 'N/A'}\n    Installation ID: ${id}\n`,
    );
  }
  ctx.out(renderCluster(ctx, sim.right));
  return 0;
};

const helpers: ScliHelpers = {
  fail,
  needLogin,
  post,
  names: (ctx) => mdmShared(ctx).get()?.mdmNames ?? {},
};

/** `scli --<command> [--option value ...]`. */
export const scli: Tool = async (ctx) => {
  const { command, unknown, opts } = parse(ctx.args);
  switch (command) {
    case 'create_mdm_cluster':
      return create(ctx, opts);
    case 'login':
      return login(ctx, opts);
    case 'logout':
      session(ctx).put({ loggedIn: false, user: '' });
      ctx.out('Logged out\n');
      return 0;
    case 'set_password':
      return setPassword(ctx, opts);
    case 'add_standby_mdm':
      return addStandby(ctx, opts);
    case 'switch_cluster_mode':
      return switchMode(ctx, opts);
    case 'rename_system':
      return rename(ctx, opts);
    case 'switch_mdm_ownership':
      return switchOwnership(ctx, opts);
    case 'replace_cluster_mdm':
      return replaceClusterMdm(ctx, opts, helpers);
    case 'remove_standby_mdm':
      return removeStandbyMdm(ctx, opts, helpers);
    case 'query_cluster':
      return query(ctx, false);
    case 'query_all':
      return query(ctx, true);
    case 'version':
      ctx.out('EMC ScaleIO Version: R2_0.10000.2072\n');
      return 0;
    default:
      ctx.err(
        `Error: unknown or unsimulated scli command${unknown === undefined ? '' : ` --${unknown}`}\n`,
      );
      return 1;
  }
};
