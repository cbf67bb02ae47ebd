/**
 * The gateway package's certificate on a node: the install needs keytool (a JRE), keeps the
 * certificate the gateway (scaleio-sim) serves in the Tomcat keystore named by catalina.properties,
 * and keytool lists it only with the right store password; the installers read it from there.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLocalHost, readGatewayCertificate } from '@scaleio-framework/installers';
import { startScaleioSim } from '@scaleio-framework/scaleio-sim';
import { startNodeSim } from '../src/index.js';
import { fetchInto, ok, run } from './helpers.js';

const GW = 'emc-scaleio-gateway_2.0-10000.2072_amd64.deb';

test('gateway install: keytool first, then the served certificate in the keystore, read through keytool', async () => {
  const sio = await startScaleioSim({ tls: 'self-signed', password: 'Pw-gw-cert-1' });
  const sim = ok(
    await startNodeSim({
      nodes: [{ id: 'n1', os: 'ubuntu-20.04' }],
      scaleioAdminUrl: sio.adminUrl,
    }),
  );
  try {
    const env = { GATEWAY_ADMIN_PASSWORD: 'Pw-gw-cert-1' };
    await fetchInto(sim, 'n1', GW, `/tmp/${GW}`);
    const noJre = await run(sim, 'n1', ['dpkg', '-i', `/tmp/${GW}`], { env });
    assert.is.not(noJre.code, 0);
    assert.match(noJre.stdout + noJre.stderr, /keytool executable was not found in PATH/);

    assert.is((await run(sim, 'n1', ['apt-get', 'install', '-y', 'default-jre-headless'])).code, 0);
    const inst = await run(sim, 'n1', ['dpkg', '-i', `/tmp/${GW}`], { env });
    assert.is(inst.code, 0, inst.stderr);

    const props = await run(sim, 'n1', ['keytool', '-list', '-rfc', '-keystore', '/nope']);
    assert.match(props.stderr, /Keystore file does not exist: \/nope/);
    const ks = '/opt/emc/scaleio/gateway/conf/certificates/.keystore';
    const wrong = await run(sim, 'n1', [
      'keytool',
      '-list',
      '-rfc',
      '-keystore',
      ks,
      '-storepass',
      'x',
    ]);
    assert.is(wrong.code, 1);
    assert.match(wrong.stderr, /Keystore was tampered with, or password was incorrect/);

    const h = ok(sim.hostFor('n1'));
    const host = createLocalHost({ root: h.root, path: h.path, env: h.env, timeoutMs: 30_000 });
    const cert = await readGatewayCertificate(host);
    assert.ok(cert._tag === 'Right', JSON.stringify(cert));
    assert.is(cert._tag === 'Right' ? cert.right?.sha256 : '', sio.certificate?.sha256);
    // The store password went through the environment, never the command line.
    const calls = ok(ok(sim.node('n1')).calls());
    const listed = calls.filter((c) => c.tool === 'keytool' && c.argv.includes(ks));
    assert.ok(listed.some((c) => c.argv.includes('-storepass:env') && c.exitCode === 0));
  } finally {
    await sim.stop();
    await sio.stop();
  }
});

test.run();
