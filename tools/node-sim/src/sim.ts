/**
 * `startNodeSim`: node roots for every node, the package repository and the ec2 attachment
 * webhook on one loopback HTTP server, and the hooks that keep scaleio-sim told about devices.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { AttachmentEvent, applyAttachment } from './attachments.js';
import { volumeOfPath } from './guest.js';
import { causeOf, invalidSpec, serverError, unknownNode, type NodeSimError } from './errors.js';
import { nodeHandle, type NodeHandle } from './node-handle.js';
import { defaultCatalog, type RepoFile } from './repo/catalog.js';
import { createRepo, handleRepo } from './repo/server.js';
import { DEFAULT_TIME_SCALE } from './facts/durations.js';
import { createNodeRoot } from './root.js';
import { writeJson } from './state/files.js';
import { ClusterMembers } from './state/model.js';
import { clusterPaths } from './state/paths.js';
import { NodeSpec, type NodeConfig } from './spec.js';
import { adminRequest, normalizeBase, SCALEIO_URL_ENV } from './tools/admin.js';
import { readBody, readBytes, sendJson, toolCallBody } from './server-io.js';
import { decodeToolRequest, runTool } from './tools/main.js';
import { callerPid, runCharged, type MemoryCgroups } from './tools/memory.js';
import { shellAnswer } from './tools/shell.js';
import { unusedDisks } from './tools/service-hooks.js';
import { dvdiIsolator } from './volumes/dvdi.js';

/** The data options of {@link startNodeSim}. */
export const NodeSimOptions = t.intersection([
  t.type({ nodes: t.array(NodeSpec) }),
  t.partial({
    /** scaleio-sim's base URL; without it, effects on the ScaleIO system are skipped. */
    scaleioAdminUrl: t.string,
    /** Where node roots go (default: a fresh temp dir, removed by `stop`). */
    baseDir: t.string,
    /** Port of the loopback server (default 0: ephemeral). */
    port: t.number,
    /**
     * The factor on every tool's modelled real duration (`facts/durations.ts`): 1 waits real
     * time, 0 none (default `DEFAULT_TIME_SCALE`).
     */
    timeScale: t.number,
  }),
]);
/** The data options of {@link startNodeSim}. */
export type NodeSimOptions = t.TypeOf<typeof NodeSimOptions>;

import type { NodeSim } from './sim-types.js';
export type { AttachmentSource, HostOptions, NodeSim, RepoControl } from './sim-types.js';

