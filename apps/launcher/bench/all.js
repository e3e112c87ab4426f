#!/usr/bin/env node
'use strict';
/* global require, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS entry point */
// `npm run bench [-- --size S|M|L …]`: the engine benchmark, then ingest alone and the pipeline benchmark, then the API's
// socket.io and HTTP benchmarks. `--size` goes to
// both (the engine bench also takes XL and several sizes; the pipeline bench takes one of S, M, L and
// defaults to L); the engine bench's own options (ENGINE_FLAGS) go to it, every other argument to the
// pipeline bench. Exits with the first failure's code.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..', '..', '..');
const argv = process.argv.slice(2);
// Engine bench options: flag → whether it takes a value.
const ENGINE_FLAGS = { '--no-naive': false, '--verify': false, '--events': true, '--naive-timeout-s': true, '--engine-timeout-s': true, '--incr-budget-s': true, '--max-heap-mb': true };
const engineArgs = [];
const pipelineArgs = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--size' || a.startsWith('--size=')) {
    const value = a === '--size' ? argv[++i] : a.slice('--size='.length);
    engineArgs.push('--size', value);
    // Several engine sizes: the pipeline runs the largest it supports among them.
    const sizes = String(value).toUpperCase().split(',').filter((s) => ['S', 'M', 'L'].includes(s));
    if (sizes.length) pipelineArgs.push('--size', sizes[sizes.length - 1]);
  } else if (a.split('=')[0] in ENGINE_FLAGS) {
    engineArgs.push(a);
    if (ENGINE_FLAGS[a] && !a.includes('=')) engineArgs.push(argv[++i]);
  } else if (a === '--seed' || a.startsWith('--seed=')) {
    // Both generators take a seed.
    const value = a === '--seed' ? argv[++i] : a.slice('--seed='.length);
    engineArgs.push('--seed', value);
    pipelineArgs.push('--seed', value);
  } else {
    pipelineArgs.push(a);
  }
}
const only = pipelineArgs.find((a) => a === '--engine-only' || a === '--pipeline-only');
const pipelineRest = pipelineArgs.filter((a) => a !== '--engine-only' && a !== '--pipeline-only');
// tsx takes compiler options from this tsconfig; the API's NestJS decorators need them.
const env = { ...process.env, TSX_TSCONFIG_PATH: process.env.TSX_TSCONFIG_PATH || path.join(root, 'apps', 'launcher', 'tsconfig.run.json') };
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

const run = (script, args) => spawnSync(tsx, [path.join(root, script), ...args], { stdio: 'inherit', env, cwd: root }).status ?? 1;

if (only !== '--pipeline-only') {
  const code = run('libs/policy-engine/bench/run.ts', engineArgs);
  if (code !== 0) process.exit(code);
}
if (only !== '--engine-only') {
  const sizeSeed = pipelineRest.flatMap((a, i, all) => (a === '--size' || a === '--seed' ? [a, all[i + 1]] : []));
  // Ingest alone (straight into Postgres, no HTTP): what the pipeline's sync figure is built on.
  const ingest = run('apps/api/bench/ingest.ts', sizeSeed);
  if (ingest !== 0) process.exit(ingest);
  const code = run('apps/launcher/bench/run.ts', pipelineRest);
  if (code !== 0) process.exit(code);
  // API live delivery: 500 socket.io clients on one API instance.
  const sockets = run('apps/api/bench/sockets.ts', []);
  if (sockets !== 0) process.exit(sockets);
  // API REST latency (posture, graph, explain) and concurrent-client throughput, at the pipeline's size
  // and seed (both are always pushed as flag + value above).
  process.exit(run('apps/api/bench/http.ts', sizeSeed));
}
