#!/usr/bin/env node
// The claude-tui command: the TUI when run bare, and the subcommands scripts use (cli/).
// In the modules every command loads (this one, production-mode, cli/main, errors, define, connect and
// daemon/lifecycle) `process` is the global, not imported: an import of node:process builds an ES module of it,
// reading every property and so loading what its lazy getters hold (5-8 ms of every command's start here).
import './production-mode.js';
import {run} from './cli/main.js';

await run(process.argv.slice(2));
