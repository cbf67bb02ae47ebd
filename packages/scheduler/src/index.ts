/**
 * @scaleio-framework/scheduler: the scheduler's imperative shell. It performs what the pure cores
 * (`orchestrator`, `healing`) decide, one executor per channel: Mesos calls, gateway calls, the
 * capacity provider, the state store.
 *
 * @packageDocumentation
 */
export { gatewayStats, type GatewayStatsOptions } from './healing/gateway-stats.js';
export { stateLedgerStore, defaultLedgerKey, ledgerSchemaVersion } from './healing/ledger-store.js';
