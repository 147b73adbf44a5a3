// A private world for one test file: socket, state and config in a temporary directory, and a cleanup that stops
// whatever daemon ran there.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, before} from 'node:test';
import {execa} from 'execa';
import {cliPath} from './terminal.js';

export type Sandbox = {
	directory: string;
	socket: string;
	env: NodeJS.ProcessEnv;
	/** Runs `claude-tui ARGS…` here and returns its stdout; fails, with its stderr, unless it exits 0. */
	ok: (...args: string[]) => Promise<string>;
	cleanup: () => Promise<void>;
};

export async function makeSandbox(extraEnv: NodeJS.ProcessEnv = {}): Promise<Sandbox> {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-test-'));
	const socket = path.join(directory, 'run', 'daemon.sock');
	const env: NodeJS.ProcessEnv = {
		...process.env,
		CLAUDE_TUI_SOCKET: socket,
		XDG_STATE_HOME: path.join(directory, 'state'),
		XDG_CONFIG_HOME: path.join(directory, 'config'),
		XDG_RUNTIME_DIR: undefined,
		CLAUDECODE: undefined,
		...extraEnv,
	};
	return {
		directory,
		socket,
		env,
		async ok(...args) {
			const result = await execa(process.execPath, [cliPath, ...args], {env, reject: false});
			assert.equal(result.exitCode, 0, `claude-tui ${args.join(' ')}: ${result.stderr}`);
			return result.stdout;
		},
		async cleanup() {
			await execa(process.execPath, [cliPath, 'stop-daemon'], {env, reject: false, timeout: 10_000});
			fs.rmSync(directory, {recursive: true, force: true});
		},
	};
}

/**
A sandbox for the tests of one file or describe block: made before them; after them every terminal in `terminals`
(filled as the tests open them) is killed and the sandbox cleaned up. Read its field inside the tests.
*/
export function sandboxForSuite(terminals: ReadonlyArray<{kill(): void}>): {readonly sandbox: Sandbox} {
	const suite = {} as {sandbox: Sandbox};
	before(async () => {
		suite.sandbox = await makeSandbox();
	});
	after(async () => {
		for (const terminal of terminals) {
			terminal.kill();
		}

		await suite.sandbox.cleanup();
	});
	return suite;
}
