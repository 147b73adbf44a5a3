// The scripting command line against a real daemon in a temporary directory, with real PTYs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {SessionInfo} from '../../source/protocol.js';
import {type CliResult, makeDaemonSandbox, processGone, waitFor, type DaemonSandbox} from '../helpers/daemon.js';

const shell = ['bash', '--norc', '--noprofile'];

/** An error as a person should see it: exit 1, one line on stderr, no stack trace, nothing on stdout. */
function assertCleanError(result: CliResult, pattern: RegExp): void {
	assert.equal(result.exitCode, 1, `expected exit 1, got ${result.exitCode}; stderr: ${result.stderr}`);
	assert.match(result.stderr, pattern);
	assert.equal(result.stderr.trim().split('\n').length, 1, `stderr should be one line: ${result.stderr}`);
	assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
	assert.equal(result.stdout, '');
}

async function listJson(sandbox: DaemonSandbox): Promise<SessionInfo[]> {
	return JSON.parse(await sandbox.ok(['ls', '--json'])) as SessionInfo[];
}

/** Polls `capture` until `check` accepts the screen; returns that screen. */
async function captureUntil(sandbox: DaemonSandbox, session: string, check: (screen: string) => boolean, args: string[] = []): Promise<string> {
	let last = '';
	return waitFor(async () => {
		last = await sandbox.ok(['capture', session, ...args]);
		return check(last) ? last : undefined;
	}, {message: () => `the screen of ${session} to match; last capture:\n${last}`});
}

describe('claude-tui without a daemon', () => {
	let sandbox: DaemonSandbox;
	before(async () => {
		sandbox = await makeDaemonSandbox();
	});
	after(async () => {
		await sandbox.cleanup();
	});

	test('status and stop-daemon say that no daemon runs, and start none', async () => {
		for (const command of ['status', 'stop-daemon']) {
			const result = await sandbox.cli([command]);
			assertCleanError(result, /^claude-tui: No daemon is running on .*daemon\.sock$/m);
		}

		assert.equal(await sandbox.answers(), false);
		assert.equal(fs.existsSync(sandbox.socket), false);
	});

	test('a subcommand starts the daemon when none runs; several at once start exactly one', async () => {
		const results = await Promise.all([sandbox.cli(['ls']), sandbox.cli(['ls']), sandbox.cli(['ls', '--json'])]);
		for (const result of results) {
			assert.equal(result.exitCode, 0, result.stderr);
		}

		assert.match(results[0]!.stdout, /No sessions/);
		assert.deepEqual(JSON.parse(results[2]!.stdout), []);
		const pid = await sandbox.daemonPid();
		assert.ok(!processGone(pid));
		const listening = sandbox.log().split('\n').filter(line => line.includes('listening on'));
		assert.equal(listening.length, 1, sandbox.log());
		const status = await sandbox.ok(['status']);
		assert.match(status, new RegExp(`pid:\\s+${pid}`));
		assert.match(status, /sessions: 0 \(0 running\)/);
		const json = JSON.parse(await sandbox.ok(['status', '--json'])) as {pid: number; socket: string; version: string};
		assert.equal(json.pid, pid);
		assert.equal(json.socket, sandbox.socket);

		const stopped = await sandbox.ok(['stop-daemon']);
		assert.match(stopped, new RegExp(`Stopped the daemon \\(pid ${pid}\\)`));
		await waitFor(() => processGone(pid), {message: 'the stopped daemon to exit'});
		assert.equal(fs.existsSync(sandbox.socket), false, 'socket removed');
		assertCleanError(await sandbox.cli(['status']), /No daemon is running/);
	});
});

describe('claude-tui daemon', () => {
	let sandbox: DaemonSandbox;
	before(async () => {
		sandbox = await makeDaemonSandbox();
	});
	after(async () => {
		await sandbox.cleanup();
	});

	test('starts in the background, prints where it listens, and a second one refuses', async () => {
		const first = await sandbox.cli(['daemon']);
		assert.equal(first.exitCode, 0, first.stderr);
		const pid = await sandbox.daemonPid();
		assert.ok(first.stdout.includes(sandbox.socket), first.stdout);
		assert.match(first.stdout, new RegExp(`pid ${pid}\\b`));
		assert.ok(first.stdout.includes(sandbox.logFile), 'names its log file');

		assertCleanError(await sandbox.cli(['daemon']), /already running on .*daemon\.sock/);
		assertCleanError(await sandbox.cli(['daemon', '--foreground']), /already running on .*daemon\.sock/);
		// The refused starts did not disturb the first.
		assert.equal(await sandbox.daemonPid(), pid);
		assert.ok(!processGone(pid));
	});
});

