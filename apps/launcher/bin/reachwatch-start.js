#!/usr/bin/env node
'use strict';
/* global require, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS entry point */
// `npm start`. TypeScript sources run through tsx, registered for require() only. tsx reads the
// tsconfig of the working directory, and the repository root has none: point it at ours, which turns on
// the decorators NestJS needs.
const path = require('node:path');
process.env.TSX_TSCONFIG_PATH = process.env.TSX_TSCONFIG_PATH || path.join(__dirname, '..', 'tsconfig.run.json');
require('tsx/cjs/api').register();
require('../src/main.ts')
  .main()
  .then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`reachwatch: ${err && err.stack ? err.stack : err}\n`);
      process.exit(4);
    },
  );
