#!/usr/bin/env node
// scaleio-scheduler: entry point.
console.log('scaleio-scheduler');
