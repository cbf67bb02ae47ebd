/**
 * Performing the core's effects over the ports: each result comes back as data — an
 * `Observation` for an entry's effect, `NodeAnswer`s for `describeNodes`. Nothing is decided here.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { CapacityProvider, NodeId } from '@scaleio-framework/capacity';
import {
  portFailed,
  providerFailed,
  type EntryEffect,
  type NodeAnswer,
  type Observation,
} from '@scaleio-framework/healing';
import type { HealerPorts } from './ports.js';

const noDrain = 'this healer has no gateway drain port: it cannot remove devices';

/** Performs an entry's effects over the provider, the resolver and the gateway. */
export const entryEffects =
  (ports: Pick<HealerPorts, 'provider' | 'resolver' | 'stats' | 'drain'>) =>
  async (effect: EntryEffect): Promise<Observation> => {
    const { provider } = ports;
    switch (effect._tag) {
      case 'provision': {
        const r = await provider.provision(effect.request);
        return isLeft(r)
          ? providerFailed(effect, r.left)
          : { _tag: 'provisioned', volume: r.right };
      }
      case 'attach': {
        const r = await provider.attach(effect.volume, effect.node);
        return isLeft(r)
          ? providerFailed(effect, r.left)
          : { _tag: 'attached', attachment: r.right };
      }
      case 'resolveDevice': {
        const r = await ports.resolver.resolve(effect.node, effect.request);
        return r.ok
          ? { _tag: 'resolved', path: r.path }
          : portFailed(effect, r.error, r.retryable ?? true, r.notReady ?? false);
      }
      case 'addDevice': {
        const r = await ports.stats.addDeviceToSds(effect.node, effect.pool, effect.path);
        return r.ok
          ? { _tag: 'deviceAdded', deviceId: r.value.deviceId }
          : portFailed(effect, r.error, r.retryable);
      }
      case 'findByKey': {
        const r = await provider.findByKey(effect.key);
        return isLeft(r) ? providerFailed(effect, r.left) : { _tag: 'found', volume: r.right };
      }
      case 'describe': {
        const r = await provider.describe(effect.volume);
        return isLeft(r) ? providerFailed(effect, r.left) : { _tag: 'described', volume: r.right };
      }
      case 'detach': {
        const r = await provider.detach(effect.volume, effect.node);
        return isLeft(r)
          ? providerFailed(effect, r.left)
          : { _tag: 'detached', volume: effect.volume };
      }
      case 'delete': {
        const r = await provider.delete(effect.volume);
        return isLeft(r)
          ? providerFailed(effect, r.left)
          : { _tag: 'deleted', volume: effect.volume };
      }
      case 'removeDevice': {
        if (ports.drain === undefined) return portFailed(effect, noDrain, false);
        const r = await ports.drain.removeDevice(effect.pool, effect.deviceId, effect.path);
        return r.ok
          ? { _tag: 'removalStarted', deviceGone: r.value.deviceGone }
          : portFailed(effect, r.error, r.retryable);
      }
      case 'checkDrain': {
        if (ports.drain === undefined) return portFailed(effect, noDrain, false);
        const r = await ports.drain.drainState(effect.pool, effect.deviceId);
        return r.ok
          ? { _tag: 'drainChecked', drain: r.value }
          : portFailed(effect, r.error, r.retryable);
      }
    }
  };

/** Performs `describeNodes`: each node's zone and attachment slots, one call per node, in order. */
export const describeNodes = async (
  provider: Pick<CapacityProvider, 'describeNode'>,
  nodes: ReadonlyArray<NodeId>,
): Promise<NodeAnswer[]> => {
  const answers: NodeAnswer[] = [];
  for (const node of nodes) {
    const d = await provider.describeNode(node);
    answers.push(
      isLeft(d) ? { node, ok: false, error: d.left } : { node, ok: true, capacity: d.right },
    );
  }
  return answers;
};
