// Builds the web application (public pages, workbench, audit explorer) into explorer/dist with Vite.
import { build } from 'vite';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
await build({ configFile: join(here, 'vite.config.ts') });
console.log(`web application built into ${join(here, 'dist')}`);
