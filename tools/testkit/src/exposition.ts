/**
 * Reading the Prometheus text exposition in tests and benchmarks.
 */

/**
 * The value of one series of a Prometheus text exposition (`name{labels}` exactly as exposed,
 * e.g. `scaleio_turn_events_count` or `scaleio_state_save_seconds_count{outcome="ok"}`), or
 * undefined when the exposition has no such line.
 */
export const exposedValue = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};
