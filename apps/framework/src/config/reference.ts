import {
  configReference as tableReference,
  helpText as tableHelp,
} from '@scaleio-framework/operator';
import { schedulerOptions } from './options.js';

/** The configuration reference as a Markdown table, generated from the option table. */
export const configReference = (): string => tableReference(schedulerOptions);

/** `--help` text. */
export const helpText = (binary: string): string => tableHelp(binary, schedulerOptions);
