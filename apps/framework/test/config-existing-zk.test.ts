// The rules of `--mode existing` and `--state-store zk` that are checked with the configuration,
// before the scheduler starts, instead of failing later (an SDC given a hostname, a ZooKeeper
// path the store rejects at run time).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../src/config/load.js';

const PW = 'Secret-Pw-42';
const load = (argv: string[]) =>
  loadConfig({ argv: ['--password', PW, ...argv], env: {}, readFile: () => '' });
const problems = (argv: string[]): readonly string[] => {
  const r = load(argv);
  return r._tag === 'invalid' ? r.problems : [];
};
const existing = (ips: string) => [
  '--mode',
  'existing',
  '--existing-mdm-ips',
  ips,
  '--gateway-url',
  'https://gw.example:443',
];

test('existing mode: MDM addresses must be distinct IPv4 addresses', () => {
  assert.equal(problems(existing('10.0.0.1,10.0.0.2')), []);
  assert.equal(problems(existing(' 10.0.0.1 , 192.168.10.254 ,10.0.0.3')), []);
  assert.equal(problems(existing('mdm1.example,10.0.0.2,10.0.0.256')), [
    '--existing-mdm-ips: expected IPv4 addresses (SDCs are configured with them), got "mdm1.example", "10.0.0.256"',
  ]);
  assert.equal(problems(existing('10.0.0.1,10.0.0.1')), [
    '--existing-mdm-ips: 10.0.0.1 given twice',
  ]);
  const r = load(existing('10.0.0.1,10.0.0.2'));
  assert.is(r._tag, 'ok');
  if (r._tag === 'ok') assert.equal(r.config.existingMdmIps, ['10.0.0.1', '10.0.0.2']);
});

test('ZooKeeper URL: hosts with ports and a path the store accepts', () => {
  const zk = (url: string) => problems(['--state-store', 'zk', '--zk-url', url]);
  for (const good of [
    'zk://127.0.0.1:2181/scaleio',
    'zk://zk1:2181,zk2:2181,zk3:2181/scaleio-framework/cluster_1',
  ])
    assert.equal(zk(good), [], good);
  for (const bad of [
    'zk://h:2181',
    'zk://h:2181/',
    'zk://h:2181/sf/',
    'zk://h:2181/my framework',
    'zk://h/sf',
    'zk://h:2181,/sf',
    'http://h:2181/sf',
  ]) {
    const p = zk(bad);
    assert.is(p.length, 1, bad);
    assert.match(p[0] ?? '', /--zk-url: --state-store zk needs zk:\/\/host:port/, bad);
  }
  // The URL only matters with the ZooKeeper store.
  assert.equal(problems(['--zk-url', 'zk://h:2181/']), []);
});

test.run();
