/**
 * A scheduler killed at each ledger stage (and right after each side effect, before its ledger
 * write) and restarted over the same ledger store: exactly one volume per expansion, none leaked.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findLeaks, type CapacityProvider } from '@scaleio-framework/capacity';
import type { HealingStage } from '@scaleio-framework/healing';
import type { HealerPorts, Healer } from '../src/index.js';
import { fill, healingConfig, withRig, type Rig } from './healing-harness.js';

const policy = {
  triggerPercent: 80,
  clearPercent: 70,
  consecutiveSamples: 3,
  timeToFullMinutes: 0,
};

type KillPoint =
  | { readonly after: 'ledger'; readonly stage: HealingStage }
  | { readonly after: 'provision' | 'attach' | 'resolve' | 'addDevice' };

const hang = <A>(): Promise<A> => new Promise<A>(() => undefined);

/**
 * Ports that "die" at the kill point: from then on every call of this healer never returns, as
 * if the process were gone. `killed` resolves at that moment.
 */
const killable = (ports: HealerPorts, at: KillPoint) => {
  let dead = false;
  let onKill: () => void = () => undefined;
  const killed = new Promise<void>((r) => (onKill = r));
  const die = <A>(): Promise<A> => {
    dead = true;
    onKill();
    return hang<A>();
  };
  const guard =
    <Args extends unknown[], R>(f: (...a: Args) => Promise<R>, point?: string) =>
    async (...a: Args): Promise<R> => {
      if (dead) return hang<R>();
      const r = await f(...a);
      if (dead) return hang<R>();
      return at.after === point ? die<R>() : r;
    };
  const p = ports.provider;
  const provider: CapacityProvider = {
    cluster: p.cluster,
    capabilities: guard(p.capabilities),
    describeNode: guard(p.describeNode),
    provision: guard(p.provision, 'provision'),
    attach: guard(p.attach, 'attach'),
    describe: guard(p.describe),
    findByKey: guard(p.findByKey),
    detach: guard(p.detach),
    delete: guard(p.delete),
    listOwned: guard(p.listOwned),
  };
  const wrapped: HealerPorts = {
    ...ports,
    provider,
    stats: {
      poolStats: guard(ports.stats.poolStats),
      addDeviceToSds: guard(ports.stats.addDeviceToSds, 'addDevice'),
    },
    resolver: { resolve: guard(ports.resolver.resolve, 'resolve') },
    ledger: {
      read: guard(ports.ledger.read),
      update: async (f) => {
        if (dead) return hang();
        const r = await ports.ledger.update(f);
        if (at.after === 'ledger' && r.ok && r.value.entries.some((e) => e.stage === at.stage))
          return die();
        return r;
      },
    },
  };
  return { ports: wrapped, killed, isDead: () => dead };
};

const tickUntilKilled = async (rig: Rig, healer: Healer, k: ReturnType<typeof killable>) => {
  for (let i = 0; i < 40 && !k.isDead(); i++) {
    rig.clock.advance(60_000);
    await Promise.race([healer.tick(), k.killed]);
  }
  assert.ok(k.isDead(), 'the kill point was reached');
};

const points: KillPoint[] = [
  { after: 'ledger', stage: 'intent' },
  { after: 'provision' },
  { after: 'ledger', stage: 'created' },
  { after: 'attach' },
  { after: 'ledger', stage: 'attached' },
  { after: 'resolve' },
  { after: 'ledger', stage: 'resolved' },
  { after: 'addDevice' },
  { after: 'ledger', stage: 'added' },
];

for (const at of points) {
  const name =
    at.after === 'ledger' ? `ledger write "${at.stage}"` : `${at.after} (before its ledger write)`;
  test(`killed after ${name}: restarted, one volume, one device, no leak`, async () => {
    await withRig(async (rig) => {
      const config = healingConfig({ enabled: true, policy });
      const k = killable(rig.ports, at);
      const first = rig.healer(config, k.ports);
      fill(rig, 'pd1/sp1', 1, 100);
      await tickUntilKilled(rig, first, k);
      // a new scheduler over the same ledger store and the same clouds
      const second = rig.healer(config);
      for (let i = 0; i < 10; i++) {
        rig.clock.advance(60_000);
        await second.tick();
      }
      const s = second.status();
      const entries = [...s.recent, ...s.inFlight];
      assert.equal(
        entries.map((e) => e.stage),
        ['verified'],
        JSON.stringify(entries),
      );
      assert.is(rig.volumes().length, 1, 'exactly one volume');
      assert.is(rig.volumes()[0]?.volumeId, entries[0]?.volume);
      assert.is(rig.devices('pd1/sp1'), 4, 'exactly one new device');
      const owned = await rig.provider.listOwned();
      assert.ok(owned._tag === 'Right');
      if (owned._tag === 'Right') assert.equal(findLeaks(owned.right, entries), []);
      const leaks = await second.reportLeaks();
      assert.equal(leaks.ok ? leaks.value : leaks.error, []);
    });
  });
}

test.run();
