/** The shrink rows' cases for the stage table test (one per row). */
import { providerError, type NodeId, type VolumeId } from '@scaleio-framework/capacity';
import {
  advance,
  fail,
  perform,
  portFailed,
  providerFailed,
  wait,
  type HealingEntry,
  type Observation,
  type StageInput,
  type Transition,
} from '../src/index.js';
import { entry, NOW, pool1 } from './fixture.js';

/** One case: the row that must decide, the entry, the observation, the expected transition. */
export interface ShrinkCase {
  readonly row: string;
  readonly entry: HealingEntry;
  readonly on: Observation;
  readonly input?: StageInput;
  readonly expect: Transition;
}

const due: Observation = { _tag: 'due' };
const vol1 = 'vol-1' as VolumeId;
const i1 = 'i-1' as NodeId;
const made = { volume: vol1, path: '/dev/xvdf', deviceId: 'dev1' };
const intent = entry('shrinkIntent', made);
const draining = entry('draining', made);
const remove = {
  _tag: 'removeDevice' as const,
  node: i1,
  pool: pool1,
  deviceId: 'dev1',
  path: '/dev/xvdf',
};
const drain = (deviceGone: boolean, movingBytes = 0, degradedBytes = 0): Observation => ({
  _tag: 'drainChecked',
  drain: { deviceGone, movingBytes, degradedBytes },
});

/** Every shrink row, in table order. */
export const shrinkCases: ReadonlyArray<ShrinkCase> = [
  {
    row: 'shrink: no device id, path or volume recorded: nothing can be removed safely (not retried)',
    entry: entry('shrinkIntent', { volume: vol1, path: '/dev/xvdf' }),
    on: due,
    expect: fail('entry has no device id, path or volume', false),
  },
  {
    row: 'shrink: remove the device from its SDS (ScaleIO migrates its data; idempotent)',
    entry: intent,
    on: due,
    expect: perform(remove),
  },
  {
    row: 'shrink: removal accepted → draining, with the time it started',
    entry: intent,
    on: { _tag: 'removalStarted', deviceGone: false },
    expect: advance('draining', { drainStartedAtMs: NOW }),
  },
  {
    row: 'shrink: ScaleIO refused the removal (e.g. its data has nowhere to go) → verified, device kept',
    entry: intent,
    on: portFailed(remove, 'TOO_MUCH_THIN_CAPACITY_FOR_REMOVAL (904)', false),
    expect: advance('verified', {
      lastError: 'remove device: TOO_MUCH_THIN_CAPACITY_FOR_REMOVAL (904)',
    }),
  },
  {
    row: 'shrink: check the drain (device listed? pool moving or degraded capacity?)',
    entry: draining,
    on: due,
    expect: perform({ _tag: 'checkDrain', pool: pool1, deviceId: 'dev1' }),
  },
  {
    row: 'shrink: device gone, nothing moving or degraded → drained',
    entry: draining,
    on: drain(true),
    expect: advance('drained', { drainedAtMs: NOW }),
  },
  {
    row: 'shrink: data still migrating or the pool unsettled → wait',
    entry: draining,
    on: drain(true, 1024),
    expect: wait,
  },
  {
    row: 'shrink: detach the volume from its node',
    entry: entry('drained', made),
    on: due,
    expect: perform({ _tag: 'detach', volume: vol1, node: i1 }),
  },
  {
    row: 'shrink: detached → volumeDetached',
    entry: entry('drained', made),
    on: { _tag: 'detached', volume: vol1 },
    expect: advance('volumeDetached'),
  },
  {
    row: 'shrink: the volume is already gone → removed',
    entry: entry('drained', made),
    on: providerFailed(
      { _tag: 'detach', volume: vol1, node: i1 },
      providerError.notFound('volume', vol1),
    ),
    expect: advance('removed'),
  },
  {
    row: 'shrink: delete the volume',
    entry: entry('volumeDetached', made),
    on: due,
    expect: perform({ _tag: 'delete', volume: vol1 }),
  },
  {
    row: 'shrink: deleted → removed',
    entry: entry('volumeDetached', made),
    on: { _tag: 'deleted', volume: vol1 },
    expect: advance('removed'),
  },
  {
    row: 'shrink: delete refused as still attached (a detach not finished) → retried',
    entry: entry('volumeDetached', made),
    on: providerFailed(
      { _tag: 'delete', volume: vol1 },
      providerError.incorrectState(vol1, 'attached', 'still attached'),
    ),
    expect: fail('shrink delete: IncorrectState: still attached', true),
  },
  {
    row: 'shrink: any other failed effect → the failure rule, named `shrink <effect>`',
    entry: draining,
    on: portFailed({ _tag: 'checkDrain', pool: pool1, deviceId: 'dev1' }, 'gateway down', true),
    expect: fail('shrink drain check: gateway down', true, false),
  },
];
