/**
 * @scaleio-framework/orchestrator: Pure decisions: cluster spec and observations in, actions out.
 *
 * @packageDocumentation
 */

/** The package name, as published. */
export const packageName = '@scaleio-framework/orchestrator';
