import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageName } from '../src/index.js';

test('exports its package name', () => {
  assert.is(packageName, '@scaleio-framework/zk-harness');
});

test.run();
