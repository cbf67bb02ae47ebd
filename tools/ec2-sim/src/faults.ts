/** Scripted failures: the next N calls (of one action, or of any) answer with a given error. */
import type { SimError } from './result.js';

/** One scripted failure rule. */
export interface FaultRule {
  /** Only this action (e.g. `AttachVolume`); every action when absent. */
  readonly action?: string;
  readonly error: SimError;
  /** How many matching calls fail; the rule is dropped when it reaches 0. */
  remaining: number;
}

/** The throttling answer EC2 gives (HTTP 503, retried by the SDK). */
export const throttlingError: SimError = {
  code: 'RequestLimitExceeded',
  message: 'Request limit exceeded.',
  status: 503,
};

/** Takes the first rule matching `action` (consuming one count), or undefined. */
export const takeFault = (rules: FaultRule[], action: string): SimError | undefined => {
  const i = rules.findIndex((r) => r.action === undefined || r.action === action);
  const r = rules[i];
  if (r === undefined) return undefined;
  r.remaining -= 1;
  if (r.remaining <= 0) rules.splice(i, 1);
  return r.error;
};
