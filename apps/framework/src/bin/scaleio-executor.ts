#!/usr/bin/env node
// scaleio-executor: entry point.
console.log('scaleio-executor');
