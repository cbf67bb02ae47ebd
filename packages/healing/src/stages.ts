/**
 * The healing stage table: **stage × observation → transition**, one row per rule. A transition
 * is data — perform an effect, advance to a stage (with what the stage produced), fail (then the
 * generic failure rule of `stage-machine.ts` decides: retry, roll back, or wait), or wait.
 *
 * Rows are tried in order; the first whose stage (or `'*'`), observation tag and `when` guard
 * match decides. Adding a rule is one row here plus one case in `test/stage-table.test.ts`.
 */
import type { NodeId, Volume } from '@scaleio-framework/capacity';
import {
  describeEffectError,
  effectLabel,
  failedWith,
  isNotReady,
  isRetryableError,
  type Observation,
} from './effects.js';
import {
  attachedNode,
  grewAfterAdd,
  notGrownReason,
  poolOf,
  provisionRequest,
  samplesAfterAdd,
} from './entry-facts.js';
import { usableBytes } from './figures.js';
import { shrinkRows } from './shrink-stages.js';
import type { HealingEntry } from './ledger.js';
import {
  advance,
  fail,
  perform,
  row,
  wait,
  type StageInput,
  type StageRow,
  type Transition,
} from './transitions.js';

/** The table. Order matters within a stage: guards first, then the stage's normal work. */
export const stageTable: ReadonlyArray<StageRow> = [
  // intent → provision → created
  row({
    stage: 'intent',
    on: 'due',
    doc: 'no idempotency key: nothing can be provisioned safely (not retried)',
    when: (e) => e.key === undefined,
    then: () => fail('entry has no idempotency key', false),
  }),
  row({
    stage: 'intent',
    on: 'due',
    doc: 'provision {key, node, spec, tags} in the node’s zone',
    then: (e, _o, cx) => perform({ _tag: 'provision', request: provisionRequest(e, cx.config) }),
  }),
  row({
    stage: 'intent',
    on: 'provisioned',
    doc: '→ created, with the volume id and zone',
    then: (_e, o) => advance('created', { volume: o.volume.id, zone: o.volume.zone }),
  }),
  // created → attach → attached
  row({
    stage: 'created',
    on: 'due',
    doc: 'no volume id: not retried',
    when: (e) => e.volume === undefined,
    then: () => fail('entry has no volume id', false),
  }),
  row({
    stage: 'created',
    on: 'due',
    doc: 'attach the volume to its node',
    then: (e) =>
      perform({
        _tag: 'attach',
        volume: e.volume as NonNullable<HealingEntry['volume']>,
        node: e.node,
      }),
  }),
  row({
    stage: 'created',
    on: 'attached',
    doc: '→ attached, with the device name and the in-guest paths to look for',
    then: (_e, o) =>
      advance('attached', {
        deviceName: o.attachment.deviceName,
        guestPaths: [...o.attachment.guestPaths],
      }),
  }),
  // attached → resolve (executor probe) → resolved
  row({
    stage: 'attached',
    on: 'due',
    doc: 'no attachment recorded: not retried',
    when: (e) => e.volume === undefined || e.deviceName === undefined,
    then: () => fail('entry has no attachment', false),
  }),
  row({
    stage: 'attached',
    on: 'due',
    doc: 'resolve the in-guest path on the node (executor probe: the new, empty disk)',
    then: (e) =>
      perform({
        _tag: 'resolveDevice',
        node: e.node,
        request: {
          volume: e.volume as NonNullable<HealingEntry['volume']>,
          sizeGiB: e.sizeGiB,
          deviceName: e.deviceName ?? '',
          guestPaths: e.guestPaths ?? [],
        },
      }),
  }),
  row({
    stage: 'attached',
    on: 'resolved',
    doc: '→ resolved, with the path and the pool’s usable bytes before the add',
    then: (_e, o, cx) => {
      const last = cx.samples[cx.samples.length - 1];
      return advance('resolved', {
        path: o.path,
        ...(last === undefined ? {} : { capacityBeforeBytes: usableBytes(last) }),
      });
    },
  }),
  // resolved → add to the SDS → added
  row({
    stage: 'resolved',
    on: 'due',
    doc: 'no device path: not retried',
    when: (e) => e.path === undefined,
    then: () => fail('entry has no device path', false),
  }),
  row({
    stage: 'resolved',
    on: 'due',
    doc: 'add the device to the node’s SDS in the pool (idempotent by path)',
    then: (e) => perform({ _tag: 'addDevice', node: e.node, pool: poolOf(e), path: e.path ?? '' }),
  }),
  row({
    stage: 'resolved',
    on: 'deviceAdded',
    doc: '→ added, with the device id and the time of the add',
    then: (_e, o, cx) => advance('added', { deviceId: o.deviceId, addedAtMs: cx.nowMs }),
  }),
  // added → verify
  row({
    stage: 'added',
    on: 'due',
    doc: 'verify: a sample after the add shows more usable capacity → verified',
    when: (e, _o, cx) => grewAfterAdd(e, cx),
    then: (e) => advance('verified', { reason: e.decision ?? 'verified' }),
  }),
  row({
    stage: 'added',
    on: 'due',
    doc: 'verify: fewer than verifySamples samples since the add → wait',
    when: (e, _o, cx) => samplesAfterAdd(e, cx).length < cx.config.verifySamples,
    then: () => wait,
  }),
  row({
    stage: 'added',
    on: 'due',
    doc: 'verify: verifySamples samples without growth → failed, with the numbers',
    then: (e, _o, cx) => advance('failed', { reason: notGrownReason(e, cx) }),
  }),
  // rollingBack: find by key → describe → detach (if attached) → delete
  row({
    stage: 'rollingBack',
    on: 'due',
    doc: 'rollback: describe the volume',
    when: (e) => e.volume !== undefined,
    then: (e) =>
      perform({ _tag: 'describe', volume: e.volume as NonNullable<HealingEntry['volume']> }),
  }),
  row({
    stage: 'rollingBack',
    on: 'due',
    doc: 'rollback: no volume id stored: find the volume by the idempotency key',
    when: (e) => e.key !== undefined,
    then: (e) => perform({ _tag: 'findByKey', key: e.key as NonNullable<HealingEntry['key']> }),
  }),
  row({
    stage: 'rollingBack',
    on: 'due',
    doc: 'rollback: neither id nor key, nothing was made → rolledBack',
    then: () => advance('rolledBack'),
  }),
  row({
    stage: 'rollingBack',
    on: 'found',
    doc: 'rollback: no volume with the key → rolledBack',
    when: (_e, o) => o.volume === null,
    then: () => advance('rolledBack'),
  }),
  row({
    stage: 'rollingBack',
    on: 'found',
    doc: 'rollback: found by key → describe it',
    then: (_e, o) => perform({ _tag: 'describe', volume: (o.volume as Volume).id }),
  }),
  row({
    stage: 'rollingBack',
    on: 'described',
    doc: 'rollback: still attaching → retried (detached once attached)',
    when: (_e, o) => o.volume.state === 'attaching',
    then: (_e, o) =>
      fail(`rollback: ${o.volume.id} is still attaching; it is detached once attached`, true),
  }),
  row({
    stage: 'rollingBack',
    on: 'described',
    doc: 'rollback: attached or detaching → detach it',
    when: (_e, o) => attachedNode(o.volume) !== undefined,
    then: (_e, o) =>
      perform({ _tag: 'detach', volume: o.volume.id, node: attachedNode(o.volume) as NodeId }),
  }),
  row({
    stage: 'rollingBack',
    on: 'described',
    doc: 'rollback: not attached → delete it',
    then: (_e, o) => perform({ _tag: 'delete', volume: o.volume.id }),
  }),
  row({
    stage: 'rollingBack',
    on: 'detached',
    doc: 'rollback: detached → delete it',
    then: (_e, o) => perform({ _tag: 'delete', volume: o.volume }),
  }),
  row({
    stage: 'rollingBack',
    on: 'deleted',
    doc: 'rollback: deleted → rolledBack',
    then: (_e, o) => advance('rolledBack', { volume: o.volume }),
  }),
  row({
    stage: 'rollingBack',
    on: 'failed',
    doc: 'rollback: describe says NotFound, the volume is gone → rolledBack',
    when: (_e, o) => o.effect._tag === 'describe' && failedWith(o.error, 'NotFound'),
    then: (_e, o) =>
      advance('rolledBack', o.effect._tag === 'describe' ? { volume: o.effect.volume } : {}),
  }),
  row({
    stage: 'rollingBack',
    on: 'failed',
    doc: 'rollback: delete refused as still attached (a detach not finished) → retried',
    when: (_e, o) => o.effect._tag === 'delete' && failedWith(o.error, 'IncorrectState'),
    then: (_e, o) => fail(`${effectLabel.delete}: ${describeEffectError(o.error)}`, true),
  }),
  ...shrinkRows,
  // any stage
  row({
    stage: '*',
    on: 'failed',
    doc: 'any other failed effect → the failure rule, named by its effect, retryable as its error says',
    then: (_e, o) =>
      fail(
        `${effectLabel[o.effect._tag]}: ${describeEffectError(o.error)}`,
        isRetryableError(o.error),
        isNotReady(o.error),
      ),
  }),
  row({
    stage: '*',
    on: 'due',
    doc: 'awaitingApproval and the final stages: nothing to do',
    then: () => wait,
  }),
];

/** The first row that applies, or undefined. */
export const matchRow = (
  e: HealingEntry,
  o: Observation,
  cx: StageInput,
  table: ReadonlyArray<StageRow> = stageTable,
): StageRow | undefined => {
  const applies = (r: StageRow) => r.on === o._tag && (r.when === undefined || r.when(e, o, cx));
  return (
    table.find((r) => r.stage === e.stage && applies(r)) ??
    table.find((r) => r.stage === '*' && applies(r))
  );
};

/** What the table says for the entry and the observation (`wait` when no row applies). */
export const transition = (
  e: HealingEntry,
  o: Observation,
  cx: StageInput,
  table: ReadonlyArray<StageRow> = stageTable,
): Transition => matchRow(e, o, cx, table)?.then(e, o, cx) ?? wait;
