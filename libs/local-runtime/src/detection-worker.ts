import { parentPort, workerData } from 'node:worker_threads';
import { SILENT_LOGGER, type Alert } from '@surv/domain';
import { alertFromOutputRow } from '@surv/pipeline';
import { defaultDetection } from './default-detection';
import { RECORD_SEPARATOR, type DetectionWorkerData, type DetectionWorkerReply, type DetectionWorkerRequest } from './detection-worker-protocol';

// Runs the detection application on its own thread, so the KDA SQL engine uses the second core
// while the main thread parses, archives and enriches. Requests are answered strictly in order.
// A BOM inside the text is part of a record (as it was in its line), not a stream marker.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const SEPARATOR = String.fromCharCode(RECORD_SEPARATOR);
/** One decode for the whole batch; the split lines are slices of it. */
const splitRecords = (text: Uint8Array): string[] => (text.length === 0 ? [] : decoder.decode(text).split(SEPARATOR));

const port = parentPort;
if (port) {
  const { rowtime } = workerData as DetectionWorkerData;
  let pending: Alert[] = [];
  let dropped: string[] = [];
  const logger = { ...SILENT_LOGGER, error: (message: string, details?: Record<string, unknown>) => dropped.push(`${message}: ${JSON.stringify(details)}`) };
  const ready = Promise.resolve(defaultDetection({ rowtime })).then((runtime) => {
    runtime.app.on(runtime.outputStream ?? 'DESTINATION_SQL_STREAM', (row) => {
      const alert = alertFromOutputRow(row, runtime.toAlert, logger);
      if (alert) pending.push(alert);
    });
    return runtime;
  });
  const reply = (message: DetectionWorkerReply) => port.postMessage(message);
  port.on('message', (request: DetectionWorkerRequest) => {
    ready
      .then(({ app }) => {
        if (request.type === 'batch') {
          const { arrivals } = request;
          const lines = 'lines' in request ? request.lines : splitRecords(request.text);
          // The JSON text as is: the engine maps flat records straight from the parse.
          for (let i = 0; i < lines.length; i++) app.push(lines[i]!, arrivals ? { arrivalTime: arrivals[i]! } : undefined);
        } else {
          app.flush();
        }
        reply({ id: request.id, alerts: pending, droppedRows: dropped });
        pending = [];
        dropped = [];
      })
      .catch((e: unknown) => reply({ id: request.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
  });
}
