// The rules of `--mode existing` and `--state-store zk` that are checked with the configuration,
// before the scheduler starts, instead of failing later (an SDC given a hostname, a ZooKeeper
// path the store rejects at run time).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realFs } from '@scaleio-framework/operator';
import { parseMasterSource } from '@scaleio-framework/mesos';
import { loadConfig } from '../src/config/load.js';
import { requiredEnv } from './support/required.js';

const PW = 'Secret-Pw-42';
const load = (argv: string[]) =>
  loadConfig({
    argv: ['--password', PW, ...argv],
    env: requiredEnv,
    ...realFs,
  });
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
    '--existing-mdm-ips / SCALEIO_EXISTING_MDM_IPS (from flag): expected comma-separated list of IPv4 addresses, got "mdm1.example,10.0.0.2,10.0.0.256" ("mdm1.example" is not an IPv4 address)',
  ]);
  assert.match(problems(existing('10.0.0.1,10.0.0.256'))[0] ?? '', '"10.0.0.256" is not an IPv4');
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
    'zk://h:notaport/sf',
    'zk://h:99999/sf',
    'zk://h:2181,/sf',
    'http://h:2181/sf',
  ]) {
    const p = zk(bad);
    assert.is(p.length, 1, bad);
    assert.match(
      p[0] ?? '',
      /^--zk-url \/ SCALEIO_ZK_URL \(from flag\): expected zk:\/\/host:port/,
      bad,
    );
  }
  // A port-less host is node-zookeeper-client's default port 2181.
  assert.equal(zk('zk://h/sf'), []);
  // The store needs the URL.
  assert.match(problems(['--state-store', 'zk'])[0] ?? '', /--zk-url: --state-store zk needs/);
});

test('the documented multi-host ZooKeeper master is one zk:// URL, given to the client whole', () => {
  const r = load(['--master', 'zk://zk1:2181,zk2:2181/mesos']);
  assert.ok(r._tag === 'ok', JSON.stringify(r));
  assert.is(r.config.master, 'zk://zk1:2181,zk2:2181/mesos');
  // what the Mesos client reads from it (parts.ts hands it config.master unsplit)
  assert.equal(parseMasterSource(r.config.master), {
    _tag: 'Right',
    right: {
      _tag: 'ZooKeeper',
      hosts: 'zk1:2181,zk2:2181',
      path: '/mesos',
      raw: 'zk://zk1:2181,zk2:2181/mesos',
    },
  });
  const list = load(['--master', 'http://m1:5050,http://m2:5050']);
  assert.ok(list._tag === 'ok');
  for (const bad of [
    'zk://h1:notaport/mesos',
    'zk://zk1:2181,http://m2:5050/mesos',
    'm1:5050,ftp://m2',
  ])
    assert.match(
      problems(['--master', bad])[0] ?? '',
      /^--master \/ SCALEIO_MASTER \(from flag\): expected Mesos master/,
      bad,
    );
});

test.run();
