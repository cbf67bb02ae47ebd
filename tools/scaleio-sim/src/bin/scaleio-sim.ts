#!/usr/bin/env node
// scaleio-sim: entry point.
console.log('scaleio-sim');
