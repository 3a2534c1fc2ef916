/**
 * Figures the hostile-input, fault and load suites measure (requests tried, 5xx seen, records lost …). Each suite
 * writes its own JSON file under test-artifacts/hostile/ (git-ignored); HARDENING.md's table is filled from them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIGURES_DIR = resolve(__dirname, '../../../test-artifacts/hostile');

export function recordFigures(name: string, figures: Readonly<Record<string, unknown>>): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(join(FIGURES_DIR, `${name}.json`), `${JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2)}\n`);
}
