// Runs in the test worker before each file: one backend choice for the whole run.
import { writeFileSync } from 'node:fs';
import * as gf from 'gpuframe';
import { statusFile } from './helpers/status.js';

const required = process.env.GPUFRAME_REQUIRE_WEBGPU === '1';
const info = gf.hasWebGPU() ? gf.info() : await gf.init({ quiet: true, backend: required ? 'webgpu' : undefined });
writeFileSync(statusFile(), JSON.stringify({ backend: info.backend, adapter: info.adapter, route: info.route, note: info.note, required }));
