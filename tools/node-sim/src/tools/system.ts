/**
 * Identity tools: `uname` and `hostname`.
 */
import { osFacts } from '../os.js';
import type { Tool } from './context.js';

/** `uname [-a|-r|-s|-n|-m|-v|-o]`. */
export const uname: Tool = async (ctx) => {
  const kernel = osFacts(ctx.config.os).kernel;
  const flags =
    ctx.args.length === 0
      ? ['s']
      : ctx.args.flatMap((a) => (a.startsWith('--') ? [a.slice(2, 3)] : a.slice(1).split('')));
  const parts: Record<string, string> = {
    s: 'Linux',
    n: ctx.config.hostname,
    r: kernel,
    v: '#1 SMP',
    m: 'x86_64',
    o: 'GNU/Linux',
  };
  const order = flags.includes('a')
    ? ['s', 'n', 'r', 'v', 'm', 'o']
    : ['s', 'n', 'r', 'v', 'm', 'o'].filter((f) => flags.includes(f));
  const bad = flags.find((f) => !(f in parts) && f !== 'a' && f !== 'k' && f !== 'p' && f !== 'i');
  if (bad !== undefined) {
    ctx.err(`uname: invalid option -- '${bad}'\n`);
    return 1;
  }
  ctx.out(order.map((f) => parts[f]).join(' ') + '\n');
  return 0;
};

/** `hostname [-I|-i|-f|-s]`. */
export const hostname: Tool = async (ctx) => {
  const a = ctx.args[0];
  ctx.out(a === '-I' || a === '-i' ? `${ctx.config.ip}\n` : `${ctx.config.hostname}\n`);
  return 0;
};
