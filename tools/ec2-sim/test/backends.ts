/**
 * The two EC2 backends of the conformance suite: ec2-sim in-process, and moto's server started as
 * a child process (`python3 -m moto.server`) when python3 and moto are present.
 */
import { spawnSync } from 'node:child_process';
import { freePort, startProcess } from '@scaleio-framework/testkit';
import {
  DescribeImagesCommand,
  RunInstancesCommand,
  type EC2Client,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import { startEc2Sim, type Ec2Sim } from '../src/index.js';
import { localEc2 } from './helpers.js';

/** One EC2 endpoint the cases run against. */
export interface Backend {
  readonly name: 'ec2-sim' | 'moto';
  readonly client: EC2Client;
  /** Launches (or registers) an instance; returns its id. */
  launch(availabilityZone: string, instanceType: string): Promise<string>;
  /** Present for ec2-sim only: the simulator handle, for the cases moto does not model. */
  readonly sim?: Ec2Sim;
  close(): Promise<void>;
}

let seq = 0;

/** An ec2-sim backend with short real-time transitions. */
export const simBackend = async (): Promise<Backend> => {
  const sim = await startEc2Sim({
    timings: { createMs: 15, attachMs: 15, detachMs: 15, deleteMs: 5 },
  });
  const client = localEc2(sim.url, 3);
  return {
    name: 'ec2-sim',
    client,
    sim,
    launch: async (availabilityZone, instanceType) => {
      seq += 1;
      const instanceId = `i-0c0f${String(seq).padStart(13, '0')}`;
      sim.addInstance({ instanceId, availabilityZone, instanceType });
      return instanceId;
    },
    close: async () => {
      client.destroy();
      await sim.stop();
    },
  };
};

/** True when `python3 -m moto.server` can run here. */
export const motoAvailable = (): boolean =>
  spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0;

/** A moto server on a free port (killed by `close`). */
export const motoBackend = async (): Promise<Backend> => {
  const port = await freePort();
  const moto = await startProcess({
    command: 'python3',
    args: ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)],
    name: 'moto',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(`${url}/moto-api/`);
      break;
    } catch {
      if (Date.now() > deadline || moto.child.exitCode !== null) {
        await moto.stop();
        throw new Error(`moto did not start on ${url}: ${moto.tail()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const client = localEc2(url, 3);
  // An AMI moto ships (resources/amis.json.gz); DescribeImages only if it is not there.
  let imageId: string | undefined = 'ami-03cf127a';
  return {
    name: 'moto',
    client,
    launch: async (availabilityZone, instanceType) => {
      const run = () =>
        client.send(
          new RunInstancesCommand({
            ImageId: imageId,
            MinCount: 1,
            MaxCount: 1,
            InstanceType: instanceType as _InstanceType,
            Placement: { AvailabilityZone: availabilityZone },
          }),
        );
      const r = await run().catch(async (e: unknown) => {
        if ((e as Error).name !== 'InvalidAMIID.NotFound') throw e;
        const imgs = await client.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
        imageId = imgs.Images?.[0]?.ImageId;
        return run();
      });
      const id = r.Instances?.[0]?.InstanceId;
      if (id === undefined) throw new Error('moto RunInstances returned no instance');
      return id;
    },
    close: async () => {
      client.destroy();
      await moto.stop();
    },
  };
};
