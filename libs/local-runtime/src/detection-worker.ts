import { parentPort, workerData } from 'node:worker_threads';
import { SILENT_LOGGER, type Alert } from '@surv/domain';
import { alertFromOutputRow } from '@surv/pipeline';
import { defaultDetection } from './default-detection';
import { type DetectionWorkerData, type DetectionWorkerReply, type DetectionWorkerRequest } from './detection-worker-protocol';
import { EventBatchDecoder } from './event-batch-codec';

// Runs the detection application on its own thread, so the KDA SQL engine uses the second core
// while the main thread parses, archives and enriches. Requests are answered strictly in order.

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
  const events = new EventBatchDecoder();
  port.on('message', (request: DetectionWorkerRequest) => {
    ready
      .then(({ app }) => {
        if (request.type === 'batch') {
          const { arrivals } = request;
          // The events as the main thread validated them: the engine maps flat objects as they are.
          events.decode(request.events, (event, i) => app.push(event, arrivals ? { arrivalTime: arrivals[i]! } : undefined));
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
