#!/usr/bin/env node
// ec2-sim: entry point.
console.log('ec2-sim');
