/** `POST /api/v1/scheduler` with the exact checks of `Master::Http::scheduler` (reference §1.2). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { isUuidBase64 } from '../ids.js';
import { acceptsJson, decodeCall, sendText, type HttpReject } from '../wire/http.js';
import { CALL_TYPES, REQUIRED_SUBMESSAGE, SchedulerCall } from '../wire/scheduler-call.js';
import { dispatch } from './calls.js';
import type { MasterCore } from './core.js';
import { subscribe, updateFramework, type StreamFaults } from './frameworks.js';

/** Fault switches of one master instance. */
export interface MasterFaults extends StreamFaults {
  /** Answer this many of the next scheduler calls with 503 (`Infinity` for all). */
  fail503: number;
}

/** Call-level validation (`validation::scheduler::call::validate`). */
export const validateCall = (call: SchedulerCall): HttpReject | undefined => {
  if (!(CALL_TYPES as readonly string[]).includes(call.type))
    return { status: 501, message: `Unsupported call type '${call.type}'` };
  const sub = REQUIRED_SUBMESSAGE[call.type];
  if (sub !== undefined && (call as Record<string, unknown>)[sub] === undefined)
    return {
      status: 400,
      message: `Failed to validate scheduler::Call: Expecting '${sub}' to be present`,
    };
  if (call.type === 'SUBSCRIBE') {
    if (call.framework_id?.value !== call.subscribe?.framework_info.id?.value)
      return {
        status: 400,
        message:
          "Failed to validate scheduler::Call: 'framework_id' differs from 'subscribe.framework_info.id'",
      };
    return undefined;
  }
  if (
    call.update_framework !== undefined &&
    call.update_framework.framework_info.id?.value !== call.framework_id?.value
  )
    return {
      status: 400,
      message:
        "Failed to validate scheduler::Call: 'framework_id' differs from 'update_framework.framework_info.id'",
    };
  if (call.framework_id === undefined)
    return {
      status: 400,
      message: "Failed to validate scheduler::Call: Expecting 'framework_id' to be present",
    };
  if (call.acknowledge !== undefined && !isUuidBase64(call.acknowledge.uuid))
    return { status: 400, message: 'Failed to validate scheduler::Call: Not a valid UUID' };
  return undefined;
};

/** Handles one request to the scheduler endpoint of a leading master. */
export const handleSchedulerCall = async (
  core: MasterCore,
  req: IncomingMessage,
  res: ServerResponse,
  faults: MasterFaults,
): Promise<void> => {
  const decoded = await decodeCall(req, SchedulerCall, 'Call', (json) =>
    core.ctx.observe('mesos.v1.scheduler.Call', json, 'received'),
  );
  if (E.isLeft(decoded)) return sendText(res, decoded.left);
  const call = decoded.right;
  const invalid = validateCall(call);
  if (invalid !== undefined) return sendText(res, invalid);
  if (call.type === 'SUBSCRIBE' && call.subscribe !== undefined) {
    if (!acceptsJson(req.headers['accept']))
      return sendText(res, { status: 406, message: 'Expecting Accept to allow application/json' });
    if (req.headers['mesos-stream-id'] !== undefined)
      return sendText(res, {
        status: 400,
        message: 'Subscribe calls should not include the Mesos-Stream-Id header',
      });
    return subscribe(core, call.subscribe, res, faults);
  }
  const fwId = call.framework_id?.value ?? '';
  const fw = core.frameworks.get(fwId);
  if (fw === undefined) return sendText(res, { status: 400, message: 'Framework cannot be found' });
  if (fw.subscription === undefined)
    return sendText(res, { status: 403, message: 'Framework is not subscribed' });
  const streamId = req.headers['mesos-stream-id'];
  if (streamId === undefined)
    return sendText(res, {
      status: 400,
      message: 'All non-subscribe calls should include the Mesos-Stream-Id header',
    });
  if (streamId !== fw.subscription.streamId)
    return sendText(res, {
      status: 400,
      message: `The stream ID '${String(streamId)}' included in this request didn't match the stream ID currently associated with framework ID ${fwId}`,
    });
  if (call.type === 'UPDATE_FRAMEWORK' && call.update_framework !== undefined)
    return sendText(res, updateFramework(core, fw, call.update_framework));
  const status = dispatch(core, fw, call);
  res.writeHead(status);
  res.end();
};
