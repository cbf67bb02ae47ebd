// A lost node's SDS removed only after the rebuild, never below ScaleIO's minimum (issue 19).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideSdsRemoval, type RebuildPoolFact, type LostSdsFact } from '../src/index.js';

const sds = (n: number, online = true, faultSetId: string | null = null): LostSdsFact => ({
  id: `sds${n}`,
  ip: `10.0.0.${n}`,
  online,
  faultSetId,
  poolIds: ['p1'],
});
const healthy: RebuildPoolFact = { id: 'p1', name: 'default', degradedKb: 0, rebuildingKb: 0 };

test('table: remove only when offline, rebuilt and the pool keeps its minimum', () => {
  const four = [sds(1), sds(2), sds(3), sds(4, false)];
  const cases: [string, LostSdsFact[], RebuildPoolFact, string[], string][] = [
    ['rebuilt, three left: removed', four, healthy, ['10.0.0.4'], 'remove'],
    [
      'still answers',
      [sds(1), sds(2), sds(3), sds(4)],
      healthy,
      ['10.0.0.4'],
      'wait:still answers',
    ],
    [
      'rebuilding',
      four,
      { ...healthy, degradedKb: 1024, rebuildingKb: 2048 },
      ['10.0.0.4'],
      'wait:rebuilding',
    ],
    ['rebuild queued only', four, { ...healthy, rebuildingKb: 8 }, ['10.0.0.4'], 'wait:rebuilding'],
    [
      'two would be left',
      [sds(1), sds(2), sds(3, false)],
      healthy,
      ['10.0.0.3'],
      'wait:keep 2 SDS',
    ],
    [
      'fault sets: two would be left',
      [sds(1, true, 'a'), sds(2, true, 'b'), sds(5, true, 'b'), sds(3, false, 'c')],
      healthy,
      ['10.0.0.3'],
      'wait:keep 2 fault set',
    ],
    [
      'fault sets: the lost one shares its set',
      [sds(1, true, 'a'), sds(2, true, 'b'), sds(5, true, 'c'), sds(3, false, 'c')],
      healthy,
      ['10.0.0.3'],
      'remove',
    ],
  ];
  for (const [name, sdss, pool, lost, want] of cases) {
    const [d] = decideSdsRemoval(lost, sdss, [pool]);
    const got = d?._tag === 'remove' ? 'remove' : `wait:${d?.why ?? ''}`;
    assert.ok(
      want === 'remove' ? got === 'remove' : got.includes(want.slice(5)),
      `${name}: ${got}`,
    );
  }
});

test('two lost: one at a time; another lost node does not count toward the minimum; no SDS there: nothing', () => {
  const five = [sds(1), sds(2), sds(3), sds(4, false), sds(5, false)];
  const d = decideSdsRemoval(['10.0.0.4', '10.0.0.5'], five, [healthy]);
  assert.equal(d, [
    { _tag: 'remove', sdsId: 'sds4', ip: '10.0.0.4' },
    { _tag: 'wait', ip: '10.0.0.5', why: 'one SDS at a time: after the one being removed' },
  ]);
  const tight = [sds(1), sds(2), sds(4, false), sds(5, false), sds(6)];
  assert.equal(
    decideSdsRemoval(['10.0.0.4', '10.0.0.5'], tight, [healthy]).map((x) => x._tag),
    ['remove', 'wait'],
  );
  const three = [sds(1), sds(2), sds(4, false), sds(5, false)];
  assert.ok(
    decideSdsRemoval(['10.0.0.4', '10.0.0.5'], three, [healthy]).every((x) => x._tag === 'wait'),
    'two live SDSs only: neither removed',
  );
  assert.equal(decideSdsRemoval(['10.0.0.9'], five, [healthy]), []);
});

test.run();
