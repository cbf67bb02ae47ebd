import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSimCli, simBin, startCloudSimCli } from '@scaleio-framework/testkit';
import { parseCli } from '../src/cli.js';

/** The built CLI under plain node; the source through tsx when it is not built. */
const bin = simBin(import.meta.url, 'ec2-sim');
const noFile = (): string => {
  throw new Error('no file');
};

test('parseCli: instances, timings, webhook; bad input is an error value', () => {
  const r = parseCli(
    [
      '--port',
      '0',
      '--instance',
      'i-01:us-east-1a:m5.large',
      '--attach-ms',
      '5',
      '--attachment-webhook',
      'http://x/',
    ],
    noFile,
  );
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.options.instances, [
    { instanceId: 'i-01', availabilityZone: 'us-east-1a', instanceType: 'm5.large' },
  ]);
  assert.is(r.options.timings?.attachMs, 5);
  assert.is(r.options.attachmentWebhook, 'http://x/');
  assert.not.ok(parseCli(['--instance', 'i-01:us-east-1a'], noFile).ok);
  assert.not.ok(parseCli(['--port', 'abc'], noFile).ok);
  assert.not.ok(parseCli(['--bogus'], noFile).ok);
  assert.not.ok(parseCli(['--config', 'x.json'], noFile).ok);
  const bad = parseCli(['--config', 'x.json'], () => '{"instances":[{"instanceId":1}]}');
  assert.not.ok(bad.ok);
  if (!bad.ok) assert.match(bad.error, /bad --config/);
});

test('the built CLI prints its URL under plain node and POSTs attachment events to the webhook', async () => {
  const { url, hook, stop } = await startCloudSimCli({
    name: 'ec2-sim',
    bin,
    instance: 'i-0ddd:us-east-1a:m5.large',
  });
  try {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const post = async (body: string) => {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      return r.text();
    };
    const created = await post(
      'Action=CreateVolume&Version=2016-11-15&AvailabilityZone=us-east-1a&Size=3&VolumeType=gp3',
    );
    const vol = /<volumeId>(vol-[0-9a-f]+)<\/volumeId>/.exec(created)?.[1] ?? '';
    assert.ok(vol);
    await post('Action=DescribeVolumes&Version=2016-11-15');
    const att = await post(
      `Action=AttachVolume&Version=2016-11-15&VolumeId=${vol}&InstanceId=i-0ddd&Device=%2Fdev%2Fsdf`,
    );
    assert.match(att, /<status>attaching<\/status>/);
    assert.equal(await hook.waitFor(1), [
      { instanceId: 'i-0ddd', volumeId: vol, device: '/dev/sdf', sizeGiB: 3, state: 'attached' },
    ]);
    const err = await post('Action=DeleteVolume&Version=2016-11-15&VolumeId=vol-nope');
    assert.match(
      err,
      /^<\?xml[^>]*>\n<Response><Errors><Error><Code>InvalidVolume.NotFound<\/Code><Message>[^<]+<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]+<\/RequestID><\/Response>$/,
    );
  } finally {
    await stop();
  }
});

test('the CLI convention: --help, the ready line, SIGTERM ends it with exit 0', async () => {
  await checkSimCli({ name: 'ec2-sim', bin, args: ['--instance', 'i-0eee:us-east-1b:m5.large'] });
});

test.run();
