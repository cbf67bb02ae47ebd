/** A RecordIO event stream over one long-lived HTTP response. */
import type { ServerResponse } from 'node:http';
import { encodeRecord } from '@scaleio-framework/mesos';

/** An open event stream: one RecordIO record per event, one write per record. */
export interface EventStream {
  /** Sends one event (ignored once closed). */
  readonly send: (event: Record<string, unknown>) => void;
  /** Ends the response cleanly (after the records already written). */
  readonly close: () => void;
  /** Drops the connection abruptly, as a crash or network partition would. */
  readonly drop: () => void;
  /** Whether the stream has been closed by either side. */
  readonly isClosed: () => boolean;
}

/**
 * Starts a 200 chunked `application/json` RecordIO response. `observe` sees every event before
 * it is written; `onClose` runs once when the stream ends for any reason.
 */
export const openEventStream = (
  res: ServerResponse,
  headers: Readonly<Record<string, string>>,
  observe: (event: Record<string, unknown>) => void,
  onClose: () => void,
): EventStream => {
  let closed = false;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    onClose();
  };
  res.on('close', finish);
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache',
    ...headers,
  });
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  return {
    send: (event) => {
      if (closed) return;
      observe(event);
      res.write(encodeRecord(JSON.stringify(event)));
    },
    close: () => {
      if (closed) return;
      res.end();
      finish();
    },
    drop: () => {
      if (closed) return;
      res.destroy();
      finish();
    },
    isClosed: () => closed,
  };
};
