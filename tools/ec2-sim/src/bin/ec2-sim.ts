#!/usr/bin/env node
// ec2-sim: EC2 Query API + IMDSv2 simulator on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { parseCli } from '../cli.js';
import { startEc2Sim } from '../server.js';

const parsed = parseCli(process.argv.slice(2), (p) => readFileSync(p, 'utf8'));
if (!parsed.ok) {
  process.stderr.write(`${parsed.error}\n`);
  process.exit(2);
}
const sim = await startEc2Sim(parsed.options);
process.stdout.write(`ec2-sim listening on ${sim.url}\n`);
const shutdown = (): void => {
  void sim.stop().then(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
