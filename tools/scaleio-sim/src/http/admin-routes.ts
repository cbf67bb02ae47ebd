/**
 * The admin API: plain JSON under `/sim/`, no auth, loopback callers only.
 * Each route decodes its body and calls the same in-process function the sim object exposes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import type { SimError } from '../errors.js';
import type { AdminApi } from '../admin-api.js';
import {
  AddStandbyBody,
  ComponentBody,
  CreateMdmBody,
  FaultsBody,
  NodeBody,
  RemoveStandbyBody,
  RenameBody,
  ReplaceMdmBody,
  SdcBody,
  SwitchModeBody,
  SwitchOwnershipBody,
  WritesBody,
} from './admin-codecs.js';
import { parseJson, readBody } from './body.js';
import { sendJson } from './respond.js';

type Handler = (api: AdminApi, body: unknown) => E.Either<SimError, unknown>;

const route =
  <A>(
    codec: t.Decoder<unknown, A>,
    f: (api: AdminApi, a: A) => E.Either<SimError, unknown>,
  ): Handler =>
  (api, body) => {
    const r = codec.decode(body);
    return E.isRight(r)
      ? f(api, r.right)
      : E.left({
          httpStatus: 400,
          errorCode: 0,
          message: `invalid body: ${PathReporter.report(r).join('; ')}`,
        });
  };

const routes: Record<string, Handler> = {
  '/sim/admin/mdm/create': route(CreateMdmBody, (a, b) => a.createMdm(b)),
  '/sim/admin/mdm/add-standby': route(AddStandbyBody, (a, b) => a.addStandbyMdm(b)),
  '/sim/admin/mdm/switch-mode': route(SwitchModeBody, (a, b) => a.switchMode(b)),
  '/sim/admin/mdm/rename': route(RenameBody, (a, b) => a.renameSystem(b)),
  '/sim/admin/mdm/replace': route(ReplaceMdmBody, (a, b) => a.replaceMdm(b)),
  '/sim/admin/mdm/remove-standby': route(RemoveStandbyBody, (a, b) => a.removeStandbyMdm(b)),
  '/sim/admin/node': route(NodeBody, (a, b) => a.upsertNode(b)),
  '/sim/admin/component': route(ComponentBody, (a, b) => a.reportComponent(b)),
  '/sim/admin/mdm/switch-ownership': route(SwitchOwnershipBody, (a, b) => a.switchOwnership(b)),
  '/sim/admin/sdc': route(SdcBody, (a, b) => a.registerSdc(b)),
  '/sim/admin/writes': route(WritesBody, (a, b) => a.addWrites(b)),
  '/sim/admin/faults': route(FaultsBody, (a, b) => a.setFaults(b)),
  '/sim/admin/restart': route(t.unknown, (a) => E.right(a.restartGateway())),
};

const isLoopback = (addr: string | undefined): boolean =>
  addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';

/** What the admin API reads besides the model: the request journal and the served certificate. */
export interface AdminExtras {
  /** `GET /sim/requests`: every `/api/...` request answered. */
  readonly requests: () => unknown;
  /** `GET /sim/certificate`: `{pem, sha256}` of the certificate served (nulls without TLS). */
  readonly certificate: () => unknown;
}

/** Serves one `/sim/...` request. */
export const handleAdmin = async (
  api: AdminApi,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  extras?: AdminExtras,
): Promise<void> => {
  if (!isLoopback(req.socket.remoteAddress))
    return sendJson(res, 403, { message: 'the admin API is loopback only' });
  if (req.method === 'GET' && path === '/sim/state') return sendJson(res, 200, api.state());
  if (req.method === 'GET' && path === '/sim/requests' && extras !== undefined)
    return sendJson(res, 200, extras.requests());
  if (req.method === 'GET' && path === '/sim/certificate' && extras !== undefined)
    return sendJson(res, 200, extras.certificate());
  const handler = routes[path];
  if (handler === undefined)
    return sendJson(res, 404, { message: `no admin route ${req.method ?? ''} ${path}` });
  if (req.method !== 'POST') return sendJson(res, 405, { message: `${path} takes POST` });
  const body = parseJson(await readBody(req));
  if (E.isLeft(body)) return sendJson(res, 400, { message: 'the body is not valid JSON' });
  const r = handler(api, body.right);
  if (E.isLeft(r)) return sendJson(res, r.left.httpStatus, { message: r.left.message });
  sendJson(res, 200, r.right);
};
