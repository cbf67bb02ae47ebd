/**
 * Configuration: input codecs, checks that need the file system, the loader of an option table
 * (flags, environment, file), and the table as documentation.
 *
 * @module
 */
export * from './codecs.js';
export * from './checks.js';
export * from './document.js';
export * from './load.js';
export * from './password-file.js';
export * from './reference.js';
export * from './placement-options.js';
export * from './healing-options.js';
export * from './launch-options.js';
