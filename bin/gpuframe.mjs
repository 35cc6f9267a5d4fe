#!/usr/bin/env node
// The `gpuframe` command (package.json `bin`): `npx gpuframe worker --pipeline ./pipeline.mjs`.
// It runs the built CLI in dist/cli/ (cli/main.ts); `npm run build` makes it in a clone.
import { main } from '../dist/cli/main.js';

const code = await main(process.argv.slice(2));
// Stop here even if a device or worker thread holds the event loop open.
process.exitCode = code;
process.exit(code);
