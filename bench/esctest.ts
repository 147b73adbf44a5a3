// Runs esctest2 (George Nachman's and Thomas E. Dickey's terminal conformance tests, 568 of them) inside a
// claude-tui session, the session's terminal being the one under test, and beside it in a tmux pane of the same size.
// esctest2 is GPL-2.0 and not part of this repository: fetch it, then
//   git clone https://github.com/ThomasDickey/esctest2 ~/esctest2
//   npm run esctest -- ~/esctest2
// It prints the summary line of each run ("N tests passed, K known bugs, F TESTS FAILED") and a markdown row.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {pollUntil} from './harness/deadline.js';

const cliPath = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const [checkout] = process.argv.slice(2);
if (!checkout) {
	console.error('usage: npm run esctest -- PATH-TO-ESCTEST2 (a checkout of https://github.com/ThomasDickey/esctest2)');
	process.exit(2);
}

const script = path.join(path.resolve(checkout), 'esctest', 'esctest.py');
if (!fs.existsSync(script)) {
	console.error(`esctest: no esctest/esctest.py in ${checkout}`);
	process.exit(2);
}

// xterm is the ideal esctest measures against; vt level 5 runs every test; a terminal that does not answer a report
// costs half a second.
const esctestArgs = (log: string) => [script, '--expected-terminal=xterm', '--max-vt-level=5', `--logfile=${log}`, '--timeout=0.5'];
const summary = /\*\*\* (\d+) tests passed(?:, (\d+) known bugs)?(?:, (\d+) TESTS FAILED)? \*\*\*/;
const runTimeoutMs = 20 * 60_000;

async function finished(log: string): Promise<RegExpExecArray> {
	return pollUntil(() => (fs.existsSync(log) ? summary.exec(fs.readFileSync(log, 'utf8')) ?? undefined : undefined), {timeoutMs: runTimeoutMs, intervalMs: 500, what: `esctest's summary in ${log}`});
}

async function inClaudeTui(directory: string): Promise<RegExpExecArray> {
	const env = {
		...process.env,
		CLAUDE_TUI_SOCKET: path.join(directory, 'run', 'daemon.sock'),
		XDG_STATE_HOME: path.join(directory, 'state'),
		XDG_CONFIG_HOME: path.join(directory, 'config'),
		XDG_RUNTIME_DIR: undefined,
	};
	const log = path.join(directory, 'claude-tui.log');
	try {
		await execa(process.execPath, [cliPath, 'new', '--name', 'esctest', '--cwd', path.dirname(script), '--', 'python3', ...esctestArgs(log)], {env});
		return await finished(log);
	} finally {
		await execa(process.execPath, [cliPath, 'stop-daemon'], {env, reject: false});
	}
}

async function inTmux(directory: string): Promise<RegExpExecArray | undefined> {
	const server = `esctest-${process.pid}`;
	const log = path.join(directory, 'tmux.log');
	const command = ['python3', ...esctestArgs(log)].map(word => `'${word}'`).join(' ');
	const started = await execa('tmux', ['-L', server, '-f', '/dev/null', 'new-session', '-d', '-x', '80', '-y', '24', '-c', path.dirname(script), command], {reject: false});
	if (started.exitCode !== 0) {
		console.error(`tmux: ${started.stderr || 'not installed'}; its column stays empty`);
		return undefined;
	}

	try {
		return await finished(log);
	} finally {
		await execa('tmux', ['-L', server, 'kill-server'], {reject: false});
	}
}

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-esctest-'));
fs.chmodSync(directory, 0o700);
try {
	// One after the other: each is timing-sensitive (a report not answered within the timeout fails its test).
	const ours = await inClaudeTui(directory);
	console.log(`claude-tui: ${ours[0]}`);
	const theirs = await inTmux(directory);
	if (theirs) {
		console.log(`tmux: ${theirs[0]}`);
	}

	console.log('\n| esctest2 (568 tests, --max-vt-level=5) | passed | known bugs | failed |\n| --- | ---: | ---: | ---: |');
	for (const [name, result] of [['claude-tui', ours], ['tmux', theirs]] as const) {
		if (result) {
			console.log(`| ${name} | ${result[1]} | ${result[2] ?? 0} | ${result[3] ?? 0} |`);
		}
	}
} finally {
	fs.rmSync(directory, {recursive: true, force: true});
}
