#!/usr/bin/env node
'use strict';
/* global require */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS entry points */
// The `reachwatch` command. The sources are TypeScript run through tsx (a runtime dependency), registered
// for require() only — no ESM loader, which keeps startup short.
require('tsx/cjs/api').register();
require('../src/main.ts').main();
