/** The rolling upgrade's shell: gateway facts, the upgrader, its view. */
export * from './facts.js';
export * from './upgrader.js';
export * from './view.js';
