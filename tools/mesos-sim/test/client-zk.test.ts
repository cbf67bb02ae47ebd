/**
 * Acceptance: `zk://` master detection against a real ZooKeeper (tools/zk-harness). The masters
 * publish `json.info_<seq>` znodes holding their MasterInfo JSON; the lowest sequence leads.
 */
import { createRequire } from 'node:module';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requirePrereq } from '@scaleio-framework/testkit';
import * as E from 'fp-ts/lib/Either.js';
import {
  classifyError,
  createSchedulerClient,
  detectLeader,
  parseMasterSource,
} from '@scaleio-framework/mesos';
import { startZooKeeper, zooKeeperPrerequisite } from '@scaleio-framework/zk-harness';
import { startMesosSim } from '../src/index.js';

/** The bits of node-zookeeper-client this test uses to play the masters' part. */
interface Zk {
  connect(): void;
  close(): void;
  once(event: 'connected', fn: () => void): void;
  mkdirp(path: string, cb: (e: Error | null) => void): void;
  create(
    path: string,
    data: Buffer,
    mode: number,
    cb: (e: Error | null, path: string) => void,
  ): void;
}
const zookeeper = createRequire(import.meta.url)('node-zookeeper-client') as {
  createClient(hosts: string): Zk;
  CreateMode: { EPHEMERAL_SEQUENTIAL: number };
};

const connect = (hosts: string): Promise<Zk> =>
  new Promise((resolve) => {
    const zk = zookeeper.createClient(hosts);
    zk.once('connected', () => resolve(zk));
    zk.connect();
  });
const mkdirp = (zk: Zk, path: string): Promise<void> =>
  new Promise((resolve, reject) => zk.mkdirp(path, (e) => (e ? reject(e) : resolve())));
const publish = (zk: Zk, path: string, info: unknown): Promise<string> =>
  new Promise((resolve, reject) =>
    zk.create(
      `${path}/json.info_`,
      Buffer.from(JSON.stringify(info)),
      zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL,
      (e, p) => (e ? reject(e) : resolve(p)),
    ),
  );
const masterInfo = (id: string, port: number) => ({
  id,
  ip: 16777343,
  port,
  pid: `master@127.0.0.1:${port}`,
  hostname: '127.0.0.1',
  version: '1.11.0',
  address: { hostname: '127.0.0.1', ip: '127.0.0.1', port },
});

requirePrereq(test, zooKeeperPrerequisite())(
  'zk:// detection finds the leading master and the client subscribes there',
  async () => {
    const zkServer = await startZooKeeper();
    const sim = await startMesosSim({ agents: 1, masters: 2 });
    let zk: Zk | undefined;
    try {
      zk = await connect(zkServer.connectString);
      await mkdirp(zk, '/mesos');
      const [leader, standby] = sim.masters;
      if (leader === undefined || standby === undefined) throw new Error('two masters expected');
      const first = await publish(zk, '/mesos', masterInfo('leader', leader.port));
      const second = await publish(zk, '/mesos', masterInfo('standby', standby.port));
      assert.ok(first < second, 'sequence numbers grow');

      const source = parseMasterSource(`zk://${zkServer.connectString}/mesos`);
      assert.ok(E.isRight(source) && source.right._tag === 'ZooKeeper');
      if (E.isLeft(source) || source.right._tag !== 'ZooKeeper') return;
      const found = await detectLeader(source.right, 10_000);
      assert.ok(E.isRight(found));
      if (E.isRight(found)) {
        assert.is(found.right.url, leader.url);
        assert.is(found.right.info.id, 'leader');
      }

      const client = createSchedulerClient({
        master: `zk://${zkServer.connectString}/mesos`,
        frameworkInfo: {
          user: 'nobody',
          name: 'zk-test',
          roles: ['storage'],
          capabilities: [{ type: 'MULTI_ROLE' }],
        },
      });
      let subscribedAt: string | undefined;
      try {
        for await (const item of client.events()) {
          assert.ok(item._tag === 'Event', `expected an event, got ${JSON.stringify(item)}`);
          if (item._tag === 'Event' && item.event.type === 'SUBSCRIBED') {
            subscribedAt = client.leader();
            break;
          }
        }
        assert.is(subscribedAt, leader.url);
      } finally {
        client.close();
      }

      const none = parseMasterSource(`zk://${zkServer.connectString}/elsewhere`);
      if (E.isRight(none) && none.right._tag === 'ZooKeeper') {
        const missing = await detectLeader(none.right, 10_000);
        assert.ok(
          E.isLeft(missing) &&
            missing.left._tag === 'NoMasterFound' &&
            classifyError(missing.left) === 'retryable',
        );
      }
    } finally {
      zk?.close();
      await sim.stop();
      await zkServer.stop();
    }
  },
);

test.run();
