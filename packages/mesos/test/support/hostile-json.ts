/**
 * Hostile-JSON inputs shared by the property tests: valid scheduler events to plant the testkit's
 * hostile values in (nesting 100,000 deep, numbers beyond double range, `__proto__` keys, lone
 * surrogates, huge strings, wrong types), and the arbitrary of hostile event texts around them.
 */
import fc from 'fast-check';
import { anyJson, hostileJson } from '@scaleio-framework/testkit';

/** A valid OFFERS event, every optional field the hot-path guard checks filled in. */
export const offersBase = {
  type: 'OFFERS',
  offers: {
    offers: [
      {
        id: { value: 'O1' },
        framework_id: { value: 'F' },
        agent_id: { value: 'S1' },
        hostname: 'a1',
        url: { scheme: 'http', address: { hostname: 'a1', ip: '10.0.0.1', port: 5051 } },
        allocation_info: { role: 'scaleio' },
        resources: [
          { name: 'cpus', type: 'SCALAR', scalar: { value: 2 }, role: '*' },
          { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 32000 }] } },
        ],
        attributes: [{ name: 'rack', type: 'TEXT', text: { value: 'r1' } }],
        executor_ids: [{ value: 'e1' }],
      },
    ],
  },
};

/** A valid UPDATE event with a uuid (to be acknowledged) and JSON in `data`. */
export const updateBase = {
  type: 'UPDATE',
  update: {
    status: {
      task_id: { value: 't1' },
      state: 'TASK_RUNNING',
      source: 'SOURCE_EXECUTOR',
      agent_id: { value: 'S1' },
      uuid: 'jc8bJ1HsT0i9h6mNHqz6aQ==',
      data: Buffer.from('{"ok":true}').toString('base64'),
      timestamp: 1.7e9,
    },
  },
};

/** A valid SUBSCRIBED event (not one of the hot-path guard's types). */
export const subscribedBase = {
  type: 'SUBSCRIBED',
  subscribed: { framework_id: { value: 'F' }, heartbeat_interval_seconds: 15 },
};

/**
 * JSON texts of scheduler events made hostile: any JSON variant of {@link offersBase}, hostile
 * variants of {@link updateBase}, and whatever `more` adds.
 */
export const hostileSchedulerEvents = (...more: fc.Arbitrary<string>[]): fc.Arbitrary<string> =>
  fc.oneof(anyJson(offersBase), hostileJson(updateBase), ...more);
