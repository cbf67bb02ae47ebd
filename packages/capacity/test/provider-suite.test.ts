import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AssertionError } from 'node:assert/strict';
import { right } from 'fp-ts/lib/Either.js';
import {
  memoryCloud,
  memoryProvider,
  providerSuite,
  type CapacityProvider,
  type ClusterId,
  type IdempotencyKey,
  type MakeTarget,
  type NodeId,
  type SuiteCase,
  type VolumeSpec,
} from '../src/index.js';

const spec = { sizeGiB: 10, volumeType: 'ssd', encrypted: true } as VolumeSpec;
const node = (s: string): NodeId => s as NodeId;

/** A fresh cloud: two nodes in zone a, one in zone b, a small node with 3 free slots. */
const target =
  (
    wrap: (p: CapacityProvider, other: CapacityProvider) => CapacityProvider = (p) => p,
  ): MakeTarget =>
  async () => {
    const cloud = memoryCloud({
      'n-1': { zone: 'zone-a', maxAttachments: 27, otherAttachments: 1 },
      'n-2': { zone: 'zone-a', maxAttachments: 27, otherAttachments: 1 },
      'n-far': { zone: 'zone-b', maxAttachments: 27, otherAttachments: 1 },
      'n-small': { zone: 'zone-a', maxAttachments: 4, otherAttachments: 1 },
    });
    const other = memoryProvider({ cluster: 'other' as ClusterId, cloud });
    const provider = wrap(memoryProvider({ cluster: 'c1' as ClusterId, cloud }), other);
    return {
      provider,
      node: node('n-1'),
      peer: node('n-2'),
      otherZoneNode: node('n-far'),
      smallNode: node('n-small'),
      otherCluster: other,
      spec,
      close: async () => undefined,
    };
  };

const caseNamed = (cases: ReadonlyArray<SuiteCase>, part: string): SuiteCase => {
  const c = cases.find((x) => x.name.includes(part));
  if (c === undefined) throw new Error(`no case named ${part}`);
  return c;
};

const failsWithAssertion = async (c: SuiteCase): Promise<void> => {
  try {
    await c.run();
  } catch (e) {
    assert.instance(e, AssertionError, `${c.name} failed with a non-assertion error: ${String(e)}`);
    return;
  }
  assert.unreachable(`the suite did not catch the broken provider in "${c.name}"`);
};

for (const c of providerSuite(target())) test(`memory provider passes: ${c.name}`, c.run);

test('the suite has every contract case', () => {
  assert.is(providerSuite(target()).length, 12);
  assert.is(
    providerSuite(target(), { zones: false, attachmentLimit: false, clusters: false }).length,
    9,
  );
});

let fresh = 0;
test('catches a provider whose provision ignores the idempotency key', async () => {
  const broken = target((p) => ({
    ...p,
    provision: (req) => p.provision({ ...req, key: `fresh-${fresh++}` as IdempotencyKey }),
  }));
  await failsWithAssertion(caseNamed(providerSuite(broken), 'provisions idempotently'));
});

test('catches a provider that attaches to the wrong node', async () => {
  const broken = target((p) => ({
    ...p,
    attach: (v, n) => p.attach(v, n === 'n-1' ? node('n-2') : n),
  }));
  await failsWithAssertion(caseNamed(providerSuite(broken), 'attaches to the node'));
});

test('catches a provider that lists volumes of another cluster', async () => {
  const broken = target((p, other) => ({
    ...p,
    listOwned: async () => {
      const [a, b] = [await p.listOwned(), await other.listOwned()];
      return a._tag === 'Right' && b._tag === 'Right' ? right([...a.right, ...b.right]) : a;
    },
  }));
  await failsWithAssertion(caseNamed(providerSuite(broken), 'lists exactly'));
});

test('catches a provider that deletes attached volumes (no clean rollback)', async () => {
  const broken = target((p) => ({
    ...p,
    delete: async (v) => {
      const d = await p.describe(v);
      if (d._tag === 'Right' && d.right.attachment !== undefined)
        await p.detach(v, d.right.attachment.node);
      return p.delete(v);
    },
  }));
  await failsWithAssertion(caseNamed(providerSuite(broken), 'rolls back cleanly'));
});

test('catches a provider that ignores attachment limits', async () => {
  const broken = target((p) => ({
    ...p,
    describeNode: async (n) => {
      const d = await p.describeNode(n);
      return d._tag === 'Right' && n === 'n-small'
        ? right({ ...d.right, maxAttachments: d.right.maxAttachments - 1 } as typeof d.right)
        : d;
    },
  }));
  await failsWithAssertion(caseNamed(providerSuite(broken), 'stops at the node attachment limit'));
});

test.run();
