#!/usr/bin/env node
/**
 * `installers-plan`: prints the dry run of step specs for an OS.
 *
 *   installers-plan (--os <id>:<version> | --os-release <file>) <spec.json>
 *
 * `spec.json` holds one step spec or an array of them. Exit 0 with the rendering; exit 2 with a
 * one-line message on bad input.
 */
import { readFileSync } from 'node:fs';
import { main } from '../cli.js';

const r = main(process.argv.slice(2), (p) => readFileSync(p, 'utf8'));
(r.code === 0 ? process.stdout : process.stderr).write(r.output);
process.exitCode = r.code;
