#!/usr/bin/env node
// mesos-sim: entry point.
console.log('mesos-sim');
