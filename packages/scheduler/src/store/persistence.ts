import * as t from 'io-ts';
import { DeployState } from '@scaleio-framework/orchestrator';
import { describeStateError, document, type StateStore } from '@scaleio-framework/state';
import type { DeployStore } from '../core/ports.js';

/** The framework's identity as stored: the id Mesos gave it, for failover. */
export const FrameworkRecord = t.type({ frameworkId: t.string });

/**
 * The deploy state and framework id as typed, schema-versioned documents of a state store. Every
 * save is a compare-and-set against the version last read or written, so two schedulers sharing
 * one store cannot silently overwrite each other.
 */
export function persistence(store: StateStore) {
  const deploy = document(store, { key: 'deploy', codec: DeployState, schemaVersion: 1 });
  const framework = document(store, { key: 'framework', codec: FrameworkRecord, schemaVersion: 1 });
  let deployVersion: number | null = null;
  const deployStore: DeployStore = {
    async load() {
      const r = await deploy.read();
      if (r._tag === 'Left')
        throw new Error(`cannot read the deploy state: ${describeStateError(r.left)}`);
      deployVersion = r.right?.version ?? null;
      return r.right?.value;
    },
    async save(state) {
      const r = await deploy.write(state, deployVersion);
      if (r._tag === 'Left') return { ok: false, error: describeStateError(r.left) };
      deployVersion = r.right.version;
      return { ok: true };
    },
  };
  return {
    deployStore,
    async frameworkId(): Promise<string | undefined> {
      const r = await framework.read();
      if (r._tag === 'Left')
        throw new Error(`cannot read the framework id: ${describeStateError(r.left)}`);
      return r.right?.value.frameworkId;
    },
    async saveFrameworkId(frameworkId: string): Promise<void> {
      const r = await framework.update(() => ({ frameworkId }));
      if (r._tag === 'Left')
        throw new Error(`cannot save the framework id: ${describeStateError(r.left)}`);
    },
  };
}
