#!/usr/bin/env node
'use strict';
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS entry point */
// Runs a command with DATABASE_URL pointing at one shared Postgres (started here if unset) — root
// `npm test` uses it so that every project's tests share one server. TypeScript sources run via tsx.
require('tsx/cjs/api').register();
require('../src/with-postgres.ts')
  .main(process.argv.slice(2))
  .catch((err) => {
    process.stderr.write(`with-postgres: ${err && err.message ? err.message : err}\n`);
    process.exit(1);
  });
