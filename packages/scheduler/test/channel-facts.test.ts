// The Mesos channel's offers as the core's inputs: an agent whose facts did not change since its
// last offer is handed on as the same facts object (no allocation per known agent, identity
// comparison in the core); any change — address, usable resources, an attribute — gives new facts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as E from 'fp-ts/lib/Either.js';
import { frameworkId, type Offer } from '@scaleio-framework/mesos';
import { loopbackTaskSettings, mesosChannel } from '../src/index.js';

const fid = frameworkId('F');

const offer = (id: string, o: { ip?: string; cpus?: number; rack?: string; role?: string } = {}) =>
  ({
    id: { value: id },
    framework_id: { value: 'F' },
    agent_id: { value: 'S1' },
    hostname: 'a1',
    url: { scheme: 'http', address: { ip: o.ip ?? '10.0.0.1', port: 5051 } },
    resources: [
      { name: 'cpus', type: 'SCALAR', scalar: { value: o.cpus ?? 4 }, role: o.role ?? '*' },
      { name: 'mem', type: 'SCALAR', scalar: { value: 8192 }, role: '*' },
      { name: 'cpus', type: 'SCALAR', scalar: { value: 2 }, role: 'other' },
    ],
    attributes: [
      { name: 'rack', type: 'TEXT', text: { value: o.rack ?? 'r1' } },
      { name: 'slots', type: 'SCALAR', scalar: { value: 3 } },
    ],
  }) as unknown as Offer;

test('unchanged facts are the same object; each kind of change makes new facts', () => {
  if (E.isLeft(fid)) throw new Error('id');
  const channel = mesosChannel({
    call: async () => E.right(undefined),
    frameworkId: () => fid.right,
    settings: loopbackTaskSettings,
  });
  const [first] = channel.offered([offer('o1')]);
  assert.equal(first?.agent, {
    agentId: 'S1',
    hostname: 'a1',
    ip: '10.0.0.1',
    attributes: { rack: 'r1', slots: '3' },
    resources: { cpus: 4, memMb: 8192 },
  });
  const [again] = channel.offered([offer('o2')]);
  assert.is(again?.agent, first?.agent, 'the same facts object');
  assert.is(again?.offerId, 'o2');
  for (const [what, changed] of [
    ['address', offer('o3', { ip: '10.0.0.9' })],
    ['usable cpus', offer('o4', { cpus: 3 })],
    ['a reservation for another role', offer('o5', { role: 'other' })],
    ['an attribute', offer('o6', { rack: 'r2' })],
  ] as const) {
    const before = channel.offered([offer('base')])[0]?.agent;
    const [input] = channel.offered([changed]);
    assert.is.not(input?.agent, before, what);
    assert.not.equal(input?.agent, before, what);
  }
});

test.run();
