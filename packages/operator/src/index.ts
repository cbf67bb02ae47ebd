/**
 * @scaleio-framework/operator: what an operator sees of a running scheduler. Read models (the
 * status document, Prometheus metrics, the capacity history, recent events) fed by observations,
 * the handlers over a live view of the scheduler (they only read), the dashboard page, the HTTP
 * server with token-protected actions, and a structured logger that keeps secrets out.
 *
 * @packageDocumentation
 */
export * from './secret.js';
export * from './scrub.js';
export * from './ring.js';
export * from './events.js';
export * from './pool-view.js';
export * from './history.js';
export * from './status.js';
export * from './upgrade-info.js';
export * from './membership-info.js';
export * from './metrics.js';
export * from './metric-families.js';
export * from './step-timing.js';
export * from './expansion-outcomes.js';
export * from './system-view.js';
export * from './healing-view.js';
export * from './read-models.js';
export * from './operator-api.js';
export * from './dashboard.js';
export * from './server.js';
export * from './log/logger.js';
export * from './log/redact.js';
export * from './cli.js';
export * from './config/index.js';
export * from './artifacts.js';
