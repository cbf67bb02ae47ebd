/**
 * The modelled duration of a tool call (`facts/durations.ts`), waited on node-sim's timers
 * (no CPU) times the simulator's time scale, so that a simulated deploy takes the time a real
 * one does, scaled by one factor.
 */
import { toolDuration } from '../facts/durations.js';
import type { NodeConfig } from '../spec.js';

/** Waits `tool`'s modelled duration times `timeScale`; resolves with the milliseconds waited. */
export const waitModelled = async (
  config: NodeConfig,
  tool: string,
  args: readonly string[],
  timeScale: number,
): Promise<number> => {
  if (!(timeScale > 0)) return 0;
  const ms = Math.round(toolDuration(config, tool, args).ms * timeScale);
  if (ms <= 0) return 0;
  await new Promise<void>((resolve) => setTimeout(resolve, ms));
  return ms;
};