describe('claude-tui session commands', () => {
	let sandbox: DaemonSandbox;
	before(async () => {
		sandbox = await makeDaemonSandbox();
		await sandbox.startForeground();
	});
	after(async () => {
		await sandbox.cleanup();
	});

	test('new prints the name, ls lists it, send --enter types, capture shows the result', async () => {
		const name = (await sandbox.ok(['new', '--name', 'work', '--', ...shell])).trim();
		assert.equal(name, 'work');

		const table = await sandbox.ok(['ls']);
		const [header, row] = table.split('\n');
		assert.match(header!, /^NAME\s+ID\s+STATE\s+SIZE\s+CLIENTS\s+CWD\s+COMMAND$/);
		assert.match(row!, /^work\s+[\da-f]{8}\s+(?:starting|busy|idle)\s+80x24\s+0\s+.*\s+bash --norc --noprofile$/);

		const [info] = await listJson(sandbox);
		assert.equal(info?.name, 'work');
		assert.equal(info?.status, 'running');
		assert.equal(info?.command, 'bash');
		assert.deepEqual(info?.args, ['--norc', '--noprofile']);
		assert.equal(typeof info?.pid, 'number');

		// The shell computes the answer, so it cannot be the echo of what we typed.
		assert.equal((await sandbox.ok(['send', 'work', '--enter', 'echo', 'sum=$((40+2))'])), '');
		await captureUntil(sandbox, 'work', screen => screen.split('\n').includes('sum=42'));
		// By id, too.
		await captureUntil(sandbox, info!.id, screen => screen.split('\n').includes('sum=42'));
		// Text without --enter is typed but not run.
		await sandbox.ok(['send', 'work', 'echo', 'pending']);
		await captureUntil(sandbox, 'work', screen => screen.split('\n').at(-1)!.endsWith('echo pending'));
		await sandbox.ok(['send', 'work', '--enter']);
		await captureUntil(sandbox, 'work', screen => screen.split('\n').includes('pending'));
		await sandbox.ok(['rm', 'work']);
	});

	test('new without --name names the session after its command, made unique', async () => {
		const first = (await sandbox.ok(['new', '--', 'sleep', '1000'])).trim();
		const second = (await sandbox.ok(['new', '--', 'sleep', '1000'])).trim();
		assert.equal(first, 'sleep');
		assert.equal(second, 'sleep-2');
		await sandbox.ok(['rm', first]);
		await sandbox.ok(['rm', second]);
	});

	test('--cwd is honoured, relative to where the command runs; the default is the current directory', async () => {
		const elsewhere = path.join(sandbox.directory, 'elsewhere');
		fs.mkdirSync(path.join(elsewhere, 'sub dir'), {recursive: true});
		const absolute = path.join(sandbox.directory, 'abs');
		fs.mkdirSync(absolute);

		await sandbox.ok(['new', '--name', 'cwd-abs', '--cwd', absolute, '--', ...shell]);
		await sandbox.ok(['new', '--name', 'cwd-rel', '--cwd', 'sub dir', '--', ...shell], {cwd: elsewhere});
		await sandbox.ok(['new', '--name', 'cwd-default', '--', ...shell], {cwd: elsewhere});
		const expected: Record<string, string> = {
			'cwd-abs': absolute,
			'cwd-rel': path.join(elsewhere, 'sub dir'),
			'cwd-default': elsewhere,
		};
		for (const [name, directory] of Object.entries(expected)) {
			await sandbox.ok(['send', name, '--enter', 'echo "[$(pwd)]"']);
			await captureUntil(sandbox, name, screen => screen.split('\n').includes(`[${directory}]`));
			await sandbox.ok(['rm', name]);
		}
	});

	test('capture --scrollback N adds N lines of history above the screen', async () => {
		await sandbox.ok(['new', '--name', 'history', '--', 'sh', '-c', 'seq 1 100; exec sleep 1000']);
		const screen = await captureUntil(sandbox, 'history', text => text.split('\n').includes('100'));
		const rows = screen.split('\n');
		assert.equal(rows.at(-1), '100');
		assert.ok(rows.length <= 24);
		const top = Number(rows[0]);
		assert.ok(top > 10, `first screen row: ${rows[0]}`);

		const withHistory = (await sandbox.ok(['capture', 'history', '--scrollback', '10'])).split('\n');
		assert.equal(withHistory.length, rows.length + 10);
		assert.deepEqual(withHistory.slice(10), rows);
		assert.deepEqual(withHistory.slice(0, 10), Array.from({length: 10}, (_, index) => String(top - 10 + index)));

		const everything = (await sandbox.ok(['capture', 'history', '--scrollback', '5000'])).split('\n');
		assert.equal(everything[0], '1');
		await sandbox.ok(['rm', 'history']);
	});

	test('capture --ansi keeps colours; plain capture has none', async () => {
		await sandbox.ok(['new', '--name', 'colour', '--', 'sh', '-c', 'printf "\\033[31mRED\\033[0m plain\\n"; exec sleep 1000']);
		const plain = await captureUntil(sandbox, 'colour', text => text.includes('RED plain'));
		assert.doesNotMatch(plain, /\u001B/);
		const ansi = await sandbox.ok(['capture', 'colour', '--ansi']);
		assert.match(ansi, /\u001B\[(?:[\d;]*;)?31(?:;[\d;]*)?mRED\u001B\[0?m plain/);
		await sandbox.ok(['rm', 'colour']);
	});

	test('capture --ansi prints SGR and nothing else: no cursor moves, modes or links that would change the terminal', async () => {
		const script = String.raw`printf '[?2004h[?1h[?1000h[4;5H]8;;https://example.com\moved]8;;\ [4:3;58;5;9mcurly[0m[?25l'; exec sleep 1000`;
		await sandbox.ok(['new', '--name', 'modes', '--', 'sh', '-c', script]);
		await captureUntil(sandbox, 'modes', text => text.includes('moved curly'));
		const ansi = await sandbox.ok(['capture', 'modes', '--ansi']);
		assert.match(ansi, /^\n\n\n {4}moved \u001B\[0;4:3;58:5:9mcurly\u001B\[0m$/);
		// Every escape sequence: CSI (parameters, intermediates, a final byte) or any other ESC-introduced one.
		for (const sequence of ansi.match(/\u001B\[[0-?]*[ -/]*[@-~]|\u001B[^[]/g) ?? []) {
			assert.match(sequence, /^\u001B\[[\d;:]*m$/, `only SGR: ${JSON.stringify(sequence)}`);
		}

		await sandbox.ok(['rm', 'modes']);
	});

	test('kill leaves the session listed as exited with its signal; exit codes are kept too', async () => {
		await sandbox.ok(['new', '--name', 'victim', '--', 'sleep', '1000']);
		await sandbox.ok(['new', '--name', 'victim-9', '--', 'sleep', '1000']);
		await sandbox.ok(['new', '--name', 'exits-3', '--', 'sh', '-c', 'exit 3']);
		const before = await listJson(sandbox);
		const pids = before.filter(info => info.name.startsWith('victim')).map(info => info.pid!);
		assert.equal(pids.length, 2);

		assert.equal(await sandbox.ok(['kill', 'victim']), '');
		assert.equal(await sandbox.ok(['kill', 'victim-9', '--signal', 'KILL']), '');
		const after = await waitFor(async () => {
			const sessions = await listJson(sandbox);
			return sessions.filter(info => ['victim', 'victim-9', 'exits-3'].includes(info.name)).every(info => info.status === 'exited') ? sessions : undefined;
		}, {message: 'the sessions to exit'});
		const byName = new Map(after.map(info => [info.name, info]));
		assert.equal(byName.get('victim')?.signal, 'SIGHUP');
		assert.equal(byName.get('victim-9')?.signal, 'SIGKILL');
		assert.equal(byName.get('exits-3')?.exitCode, 3);
		assert.equal(byName.get('exits-3')?.signal, undefined);
		for (const pid of pids) {
			await waitFor(() => processGone(pid), {message: `pid ${pid} to be gone`});
		}

		const table = await sandbox.ok(['ls']);
		assert.match(table, /^victim\s+[\da-f]{8}\s+exited \(SIGHUP\)/m);
		assert.match(table, /^victim-9\s+[\da-f]{8}\s+exited \(SIGKILL\)/m);
		assert.match(table, /^exits-3\s+[\da-f]{8}\s+exited \(3\)/m);

		assertCleanError(await sandbox.cli(['send', 'victim', 'hello']), /has exited/);
		assertCleanError(await sandbox.cli(['kill', 'exits-3', '--signal', 'NOPE']), /not a signal name: NOPE/);
		for (const name of ['victim', 'victim-9', 'exits-3']) {
			await sandbox.ok(['rm', name]);
		}
	});

	test('rm removes a session, killing it if it still runs', async () => {
		await sandbox.ok(['new', '--name', 'doomed', '--', 'sleep', '1000']);
		const [info] = (await listJson(sandbox)).filter(session => session.name === 'doomed');
		assert.equal(await sandbox.ok(['rm', 'doomed']), '');
		assert.ok(!(await listJson(sandbox)).some(session => session.name === 'doomed'));
		await waitFor(() => processGone(info!.pid!), {message: 'the removed session\'s child to be gone'});
		assertCleanError(await sandbox.cli(['rm', 'doomed']), /No session named "doomed"/);
	});

	test('rename changes the name everywhere; the old name is free again', async () => {
		await sandbox.ok(['new', '--name', 'before', '--', 'sleep', '1000']);
		await sandbox.ok(['new', '--name', 'other', '--', 'sleep', '1000']);
		assert.equal((await sandbox.ok(['rename', 'before', 'after'])).trim(), 'after');
		const names = (await listJson(sandbox)).map(info => info.name);
		assert.ok(names.includes('after'));
		assert.ok(!names.includes('before'));
		assertCleanError(await sandbox.cli(['capture', 'before']), /No session named "before"/);
		assertCleanError(await sandbox.cli(['rename', 'after', 'other']), /A session named "other" already exists/);
		await sandbox.ok(['capture', 'after']);
		await sandbox.ok(['new', '--name', 'before', '--', 'sleep', '1000']);
		for (const name of ['before', 'after', 'other']) {
			await sandbox.ok(['rm', name]);
		}
	});

	test('errors: one clear line on stderr, exit code 1, no stack trace', async () => {
		await sandbox.ok(['new', '--name', 'taken', '--', 'sleep', '1000']);
		for (const args of [['capture', 'nope'], ['send', 'nope', 'x'], ['kill', 'nope'], ['rm', 'nope'], ['rename', 'nope', 'x']]) {
			assertCleanError(await sandbox.cli(args), /^claude-tui: No session named "nope"$/m);
		}

		assertCleanError(await sandbox.cli(['frobnicate']), /Unknown command "frobnicate"/);
		assertCleanError(await sandbox.cli(['ls', '--bogus']), /Unknown option --bogus/);
		assertCleanError(await sandbox.cli(['capture']), /Usage: claude-tui capture SESSION/);
		assertCleanError(await sandbox.cli(['capture', 'taken', '--scrollback', 'lots']), /--scrollback/);
		assertCleanError(await sandbox.cli(['send', 'taken']), /Nothing to send/);
		assertCleanError(await sandbox.cli(['new', '--', 'no-such-binary-xyz']), /Command not found: no-such-binary-xyz/);
		assertCleanError(await sandbox.cli(['new', '--cwd', path.join(sandbox.directory, 'missing'), '--', 'sh']), /"cwd" is not a directory: .*missing/);
		assertCleanError(await sandbox.cli(['new', '--name', 'taken', '--', 'sh']), /A session named "taken" already exists/);
		assertCleanError(await sandbox.cli(['new', '--name', ' ', '--', 'sh']), /"name" must be/);
		// None of the failures left a session behind.
		assert.deepEqual((await listJson(sandbox)).map(info => info.name), ['taken']);
		await sandbox.ok(['rm', 'taken']);
	});

	test('every subcommand has --help', async () => {
		for (const command of ['daemon', 'status', 'stop-daemon', 'ls', 'new', 'send', 'capture', 'kill', 'rm', 'rename', 'attach']) {
			const result = await sandbox.cli([command, '--help']);
			assert.equal(result.exitCode, 0, `${command} --help: ${result.stderr}`);
			assert.match(result.stdout, new RegExp(`\\$ claude-tui ${command}\\b`), `${command} --help shows its usage`);
		}
	});
});
