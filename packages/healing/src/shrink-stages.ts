/**
 * The shrink rows of the stage table: a verified entry chosen for removal goes `shrinkIntent` →
 * remove the device from its SDS (ScaleIO migrates its data) → `draining` → the device is gone and
 * the pool quiet → `drained` → detach → `volumeDetached` → delete → `removed`. The volume is never
 * touched while the SDS may still hold data on it: detaching waits for `drained`.
 */
import type { NodeId, VolumeId } from '@scaleio-framework/capacity';
import {
  describeEffectError,
  effectLabel,
  failedWith,
  isNotReady,
  isRetryableError,
} from './effects.js';
import { poolOf } from './entry-facts.js';
import { isShrinkStage } from './ledger.js';
import { advance, fail, perform, row, wait, type StageRow } from './transitions.js';

const volumeOf = (e: { volume?: VolumeId | undefined }): VolumeId => e.volume as VolumeId;

/** The shrink rows (inserted before the table's `*` rows). */
export const shrinkRows: ReadonlyArray<StageRow> = [
  // shrinkIntent → remove the device → draining
  row({
    stage: 'shrinkIntent',
    on: 'due',
    doc: 'shrink: no device id, path or volume recorded: nothing can be removed safely (not retried)',
    when: (e) => e.deviceId === undefined || e.path === undefined || e.volume === undefined,
    then: () => fail('entry has no device id, path or volume', false),
  }),
  row({
    stage: 'shrinkIntent',
    on: 'due',
    doc: 'shrink: remove the device from its SDS (ScaleIO migrates its data; idempotent)',
    then: (e) =>
      perform({
        _tag: 'removeDevice',
        node: e.node,
        pool: poolOf(e),
        deviceId: e.deviceId ?? '',
        path: e.path ?? '',
      }),
  }),
  row({
    stage: 'shrinkIntent',
    on: 'removalStarted',
    doc: 'shrink: removal accepted → draining, with the time it started',
    then: (_e, _o, cx) => advance('draining', { drainStartedAtMs: cx.nowMs }),
  }),
  row({
    stage: 'shrinkIntent',
    on: 'failed',
    doc: 'shrink: ScaleIO refused the removal (e.g. its data has nowhere to go) → verified, device kept',
    when: (_e, o) => o.effect._tag === 'removeDevice' && !isRetryableError(o.error),
    then: (_e, o) =>
      advance('verified', {
        lastError: `${effectLabel.removeDevice}: ${describeEffectError(o.error)}`,
      }),
  }),
  // draining → drained once the device is gone and the pool is quiet
  row({
    stage: 'draining',
    on: 'due',
    doc: 'shrink: check the drain (device listed? pool moving or degraded capacity?)',
    then: (e) => perform({ _tag: 'checkDrain', pool: poolOf(e), deviceId: e.deviceId ?? '' }),
  }),
  row({
    stage: 'draining',
    on: 'drainChecked',
    doc: 'shrink: device gone, nothing moving or degraded → drained',
    when: (_e, o) => o.drain.deviceGone && o.drain.movingBytes === 0 && o.drain.degradedBytes === 0,
    then: (_e, _o, cx) => advance('drained', { drainedAtMs: cx.nowMs }),
  }),
  row({
    stage: 'draining',
    on: 'drainChecked',
    doc: 'shrink: data still migrating or the pool unsettled → wait',
    then: () => wait,
  }),
  // drained → detach → volumeDetached → delete → removed
  row({
    stage: 'drained',
    on: 'due',
    doc: 'shrink: detach the volume from its node',
    then: (e) => perform({ _tag: 'detach', volume: volumeOf(e), node: e.node as NodeId }),
  }),
  row({
    stage: 'drained',
    on: 'detached',
    doc: 'shrink: detached → volumeDetached',
    then: () => advance('volumeDetached'),
  }),
  row({
    stage: 'drained',
    on: 'failed',
    doc: 'shrink: the volume is already gone → removed',
    when: (_e, o) => o.effect._tag === 'detach' && failedWith(o.error, 'NotFound'),
    then: () => advance('removed'),
  }),
  row({
    stage: 'volumeDetached',
    on: 'due',
    doc: 'shrink: delete the volume',
    then: (e) => perform({ _tag: 'delete', volume: volumeOf(e) }),
  }),
  row({
    stage: 'volumeDetached',
    on: 'deleted',
    doc: 'shrink: deleted → removed',
    then: () => advance('removed'),
  }),
  row({
    stage: 'volumeDetached',
    on: 'failed',
    doc: 'shrink: delete refused as still attached (a detach not finished) → retried',
    when: (_e, o) => o.effect._tag === 'delete' && failedWith(o.error, 'IncorrectState'),
    then: (_e, o) => fail(`shrink delete: ${describeEffectError(o.error)}`, true),
  }),
  // any shrink stage
  row({
    stage: '*',
    on: 'failed',
    doc: 'shrink: any other failed effect → the failure rule, named `shrink <effect>`',
    when: (e) => isShrinkStage(e.stage),
    then: (_e, o) =>
      fail(
        `shrink ${o.effect._tag === 'detach' || o.effect._tag === 'delete' ? o.effect._tag : effectLabel[o.effect._tag]}: ${describeEffectError(o.error)}`,
        isRetryableError(o.error),
        isNotReady(o.error),
      ),
  }),
];
