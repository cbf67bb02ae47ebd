#!/usr/bin/env node
// ec2-sim: EC2 Query API + IMDSv2 on 127.0.0.1, on the simulators' CLI convention (testkit).
import { fileCliParse, runSimCli } from '@scaleio-framework/testkit';
import { CLI, parseCli } from '../cli.js';
import { startEc2Sim } from '../server.js';

await runSimCli({
  spec: CLI,
  parse: fileCliParse(parseCli),
  start: startEc2Sim,
});
