#!/usr/bin/env node
// node-sim: entry point.
console.log('node-sim');
