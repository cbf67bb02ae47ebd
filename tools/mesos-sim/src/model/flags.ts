/** The agent's `--resources` and `--attributes` flag syntax (mesos `docs/configuration/agent.md`). */
import type { Attribute, Resource } from '../wire/common.js';

/**
 * Parses `cpus:4;mem:8192;ports:[31000-32000];cpus(ads):8` (the agent `--resources` flag syntax;
 * `name(role):value` is a static reservation for `role`, docs/reservation.md "Static Reservation").
 * Reserved resources come in the pre-refinement form, `role: <role>`.
 */
export const parseResourceFlag = (text: string): Resource[] | string => {
  const out: Resource[] = [];
  for (const part of text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const m = /^([A-Za-z_][\w.-]*)(?:\(([^)]*)\))?:(.+)$/.exec(part);
    if (m === null) return `bad resource '${part}' (expected name:value)`;
    const name = m[1] as string;
    const role = m[2]?.trim();
    const value = (m[3] as string).trim();
    const before = out.length;
    if (value.startsWith('[')) {
      const ranges = value
        .slice(1, -1)
        .split(',')
        .map((r) => r.trim().split('-').map(Number));
      if (ranges.some((r) => r.length !== 2 || r.some((n) => !Number.isInteger(n))))
        return `bad ranges in '${part}'`;
      out.push({
        name,
        type: 'RANGES',
        ranges: { range: ranges.map(([b, e]) => ({ begin: b as number, end: e as number })) },
      });
    } else if (value.startsWith('{')) {
      out.push({
        name,
        type: 'SET',
        set: {
          item: value
            .slice(1, -1)
            .split(',')
            .map((s) => s.trim()),
        },
      });
    } else {
      const v = Number(value);
      if (!Number.isFinite(v)) return `bad scalar in '${part}'`;
      out.push({ name, type: 'SCALAR', scalar: { value: v } });
    }
    if (role !== undefined && role !== '' && role !== '*')
      for (let k = before; k < out.length; k++) out[k] = { ...(out[k] as Resource), role };
  }
  return out;
};

/** Parses `rack:r1;zone:a;level:10` (the agent `--attributes` flag): numbers are SCALAR, others TEXT. */
export const parseAttributeFlag = (text: string): Attribute[] | string => {
  const out: Attribute[] = [];
  for (const part of text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const i = part.indexOf(':');
    if (i <= 0 || i === part.length - 1) return `bad attribute '${part}' (expected name:value)`;
    const name = part.slice(0, i);
    const value = part.slice(i + 1);
    out.push(
      /^-?\d+(\.\d+)?$/.test(value)
        ? { name, type: 'SCALAR', scalar: { value: Number(value) } }
        : { name, type: 'TEXT', text: { value } },
    );
  }
  return out;
};