/** Starts node-sim. `catalog` replaces the repository's files (default {@link defaultCatalog}). */
export const startNodeSim = async (
  options: NodeSimOptions,
  catalog: readonly RepoFile[] = defaultCatalog(),
): Promise<E.Either<NodeSimError, NodeSim>> => {
  const decoded = NodeSimOptions.decode(options);
  if (E.isLeft(decoded)) return E.left(invalidSpec(PathReporter.report(decoded).join('; ')));
  const opts = decoded.right;
  const timeScale = opts.timeScale ?? DEFAULT_TIME_SCALE;
  if (!(timeScale >= 0) || !Number.isFinite(timeScale))
    return E.left(invalidSpec(`timeScale must be a number >= 0, not ${timeScale}`));
  const ids = opts.nodes.map((n) => n.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) return E.left(invalidSpec(`node id ${dup} is used twice`));
  if (ids.some((id) => !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id)))
    return E.left(invalidSpec('node ids must be simple names'));
  const ownDir = opts.baseDir === undefined;
  const baseDir = opts.baseDir ?? mkdtempSync(join(tmpdir(), 'node-sim-'));
  const clusterDir = join(baseDir, 'cluster');
  const adminBase = normalizeBase(opts.scaleioAdminUrl);
  const configs: NodeConfig[] = [];
  const handles = new Map<string, NodeHandle>();
  const repo = createRepo(catalog);
  const unsubscribers: (() => unknown)[] = [];
  let cgroups: MemoryCgroups | undefined;

  const apply = async (
    input: AttachmentEvent,
  ): Promise<E.Either<NodeSimError, { changed: boolean }>> => {
    const decodedEvent = AttachmentEvent.decode(input);
    if (E.isLeft(decodedEvent))
      return E.left(
        invalidSpec(`bad attachment event: ${PathReporter.report(decodedEvent).join('; ')}`),
      );
    const e = decodedEvent.right;
    const h = [...handles.values()].find((x) => x.config.instanceId === e.instanceId);
    if (h === undefined) return E.left(unknownNode(e.instanceId));
    const list = h.devices();
    if (E.isLeft(list)) return list;
    const next = applyAttachment(h.config.deviceNaming, list.right, e);
    if (E.isLeft(next)) return E.left(invalidSpec(next.left));
    if (!next.right.changed) return E.right({ changed: false });
    const w = h.setDevices(next.right.devices);
    if (E.isLeft(w)) return w;
    const svc = h.services();
    if (E.isRight(svc) && svc.right['sds']?.active === true) {
      const r = await adminRequest(adminBase, 'POST', '/sim/admin/node', {
        ip: h.config.ip,
        hostname: h.config.hostname,
        sdsService: 'running',
        devices: unusedDisks(next.right.devices),
      });
      if (E.isLeft(r)) return E.left(serverError(`scaleio-sim: ${r.left}`));
    }
    return E.right({ changed: true });
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/repo/')) return handleRepo(repo, path.slice('/repo'.length), req, res);
    const toolMatch = /^\/tools\/([^/]+)\/([^/]+)$/.exec(path);
    if (toolMatch !== null && req.method === 'POST') {
      void readBytes(req).then(async (bytes) => {
        const h = handles.get(decodeURIComponent(toolMatch[1] ?? ''));
        if (h === undefined)
          return sendJson(res, 404, { message: `no node ${toolMatch[1] ?? ''}` });
        const raw = toolCallBody(req.headers['content-type'] ?? '', bytes);
        if (E.isLeft(raw)) return sendJson(res, 400, { message: raw.left });
        const call = decodeToolRequest(raw.right);
        if (E.isLeft(call)) return sendJson(res, 400, { message: call.left });
        const tool = decodeURIComponent(toolMatch[2] ?? '');
        const answer = await runCharged(
          h.config,
          tool,
          call.right,
          callerPid(raw.right),
          cgroups,
          () => runTool(h.config, tool, call.right, undefined, timeScale),
        );
        if (new URL(req.url ?? '/', 'http://x').searchParams.get('answer') === 'sh') {
          const script = shellAnswer(answer);
          res.writeHead(200, {
            'content-type': 'text/plain; charset=utf-8',
            'content-length': Buffer.byteLength(script),
          });
          return res.end(script);
        }
        return sendJson(res, 200, answer);
      });
      return;
    }
    if (path === '/hooks/ec2-attachment' && req.method === 'POST') {
      void readBody(req).then(async (text) => {
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch {
          return sendJson(res, 400, { message: 'the body is not JSON' });
        }
        const ev = AttachmentEvent.decode(raw);
        if (E.isLeft(ev))
          return sendJson(res, 400, { message: PathReporter.report(ev).join('; ') });
        const r = await apply(ev.right);
        return E.isLeft(r)
          ? sendJson(res, r.left._tag === 'UnknownNode' ? 404 : 409, { message: r.left.message })
          : sendJson(res, 200, r.right);
      });
      return;
    }
    if (path === '/sim/nodes' && req.method === 'GET') return sendJson(res, 200, configs);
    sendJson(res, 404, { message: `no route ${req.method ?? ''} ${path}` });
  });
  const listening = await new Promise<E.Either<NodeSimError, AddressInfo>>((resolve) => {
    server.once('error', (e) => resolve(E.left(serverError(causeOf(e)))));
    server.listen(opts.port ?? 0, '127.0.0.1', () =>
      resolve(E.right(server.address() as AddressInfo)),
    );
  });
  if (E.isLeft(listening)) return listening;
  const origin = `http://127.0.0.1:${listening.right.port}`;
  const fail = async (e: NodeSimError): Promise<E.Either<NodeSimError, NodeSim>> => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (ownDir) rmSync(baseDir, { recursive: true, force: true });
    return E.left(e);
  };
  for (const [index, spec] of opts.nodes.entries()) {
    const c = createNodeRoot(spec, {
      baseDir,
      clusterDir,
      index,
      scaleioAdminUrl: adminBase,
      origin,
    });
    if (E.isLeft(c)) return fail(c.left);
    configs.push(c.right);
    handles.set(c.right.id, nodeHandle(c.right));
  }
  const members = writeJson(
    clusterPaths(clusterDir).members,
    ClusterMembers,
    configs.map((c) => ({ id: c.id, ip: c.ip, hostname: c.hostname, root: c.root })),
  );
  if (E.isLeft(members)) return fail(members.left);
  const repoUrl = `${origin}/repo`;
  const setFault = (
    file: string,
    kind: 'notFound' | 'corrupt',
    times: number | 'always' = 1,
  ): E.Either<NodeSimError, void> => {
    if (!repo.files.has(file)) return E.left(invalidSpec(`the repository has no file ${file}`));
    repo.faults.set(file, { kind, remaining: times === 'always' ? null : times });
    return E.right(undefined);
  };

  return E.right({
    nodes: configs,
    baseDir,
    url: origin,
    repoUrl,
    attachmentWebhookUrl: `${origin}/hooks/ec2-attachment`,
    repo: {
      url: repoUrl,
      files: () =>
        [...repo.files.values()].map((f) => ({
          file: f.file,
          url: `${repoUrl}/${f.file}`,
          sha256: f.sha256,
          size: f.bytes.length,
        })),
      urlOf: (file) => `${repoUrl}/${encodeURIComponent(file)}`,
      failNotFound: (file, times) => setFault(file, 'notFound', times),
      corrupt: (file, times) => setFault(file, 'corrupt', times),
      clearFaults: () => repo.faults.clear(),
      requests: () => [...repo.requests],
    },
    hostFor: (id) => {
      const h = handles.get(id);
      if (h === undefined) return E.left(unknownNode(id));
      const bin = join(h.config.root, 'sim', 'bin');
      return E.right({
        root: h.config.root,
        path: bin,
        env: {
          PATH: bin,
          LANG: 'C',
          ...(adminBase === undefined ? {} : { [SCALEIO_URL_ENV]: adminBase }),
        },
      });
    },
    node: (id) => {
      const h = handles.get(id);
      return h === undefined ? E.left(unknownNode(id)) : E.right(h);
    },
    isolator: (id) => {
      const h = handles.get(id);
      if (h === undefined) return E.left(unknownNode(id));
      const bin = join(h.config.root, 'sim', 'bin');
      return E.right(
        dvdiIsolator(h.config, {
          PATH: bin,
          LANG: 'C',
          ...(adminBase === undefined ? {} : { [SCALEIO_URL_ENV]: adminBase }),
        }),
      );
    },
    applyAttachment: apply,
    chargeMemoryTo: (c) => {
      cgroups = c;
    },
    subscribe: (source) => {
      const off = source.onAttachment((e) => {
        void apply(e);
      });
      if (typeof off === 'function') unsubscribers.push(off as () => unknown);
    },
    holdDevices: (sds, cloud) => {
      const off = sds.onDeviceUse((u) => {
        const h = [...handles.values()].find((x) => x.config.ip === u.ip);
        const list = h?.devices();
        if (list === undefined || E.isLeft(list)) return;
        const volumeId = volumeOfPath(list.right, u.path);
        if (volumeId !== undefined) cloud.setGuestHold(volumeId, u.inUse);
      });
      unsubscribers.push(off);
    },
    stop: async () => {
      for (const off of unsubscribers.splice(0)) off();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownDir) rmSync(baseDir, { recursive: true, force: true });
    },
  });
};
