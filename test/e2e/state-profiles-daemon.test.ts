// Agent profiles from the config file, end to end: a real daemon reads them at start, a tiny scripted agent named
// in a profile's commands runs on a real PTY, and `ls`, `wait` and `explain` show what the user's rules decided.
// A config file with a bad profile stops the daemon from starting, with the path of the bad field.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {SessionInfo} from '../../source/protocol.js';
import {type DaemonSandbox, makeDaemonSandbox} from '../helpers/daemon.js';

const myAgentProfile = {
	id: 'myagent',
	name: 'My Agent',
	commands: ['myagent'],
	rules: [
		{id: 'myagent.confirm', state: 'waiting', region: 'cursorRow', beforeCursor: String.raw`Apply these changes\? \[y/N\] $`, detail: String.raw`Apply these changes\?`},
		{id: 'myagent.prompt', state: 'idle', region: 'cursorRow', beforeCursor: String.raw`^myagent> $`},
	],
};

// Asks, then waits at its prompt; each `read` holds it until the test types.
const myAgentScript = `#!/bin/sh
echo 'myagent v2.1'
printf 'Apply these changes? [y/N] '
read answer
echo "Applied ($answer)."
printf 'myagent> '
read next
`;

function writeConfig(directory: string, config: Record<string, unknown>): void {
	const file = path.join(directory, 'claude-tui', 'config.json');
	fs.mkdirSync(path.dirname(file), {recursive: true});
	fs.writeFileSync(file, JSON.stringify(config));
}

describe('agent profiles from the config file, through the daemon', () => {
	let sandbox: DaemonSandbox;

	before(async () => {
		sandbox = await makeDaemonSandbox();
		writeConfig(path.join(sandbox.directory, 'config'), {agents: [myAgentProfile]});
		const bin = path.join(sandbox.directory, 'bin');
		fs.mkdirSync(bin);
		fs.writeFileSync(path.join(bin, 'myagent'), myAgentScript, {mode: 0o755});
		sandbox.env['PATH'] = `${bin}${path.delimiter}${sandbox.env['PATH'] ?? ''}`;
		await sandbox.startForeground();
	});

	after(async () => {
		await sandbox.cleanup();
	});

	const waitUntil = async (name: string, state: string) => {
		const result = await sandbox.cli(['wait', name, '--until', state, '--timeout', '20']);
		assert.equal(result.exitCode, 0, `wait --until ${state}: ${result.stderr}\n${await sandbox.ok(['capture', name])}`);
	};

	test('a scripted agent named in a profile is waiting by the user\'s rule, then idle; explain names the rule', async () => {
		await sandbox.ok(['new', '--name', 'mine', '--', 'myagent']);
		await waitUntil('mine', 'waiting');
		const row = (await sandbox.ok(['ls'])).split('\n').find(line => line.startsWith('mine '));
		assert.equal(row?.split(/\s{2,}/)[2], 'waiting');
		const explained = await sandbox.ok(['explain', 'mine']);
		assert.match(explained, /decided by +screen rule myagent\.confirm$/m);
		assert.match(explained, /detail +Apply these changes\?$/m);
		assert.match(explained, /rules +My Agent \(myagent\), chosen by the command, myagent$/m);

		await sandbox.ok(['send', 'mine', '--enter', 'y']);
		await waitUntil('mine', 'idle');
		const [info] = JSON.parse(await sandbox.ok(['ls', '--json'])) as SessionInfo[];
		assert.deepEqual(info?.stateReason, {...info?.stateReason, signal: 'rule', rule: 'myagent.prompt', agent: 'myagent', agentName: 'My Agent', agentFrom: 'command'});
	});

	test('rules prints the config file\'s profiles first, and --json gives one back as the config file has it', async () => {
		const listed = await sandbox.ok(['rules']);
		assert.match(listed, /^myagent: My Agent \(config file\)\n {2}commands {3}myagent\n/);
		assert.match(listed, /^claude: Claude Code \(built-in\)$/m);
		assert.match(listed, /rules {6}myagent\.confirm \(waiting\), myagent\.prompt \(idle\)/);
		const printed = JSON.parse(await sandbox.ok(['rules', 'myagent', '--json'])) as Record<string, unknown>;
		assert.deepEqual(printed, {...myAgentProfile, whenUnmatchedChanging: 'busy', whenUnmatchedQuiet: 'idle', startingEndsOn: 'output'});
		const unknown = await sandbox.cli(['rules', 'nosuch']);
		assert.equal(unknown.exitCode, 1);
		assert.match(unknown.stderr, /No agent profile "nosuch"; there are myagent, codex, gemini, claude, /);
	});

	test('a bad profile stops a daemon from starting, and says which field is wrong', async () => {
		const elsewhere = path.join(sandbox.directory, 'bad');
		writeConfig(path.join(elsewhere, 'config'), {agents: [{...myAgentProfile, rules: [{id: 'myagent.confirm', state: 'wating', line: 'y/N'}]}]});
		const env = {
			...sandbox.env,
			XDG_CONFIG_HOME: path.join(elsewhere, 'config'),
			XDG_STATE_HOME: path.join(elsewhere, 'state'),
			CLAUDE_TUI_SOCKET: path.join(elsewhere, 'sock', 'daemon.sock'),
		};
		const message = `${path.join(elsewhere, 'config', 'claude-tui', 'config.json')}: agents[0].rules[0].state: must be one of "waiting", "busy", "idle", not "wating"`;

		const foreground = await sandbox.cli(['daemon', '--foreground'], {env});
		assert.equal(foreground.exitCode, 1);
		assert.equal(foreground.stderr.trim(), `claude-tui: ${message}`);

		// A command that starts a daemon in the background passes the daemon's words on.
		const listed = await sandbox.cli(['ls'], {env});
		assert.equal(listed.exitCode, 1);
		assert.match(listed.stderr, /The daemon did not start on .*daemon\.sock/);
		assert.ok(listed.stderr.includes(message), listed.stderr);
		assert.equal(fs.existsSync(env.CLAUDE_TUI_SOCKET), false, 'nothing listens there');

		// The daemon already running keeps the profiles it started with.
		assert.equal(await sandbox.answers(), true);
	});
});
