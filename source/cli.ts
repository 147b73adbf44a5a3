#!/usr/bin/env node
// The claude-tui command: the TUI when run bare, and the subcommands scripts use (cli/).
import './production-mode.js';
import process from 'node:process';
import {run} from './cli/main.js';

await run(process.argv.slice(2));
