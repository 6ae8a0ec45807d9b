#!/usr/bin/env node
// Node >= 22.1 can cache compiled code between runs (a faster first frame from the second run).
import module from 'node:module';
module.enableCompileCache?.();
await import('../dist/cli.js');
