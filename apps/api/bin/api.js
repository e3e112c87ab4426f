#!/usr/bin/env node
'use strict';
/* global require, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS entry point */
// `node apps/api/bin/api.js` — the API from any working directory. Nest's decorators need
// experimentalDecorators, which tsx takes from a tsconfig.json; the repository root has only
// tsconfig.base.json, so point tsx at this project's tsconfig before registering it.
const path = require('node:path');
process.env.TSX_TSCONFIG_PATH = process.env.TSX_TSCONFIG_PATH || path.join(__dirname, '..', 'tsconfig.json');
require('tsx/cjs/api').register();
require('../src/main.ts');
