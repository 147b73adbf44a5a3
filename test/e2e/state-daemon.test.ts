// Agent state end to end through a real daemon and the real CLI: the scripted fake agent started as `claude`
// (so the daemon passes it the hooks, and it runs them as Claude Code does), shells, and `report` from a
// session's environment. The fake agent holds its busy phase until it gets a key, so no step depends on timing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {SessionInfo} from '../../source/protocol.js';
import {cliPath, type DaemonSandbox, makeDaemonSandbox, recordNotifications, waitFor} from '../helpers/daemon.js';
import {installFakeClaude} from '../helpers/fake-claude.js';

const shell = ['bash', '--norc', '--noprofile'];

describe('agent state through the daemon', () => {
	let sandbox: DaemonSandbox;
	let hookLog: string;

	before(async () => {
		sandbox = await makeDaemonSandbox();
		hookLog = path.join(sandbox.directory, 'hooks.log');
		const bin = installFakeClaude(sandbox.directory, {FAKE_AGENT_HOLD: '1', FAKE_AGENT_FRAME_MS: '50', FAKE_AGENT_HOOK_LOG: hookLog});
		sandbox.env['PATH'] = `${bin}${path.delimiter}${sandbox.env['PATH'] ?? ''}`;
		await sandbox.startForeground();
	});

	after(async () => {
		await sandbox.cleanup();
	});

	const stateOf = async (name: string): Promise<string> => {
		const table = await sandbox.ok(['ls']);
		const row = table.split('\n').find(line => line.startsWith(`${name} `));
		assert.ok(row, `${name} in:\n${table}`);
		return row.split(/\s{2,}/)[2]!;
	};

	const waitUntil = async (name: string, state: string) => {
		const result = await sandbox.cli(['wait', name, '--until', state, '--timeout', '20']);
		assert.equal(result.exitCode, 0, `wait --until ${state}: ${result.stderr}\n${await sandbox.ok(['capture', name])}`);
	};

	test('claude (the fake) goes idle -> busy -> waiting -> busy -> idle in ls, with its hooks reporting', async () => {
		assert.equal((await sandbox.ok(['new', '--name', 'agent', '--', 'claude'])).trim(), 'agent');
		await waitUntil('agent', 'idle');
		assert.equal(await stateOf('agent'), 'idle');

		await sandbox.ok(['send', 'agent', '--enter', 'run the tests']);
		await waitUntil('agent', 'busy');
		assert.equal(await stateOf('agent'), 'busy', 'the spinner holds until it gets a key');
		const busy = await sandbox.ok(['explain', 'agent']);
		assert.match(busy, /^agent \([\da-f]{8}\): busy for \d+s/);
		assert.match(busy, /decided by +a report from the program itself/, 'the UserPromptSubmit hook reported it');
		assert.match(busy, /detail +UserPromptSubmit/);

		await sandbox.ok(['send', 'agent', '.']);
		await waitUntil('agent', 'waiting');
		assert.equal(await stateOf('agent'), 'waiting');
		const waiting = JSON.parse(await sandbox.ok(['explain', 'agent', '--json'])) as Pick<SessionInfo, 'state' | 'stateReason'>;
		assert.equal(waiting.state, 'waiting');
		assert.ok(
			waiting.stateReason.signal === 'hook' || waiting.stateReason.rule === 'claude.permission',
			`the Notification hook or the permission rule: ${JSON.stringify(waiting.stateReason)}`,
		);

		await sandbox.ok(['send', 'agent', '1']);
		await waitUntil('agent', 'busy');
		assert.equal(await stateOf('agent'), 'busy', 'the answer ends the wait at once, though the hook said waiting');
		await sandbox.ok(['send', 'agent', '.']);
		await waitUntil('agent', 'idle');
		assert.equal(await stateOf('agent'), 'idle');

		// The hooks came from --settings on the fake's command line, ran, and never failed.
		const runs = fs.readFileSync(hookLog, 'utf8').trim().split('\n');
		assert.deepEqual(runs, ['SessionStart 0', 'UserPromptSubmit 0', 'Notification 0', 'Stop 0']);
		// The user's arguments are what ls shows: the hooks settings are claude-tui's business. (The conversation id
		// chosen for restore is shown: it names the conversation `claude --resume` brings back.)
		const [info] = JSON.parse(await sandbox.ok(['ls', '--json'])) as SessionInfo[];
		assert.equal(info?.args.length, 2);
		assert.equal(info?.args[0], '--session-id');
		assert.match(info?.args[1] ?? '', /^[\da-f-]{36}$/);
		// The same settings, for a claude started some other way: claude --settings "$(claude-tui hooks)".
		const printed = JSON.parse(await sandbox.ok(['hooks'])) as {hooks: Record<string, Array<{hooks: Array<{command: string}>}>>};
		assert.deepEqual(Object.keys(printed.hooks).sort(), ['Notification', 'PermissionRequest', 'PreCompact', 'SessionStart', 'Stop', 'UserPromptSubmit']);
		assert.match(printed.hooks['Stop']![0]!.hooks[0]!.command, /report-main\.js' idle --event Stop|report-main\.js idle --event Stop/);
	});

	test('report from inside a session changes its state; explain names the report', async () => {
		await sandbox.ok(['new', '--name', 'reporter', '--', ...shell]);
		await waitUntil('reporter', 'idle');
		await sandbox.ok(['send', 'reporter', '--enter', `'${process.execPath}' '${cliPath}' report waiting --event deploy-approval; echo reported`]);
		await waitUntil('reporter', 'waiting');
		const explained = await sandbox.ok(['explain', 'reporter']);
		assert.match(explained, /decided by +a report from the program itself/);
		assert.match(explained, /detail +deploy-approval/);
		assert.match(await sandbox.ok(['capture', 'reporter']), /^reported$/m, 'report printed nothing on success');
	});

	test('report outside a session, or with nowhere to report, says so and still exits 0', async () => {
		const env = {...sandbox.env, CLAUDE_TUI_SESSION: undefined};
		const outside = await sandbox.cli(['report', 'busy'], {env});
		assert.equal(outside.exitCode, 0);
		assert.match(outside.stderr, /not inside a claude-tui session/);

		const gone = await sandbox.cli(['report', 'idle', '--event', 'Stop'], {env: {...sandbox.env, CLAUDE_TUI_SESSION: 'nosuch'}});
		assert.equal(gone.exitCode, 0);
		assert.match(gone.stderr, /could not report .*No session named "nosuch"/);

		const noDaemon = await sandbox.cli(['report', 'idle'], {env: {...sandbox.env, CLAUDE_TUI_SESSION: 'x', CLAUDE_TUI_SOCKET: path.join(sandbox.directory, 'none.sock')}});
		assert.equal(noDaemon.exitCode, 0);
		assert.match(noDaemon.stderr, /could not report/);
		assert.equal(await sandbox.answers(), true);

		const typo = await sandbox.cli(['report', 'bussy']);
		assert.equal(typo.exitCode, 1);
		assert.match(typo.stderr, /Unknown state "bussy": report one of busy, waiting, idle/);
	});

	test('wait: reaches exited, times out cleanly, and refuses bad sessions and states', async () => {
		await sandbox.ok(['new', '--name', 'brief', '--', 'sh', '-c', 'read line; exit 3']);
		const timedOut = await sandbox.cli(['wait', 'brief', '--until', 'waiting', '--timeout', '0.3']);
		assert.equal(timedOut.exitCode, 1);
		assert.match(timedOut.stderr, /^claude-tui: Timed out after 0\.3 s: brief is still \w+, not waiting$/m);

		const waiter = sandbox.cli(['wait', 'brief', '--until', 'waiting,idle']);
		await sandbox.ok(['send', 'brief', '--enter', 'bye']);
		const exitedFirst = await waiter;
		assert.equal(exitedFirst.exitCode, 1);
		assert.match(exitedFirst.stderr, /brief exited \(3\) before it was waiting or idle/);
		assert.equal((await sandbox.cli(['wait', 'brief', '--until', 'exited'])).exitCode, 0);

		const missing = await sandbox.cli(['wait', 'nosuch', '--until', 'idle']);
		assert.equal(missing.exitCode, 1);
		assert.match(missing.stderr, /No session named "nosuch"/);
		const badState = await sandbox.cli(['wait', 'brief', '--until', 'sleeping']);
		assert.equal(badState.exitCode, 1);
		assert.match(badState.stderr, /--until takes busy, waiting, idle or exited/);
		assert.match((await sandbox.cli(['wait', 'brief'])).stderr, /wait needs --until/);
		assert.match((await sandbox.cli(['wait', 'brief', '--until', 'idle', '--timeout', '-1'])).stderr, /--timeout takes a number of seconds/);
		const help = await sandbox.ok(['wait', '--help']);
		assert.match(help, /--until, -u STATES/);
	});

	test('a flood of output sends state changes, not one event per chunk', async () => {
		await sandbox.ok(['new', '--name', 'flood', '--', ...shell]);
		await waitUntil('flood', 'idle');
		const client = await sandbox.connect();
		const seen = recordNotifications(client);
		const {sessions} = await client.request('events.subscribe');
		const id = sessions.find(session => session.name === 'flood')!.id;
		await sandbox.ok(['send', 'flood', '--enter', 'seq 1 300000; echo flood-done']);
		await waitFor(async () => /^flood-done$/m.test(await sandbox.ok(['capture', 'flood'])), {timeout: 30_000, message: 'the flood to end'});
		await waitUntil('flood', 'idle');
		const updates = seen.filter(({method, params}) => method === 'session.updated' && params.session.id === id);
		const states = updates.map(({params}) => (params.session as SessionInfo).state);
		assert.ok(updates.length <= 4, `${updates.length} updates for one command: ${states.join(' ')}`);
		assert.deepEqual(states.filter((state, index) => state !== states[index - 1]), ['busy', 'idle']);
	});

	test('session.report checks its params', async () => {
		const client = await sandbox.connect();
		await assert.rejects(client.request('session.report', {session: 'agent'}), /"state" is required/);
		await assert.rejects(client.call('session.report', {session: 'agent', state: 'asleep'}), /"state" must be one of busy, waiting, idle/);
		await assert.rejects(client.request('session.report', {session: 'nosuch', state: 'idle'}), /No session named "nosuch"/);
		const info = await client.request('session.report', {session: 'agent', state: 'busy', detail: 'x'.repeat(5000)});
		assert.equal(info.state, 'busy');
		assert.equal(info.stateReason.detail?.length, 200);
	});
});
