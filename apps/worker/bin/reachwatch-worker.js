#!/usr/bin/env node
'use strict';
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS entry point */
// The recompute worker process. TypeScript sources run through tsx, registered for require() only.
require('tsx/cjs/api').register();
require('../src/main.ts')
  .main()
  .then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`reachwatch worker: ${err && err.message ? err.message : err}\n`);
      process.exit(4);
    },
  );
