/** The cases of the provider conformance suite. */
import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { isLeft } from 'fp-ts/lib/Either.js';
import { Capabilities, NodeCapacity, ownershipTagKeys, type VolumeSpec } from './provider.js';
import type { NodeId } from './ids.js';
import {
  key,
  must,
  mustFail,
  provisioned,
  required,
  slots,
  type Body,
  type SuiteFeatures,
} from './provider-suite-support.js';

/** Every case: its name, the optional feature it needs, its body. */
export const cases: ReadonlyArray<readonly [string, keyof SuiteFeatures | null, Body]> = [
  [
    'declares its capabilities and per-node attachment limits',
    null,
    async (t) => {
      const caps = must(await t.provider.capabilities(), 'capabilities');
      ok(Capabilities.is(caps), 'capabilities must satisfy the codec');
      ok(
        caps.volumeTypes.some((v) => v.volumeType === caps.defaultVolumeType),
        'default type is listed',
      );
      for (const v of caps.volumeTypes)
        ok(v.minSizeGiB <= v.maxSizeGiB, `${v.volumeType}: min <= max`);
      const n = await slots(t, t.node);
      ok(NodeCapacity.is(n), 'node capacity must satisfy the codec');
      strictEqual(n.node, t.node);
      ok(n.zone.length > 0, 'a node has a zone');
      ok(n.attachments >= 0 && n.attachments + 2 <= n.maxAttachments, 'node has >= 2 free slots');
    },
  ],
  [
    'provisions idempotently: the same key gives the same volume, once',
    null,
    async (t) => {
      const req = { key: key(t, t.node, 1), node: t.node, spec: t.spec, tags: { pool: 'p1' } };
      const a = must(await t.provider.provision(req), 'first provision');
      const b = must(await t.provider.provision(req), 'replayed provision');
      strictEqual(b.id, a.id, 'a replay returns the same volume');
      strictEqual(a.node, t.node);
      strictEqual(a.sizeGiB, t.spec.sizeGiB);
      strictEqual(a.volumeType, t.spec.volumeType);
      strictEqual(a.state, 'available');
      strictEqual(a.zone, (await slots(t, t.node)).zone, 'created in the node zone');
      strictEqual(a.tags['pool'], 'p1', 'caller tags kept');
      strictEqual(a.tags[ownershipTagKeys.cluster], t.provider.cluster, 'cluster tag');
      strictEqual(a.tags[ownershipTagKeys.key], req.key, 'key tag');
      const owned = must(await t.provider.listOwned(), 'listOwned');
      strictEqual(
        owned.filter((v) => v.key === req.key).length,
        1,
        'exactly one volume for the key',
      );
    },
  ],
  [
    'refuses the same key with other parameters',
    null,
    async (t) => {
      const k = key(t, t.node, 2);
      must(
        await t.provider.provision({ key: k, node: t.node, spec: t.spec, tags: {} }),
        'provision',
      );
      const bigger = { ...t.spec, sizeGiB: (t.spec.sizeGiB + 1) as VolumeSpec['sizeGiB'] };
      mustFail(
        await t.provider.provision({ key: k, node: t.node, spec: bigger, tags: {} }),
        'IdempotencyMismatch',
        'other size',
      );
      const owned = must(await t.provider.listOwned(), 'listOwned');
      strictEqual(owned.length, 1, 'no second volume');
    },
  ],
  [
    'refuses a size beyond the declared maximum',
    null,
    async (t) => {
      const caps = must(await t.provider.capabilities(), 'capabilities');
      const lim = required(
        caps.volumeTypes.find((v) => v.volumeType === t.spec.volumeType),
        'spec type in capabilities',
      );
      const spec = { ...t.spec, sizeGiB: (lim.maxSizeGiB + 1) as VolumeSpec['sizeGiB'] };
      const r = await t.provider.provision({
        key: key(t, t.node, 3),
        node: t.node,
        spec,
        tags: {},
      });
      ok(
        isLeft(r) && (r.left._tag === 'InvalidArgument' || r.left._tag === 'LimitExceeded'),
        'oversize refused',
      );
      deepStrictEqual(must(await t.provider.listOwned(), 'listOwned'), [], 'nothing created');
    },
  ],
  [
    'attaches to the node it was asked for, and a replay returns the same attachment',
    null,
    async (t) => {
      const before = await slots(t, t.node);
      const id = await provisioned(t, t.node, 4);
      const att = must(await t.provider.attach(id, t.node), 'attach');
      strictEqual(att.node, t.node);
      strictEqual(att.volume, id);
      ok(att.deviceName.length > 0 && att.guestPaths.length > 0, 'device name and guest paths');
      const v = must(await t.provider.describe(id), 'describe');
      strictEqual(v.state, 'attached');
      strictEqual(v.attachment?.node, t.node, 'describe shows the attachment on the node');
      strictEqual(
        (await slots(t, t.node)).attachments,
        before.attachments + 1,
        'one slot more used',
      );
      strictEqual((await slots(t, t.peer)).node, t.peer);
      const again = must(await t.provider.attach(id, t.node), 'replayed attach');
      strictEqual(again.deviceName, att.deviceName, 'replay keeps the device name');
      strictEqual(
        (await slots(t, t.node)).attachments,
        before.attachments + 1,
        'replay uses no slot',
      );
      mustFail(await t.provider.attach(id, t.peer), 'AlreadyExists', 'attach to another node');
      strictEqual(
        must(await t.provider.describe(id), 'describe').attachment?.node,
        t.node,
        'still on node',
      );
    },
  ],
  [
    'never hands out a device name twice on one node',
    null,
    async (t) => {
      const a = await provisioned(t, t.node, 5);
      const b = await provisioned(t, t.node, 6);
      const da = must(await t.provider.attach(a, t.node), 'attach a').deviceName;
      must(await t.provider.detach(a, t.node), 'detach a');
      const db = must(await t.provider.attach(b, t.node), 'attach b').deviceName;
      ok(da !== db, `a recently used name (${da}) is not reused`);
    },
  ],
  [
    'rolls back cleanly: detach and delete leave nothing behind',
    null,
    async (t) => {
      const before = await slots(t, t.node);
      const id = await provisioned(t, t.node, 7);
      must(await t.provider.attach(id, t.node), 'attach');
      mustFail(await t.provider.delete(id), 'IncorrectState', 'delete while attached');
      strictEqual(
        must(await t.provider.describe(id), 'describe').state,
        'attached',
        'still attached',
      );
      must(await t.provider.detach(id, t.node), 'detach');
      must(await t.provider.detach(id, t.node), 'replayed detach');
      strictEqual(must(await t.provider.describe(id), 'describe').state, 'available');
      strictEqual((await slots(t, t.node)).attachments, before.attachments, 'slot released');
      must(await t.provider.delete(id), 'delete');
      must(await t.provider.delete(id), 'replayed delete');
      mustFail(await t.provider.describe(id), 'NotFound', 'describe after delete');
      strictEqual(
        must(await t.provider.findByKey(key(t, t.node, 7)), 'findByKey'),
        null,
        'key forgotten',
      );
      deepStrictEqual(must(await t.provider.listOwned(), 'listOwned'), [], 'nothing owned');
    },
  ],
  [
    'lists exactly the live volumes this cluster owns',
    'clusters',
    async (t) => {
      const other = required(t.otherCluster, 'otherCluster');
      const a = await provisioned(t, t.node, 8);
      const b = await provisioned(t, t.peer, 9);
      const foreign = must(
        await other.provision({ key: key(t, t.node, 10), node: t.node, spec: t.spec, tags: {} }),
        'provision by the other cluster',
      ).id;
      try {
        const ids = must(await t.provider.listOwned(), 'listOwned')
          .map((v) => v.id)
          .sort();
        deepStrictEqual(ids, [a, b].sort(), 'ours only');
        must(await t.provider.delete(b), 'delete b');
        deepStrictEqual(
          must(await t.provider.listOwned(), 'listOwned').map((v) => v.id),
          [a],
          'deleted ones gone',
        );
      } finally {
        await other.delete(foreign);
      }
    },
  ],
  [
    'finds a volume by its key (crash between provision and attach)',
    null,
    async (t) => {
      const id = await provisioned(t, t.node, 11);
      strictEqual(must(await t.provider.findByKey(key(t, t.node, 11)), 'findByKey')?.id, id);
      strictEqual(must(await t.provider.findByKey(key(t, t.node, 12)), 'findByKey unknown'), null);
    },
  ],
  [
    'reports unknown volumes and nodes as NotFound',
    null,
    async (t) => {
      const id = await provisioned(t, t.node, 13);
      must(await t.provider.delete(id), 'delete');
      mustFail(await t.provider.describe(id), 'NotFound', 'describe deleted');
      mustFail(await t.provider.attach(id, t.node), 'NotFound', 'attach deleted');
      const ghost = 'ghost-node-0' as NodeId;
      mustFail(await t.provider.describeNode(ghost), 'NotFound', 'describeNode unknown');
    },
  ],
  [
    'refuses to attach across zones',
    'zones',
    async (t) => {
      const far = required(t.otherZoneNode, 'otherZoneNode');
      const id = await provisioned(t, t.node, 14);
      mustFail(await t.provider.attach(id, far), 'ZoneMismatch', 'attach across zones');
      strictEqual(
        must(await t.provider.describe(id), 'describe').state,
        'available',
        'left unattached',
      );
    },
  ],
  [
    'stops at the node attachment limit',
    'attachmentLimit',
    async (t) => {
      const small = required(t.smallNode, 'smallNode');
      const n = await slots(t, small);
      const free = n.maxAttachments - n.attachments;
      ok(free >= 1 && free <= 8, `smallNode must have 1–8 free slots, has ${free}`);
      for (let i = 0; i < free; i++)
        must(await t.provider.attach(await provisioned(t, small, 100 + i), small), `attach ${i}`);
      strictEqual((await slots(t, small)).attachments, n.maxAttachments, 'all slots used');
      const extra = await provisioned(t, small, 100 + free);
      const e = mustFail(
        await t.provider.attach(extra, small),
        'LimitExceeded',
        'attach beyond the limit',
      );
      ok(e._tag === 'LimitExceeded' && e.limit === 'attachments', 'limit kind is attachments');
    },
  ],
];
