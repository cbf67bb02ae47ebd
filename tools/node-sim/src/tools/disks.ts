/**
 * Block-device tools besides `lsblk` (`./lsblk.ts`): `blkid` and `fdisk -l`.
 */
import { devices, type Tool } from './context.js';
import { human } from './lsblk.js';

const uuidOf = (name: string): string => {
  let h = 0x811c9dc5;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  const x = h.toString(16).padStart(8, '0');
  return `${x}-${x.slice(0, 4)}-4${x.slice(1, 4)}-8${x.slice(4, 7)}-${x}${x.slice(0, 4)}`;
};

/** `blkid [devices...]`: one line per device that holds a filesystem; exit 2 when none matched. */
export const blkid: Tool = async (ctx) => {
  const want = ctx.args.filter((a) => !a.startsWith('-')).map((a) => a.replace(/^\/dev\//, ''));
  const found: { name: string; fstype: string }[] = [];
  for (const d of devices(ctx).get()) {
    if (d.fstype !== undefined) found.push({ name: d.name, fstype: d.fstype });
    for (const p of d.partitions ?? [])
      if (p.fstype !== undefined) found.push({ name: p.name, fstype: p.fstype });
  }
  const shown = want.length === 0 ? found : found.filter((f) => want.includes(f.name));
  for (const f of shown) ctx.out(`/dev/${f.name}: UUID="${uuidOf(f.name)}" TYPE="${f.fstype}"\n`);
  return shown.length === 0 ? 2 : 0;
};

/** `fdisk -l`: the disks with their sizes. */
export const fdisk: Tool = async (ctx) => {
  if (!ctx.args.includes('-l')) {
    ctx.err('fdisk: only -l is simulated\n');
    return 1;
  }
  for (const d of devices(ctx).get()) {
    if ((d.type ?? 'disk') !== 'disk') continue;
    ctx.out(
      `Disk /dev/${d.name}: ${human(d.sizeBytes)}, ${d.sizeBytes} bytes, ${Math.floor(d.sizeBytes / 512)} sectors\n`,
    );
    for (const p of d.partitions ?? []) ctx.out(`/dev/${p.name}  ${human(p.sizeBytes)} Linux\n`);
    ctx.out('\n');
  }
  return 0;
};
