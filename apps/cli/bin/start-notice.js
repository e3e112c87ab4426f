#!/usr/bin/env node
'use strict';
/* global require, __dirname, process */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS entry points */
// What `npm start` does until the live product (API, worker, simulator, web UI) exists: say so plainly,
// then show what does work today — the `reachwatch` command — on the bundled demo scenarios.
const path = require('node:path');

require('tsx/cjs/api').register();
const { run } = require('../src/main.ts');

const root = path.resolve(__dirname, '../../..');
const demo = 'apps/cli/demo';

const runs = [
  ['lol — one allowed client across namespaces', ['analyze', `${demo}/lol`]],
  ['lol — why can miao-yahoo not connect?', ['explain', `${demo}/lol`, '--from', 'yahoo/miao-yahoo', '--to', 'default/lol-default', '--port', 'TCP/80']],
  ['tiers — zero trust in three tiers', ['analyze', `${demo}/tiers`]],
  ['no-ingress — default deny ingress in one namespace', ['analyze', `${demo}/no-ingress`]],
  ['isolated — under the generic profile (Cilium, GKE Dataplane V2)', ['analyze', `${demo}/isolated`, '--cni', 'generic']],
  ['isolated — under the calico profile', ['analyze', `${demo}/isolated`, '--cni', 'calico']],
  ['isolated — can other/client reach isolated/api? (generic)', ['explain', `${demo}/isolated`, '--from', 'other/client', '--to', 'isolated/api', '--port', 'TCP/8080', '--cni', 'generic']],
  ['isolated — can other/client reach isolated/api? (calico)', ['explain', `${demo}/isolated`, '--from', 'other/client', '--to', 'isolated/api', '--port', 'TCP/8080', '--cni', 'calico']],
];

const out = (s) => process.stdout.write(s);
const io = { stdout: { write: out }, stderr: { write: out, isTTY: false }, cwd: root, env: { ...process.env, REACHWATCH_PROGRESS: '0' } };

async function main() {
  out(
    'Reachwatch: the live service (agent, API, worker, cluster simulator and web dashboard) is not built yet,\n' +
      'so there is nothing to serve. What works today is the `reachwatch` command line on Kubernetes manifests.\n' +
      `Here it is on the demo scenarios in ${demo}/ (see its README.md); \`npx reachwatch --help\` for more.\n`,
  );
  for (const [title, argv] of runs) {
    out(`\n== ${title} ==\n$ reachwatch ${argv.join(' ')}\n`);
    const code = await run(argv, io);
    if (code !== 0) out(`(exit code ${code})\n`);
  }
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (e) => {
    process.stderr.write(`start-notice: ${e && e.message ? e.message : e}\n`);
    process.exitCode = 0;
  },
);
