/**
 * The EC2 call hook on a real SDK client against a loopback server that answers like EC2: every
 * call is seen once with its operation, duration and outcome, and retries through `ec2Call` are
 * seen as separate calls.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { EC2Client } from '@aws-sdk/client-ec2';
import {
  describeVolume,
  observeEc2Calls,
  type Ec2CallRecord,
  type Ec2Context,
  type Timing,
} from '../src/index.js';

const VOLUMES = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeVolumesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>r-1</requestId>
  <volumeSet><item><volumeId>vol-1</volumeId><size>8</size><availabilityZone>us-east-1a</availabilityZone>
  <status>available</status><createTime>2026-01-01T00:00:00.000Z</createTime><volumeType>gp3</volumeType>
  <encrypted>true</encrypted><attachmentSet/><tagSet/></item></volumeSet>
</DescribeVolumesResponse>`;
const THROTTLED = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r-2</RequestID></Response>`;

/** A loopback EC2 that throttles the first `throttle` calls, then answers DescribeVolumes. */
const fakeEc2 = async (throttle: number): Promise<{ server: Server; url: string }> => {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n += 1;
      const busy = n <= throttle;
      res.writeHead(busy ? 503 : 200, { 'content-type': 'text/xml' });
      res.end(busy ? THROTTLED : VOLUMES);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

/** A clock that moves 250 ms per reading; sleeps move it too. */
const steppingTime = (): Timing => {
  let t = 0;
  return {
    now: () => (t += 250),
    sleep: async (ms) => {
      t += ms;
    },
    random: () => 0.5,
  };
};

/** Runs `body` with an SDK client (no SDK retries) of a {@link fakeEc2} that throttles `throttle` calls. */
const withEc2Client = async (throttle: number, body: (client: EC2Client) => Promise<void>) => {
  const { server, url } = await fakeEc2(throttle);
  try {
    await body(
      new EC2Client({
        region: 'us-east-1',
        endpoint: url,
        maxAttempts: 1,
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'not-a-secret' },
      }),
    );
  } finally {
    server.close();
  }
};

test('each EC2 call is seen once: operation, seconds and outcome, retries included', () =>
  withEc2Client(1, async (client) => {
    const seen: Ec2CallRecord[] = [];
    const timing = steppingTime();
    observeEc2Calls(client, (c) => seen.push(c), timing.now);
    observeEc2Calls(client, (c) => seen.push(c), timing.now); // a second hook replaces the first
    const ctx: Ec2Context = {
      client,
      retry: { attempts: 3, backoff: { initialMs: 10, factor: 2, maxMs: 100, jitter: 0 } },
      timing,
    };
    const r = await describeVolume(ctx, 'vol-1');
    assert.ok(isRight(r), JSON.stringify(r));
    assert.equal(seen, [
      { operation: 'DescribeVolumes', seconds: 0.25, outcome: 'Throttled' },
      { operation: 'DescribeVolumes', seconds: 0.25, outcome: 'ok' },
    ]);
  }));

test('a hook that throws does not change the call', () =>
  withEc2Client(5, async (client) => {
    observeEc2Calls(client, () => {
      throw new Error('broken metrics');
    });
    const r = await describeVolume(
      {
        client,
        retry: { attempts: 1, backoff: { initialMs: 1, factor: 1, maxMs: 1, jitter: 0 } },
        timing: steppingTime(),
      },
      'vol-1',
    );
    assert.ok(isLeft(r) && r.left._tag === 'Throttled');
  }));

test.run();
