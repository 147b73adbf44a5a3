#!/usr/bin/env node
// What Claude Code's hooks run: `claude-tui report` without the command line's entry (which loads little since
// cli/ loads only the command it runs, but a synchronous hook holds Claude up while it runs: every module counts).
// Usage: report-main.js STATE [--event E].
// Always exits 0: a hook must never break the agent (exit code 2 would even block a tool call).
import process from 'node:process';
import {report, ReportUsageError} from './report.js';

async function main(argv: string[]): Promise<void> {
	const words = argv[0] === 'report' ? argv.slice(1) : argv;
	let event: string | undefined;
	const positional: string[] = [];
	for (let index = 0; index < words.length; index++) {
		const word = words[index]!;
		if (word === '--event') {
			event = words[++index];
		} else if (word.startsWith('--event=')) {
			event = word.slice('--event='.length);
		} else {
			positional.push(word);
		}
	}

	try {
		const outcome = await report({state: positional[0] ?? '', event, env: process.env, stdin: process.stdin});
		if (!outcome.ok) {
			process.stderr.write(`claude-tui report: ${outcome.message}\n`);
		}
	} catch (error) {
		const message = error instanceof ReportUsageError ? error.message : String(error);
		process.stderr.write(`claude-tui report: ${message}\n`);
	}
}

await main(process.argv.slice(2));
process.exit(0);
