/**
 * The vocabulary of the stage table: what a row reads ({@link StageInput}), what it decides
 * ({@link Transition}: perform an effect, advance to a stage, fail, wait), and the row itself.
 */
import type { HealingConfig } from './config.js';
import type { EntryEffect, Observation, ObservationTag } from './effects.js';
import type { HealingEntry, HealingStage } from './ledger.js';
import type { TimedFigures } from './pools.js';

/** What a row decides. */
export type Transition =
  | { readonly _tag: 'perform'; readonly effect: EntryEffect }
  | {
      readonly _tag: 'advance';
      readonly stage: HealingStage;
      readonly extra: Partial<HealingEntry>;
    }
  | {
      readonly _tag: 'fail';
      readonly error: string;
      readonly retryable: boolean;
      readonly notReady: boolean;
    }
  | { readonly _tag: 'wait' };

/** What a row may read besides the entry and the observation. Time comes in as a value. */
export interface StageInput {
  readonly config: HealingConfig;
  readonly nowMs: number;
  /** The entry's pool samples held in memory, oldest first. */
  readonly samples: ReadonlyArray<TimedFigures>;
}

type Of<O extends ObservationTag> = Extract<Observation, { readonly _tag: O }>;

/** One rule of the table. */
export interface StageRow<O extends ObservationTag = ObservationTag> {
  /** The stage it applies to; `'*'`: any stage (after the rows of the stage itself). */
  readonly stage: HealingStage | '*';
  readonly on: O;
  /** The rule in one sentence (the README's table is made of these). */
  readonly doc: string;
  readonly when?: (e: HealingEntry, o: Of<O>, cx: StageInput) => boolean;
  readonly then: (e: HealingEntry, o: Of<O>, cx: StageInput) => Transition;
}

/** A row typed by its observation, stored in the table as a plain {@link StageRow}. */
export const row = <O extends ObservationTag>(r: StageRow<O>): StageRow => r as unknown as StageRow;

/** Perform an effect. */
export const perform = (effect: EntryEffect): Transition => ({ _tag: 'perform', effect });
/** Move the entry to a stage (its attempts reset). */
export const advance = (stage: HealingStage, extra: Partial<HealingEntry> = {}): Transition => ({
  _tag: 'advance',
  stage,
  extra,
});
/** A failure for the generic rule (retry, roll back, or wait for a node not ready). */
export const fail = (error: string, retryable: boolean, notReady = false): Transition => ({
  _tag: 'fail',
  error,
  retryable,
  notReady,
});
/** Nothing to do now. */
export const wait: Transition = { _tag: 'wait' };
