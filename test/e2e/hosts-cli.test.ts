// Sessions on another machine, through a real sshd on 127.0.0.1 and a second daemon behind it (helpers/hosts.ts):
// the commands with HOST:SESSION, `ls` across hosts, and every way a host can refuse, said clearly and quickly.
import assert from 'node:assert/strict';
import net from 'node:net';
import {after, before, describe, test} from 'node:test';
import type {SessionInfo} from '../../source/protocol.js';
import {waitFor, type CliResult} from '../helpers/daemon.js';
import {HostWorld} from '../helpers/hosts.js';

/** An error as a person should see it: exit 1, on stderr, no stack trace. */
function assertError(result: CliResult, pattern: RegExp): void {
	assert.equal(result.exitCode, 1, `expected exit 1, got ${result.exitCode}; stdout: ${result.stdout}; stderr: ${result.stderr}`);
	assert.match(result.stderr, pattern);
	assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
}

describe('commands on a host', () => {
	let world: HostWorld;
	before(async () => {
		world = await HostWorld.start();
		world.configure([world.host()]);
	});
	after(async () => {
		await world.cleanup();
	});

	const ok = async (...args: string[]) => world.local.ok(args);

	test('new --host, ls, send, capture, explain, wait, rename, kill and rm go to the host, named HOST:SESSION', async () => {
		assert.equal((await ok('new', '--host', 'gpu', '--name', 'web', '--', 'bash', '--norc', '--noprofile')).trim(), 'gpu:web');
		assert.equal((await ok('new', '--name', 'here', '--', 'cat')).trim(), 'here');
		// The session runs on the host's daemon, in its home (the host's default), not here.
		const remote = JSON.parse(await world.remote.ok(['ls', '--json'])) as SessionInfo[];
		assert.deepEqual(remote.map(session => session.name), ['web']);
		assert.equal(remote[0]!.cwd, process.env['HOME']);
		const local = JSON.parse(await world.local.ok(['ls', '--json'])) as Array<SessionInfo & {host?: string}>;
		assert.deepEqual(local.map(session => [session.host, session.name, session.id.startsWith('gpu:')]), [[undefined, 'here', false], ['gpu', 'gpu:web', true]]);

		const table = await ok('ls');
		assert.match(table.split('\n')[0]!, /^HOST\s+NAME\s+ID\s+STATE/);
		assert.match(table, /^local\s+here\s+[\da-f]{8}\s/m);
		assert.match(table, new RegExp(`^gpu\\s+web\\s+${remote[0]!.id}\\s`, 'm'));

		await ok('wait', 'gpu:web', '--until', 'idle', '--timeout', '20');
		await ok('send', 'gpu:web', '--enter', 'echo sum-$((6*7))');
		const screen = await waitFor(async () => {
			const text = await ok('capture', 'gpu:web');
			return /^sum-42$/m.test(text) ? text : undefined;
		}, {message: 'the echo on the host session'});
		assert.match(screen, /echo sum-\$\(\(6\*7\)\)/);
		assert.match(await ok('explain', 'gpu:web'), /^gpu:web \(gpu:[\da-f]{8}\): (idle|busy)/);

		assert.equal((await ok('rename', 'gpu:web', 'api')).trim(), 'gpu:api');
		assert.match(await world.remote.ok(['ls']), /^api\s/m);
		await ok('kill', 'gpu:api', '--signal', 'KILL');
		await waitFor(async () => /exited \(SIGKILL\)/.test(await ok('ls')), {message: 'the host session to be listed as exited'});
		assert.equal((await ok('restore', 'gpu:api')).trim(), 'gpu:api');
		assert.match(await world.remote.ok(['ls']), /^api\s+\S+\s+(starting|busy|idle)\s/m, 'running again over there');
		await ok('rm', 'gpu:api');
		assert.doesNotMatch(await world.remote.ok(['ls']), /api/);
		assertError(await world.local.cli(['capture', 'gpu:api']), /No session/);
	});

	test('history, grep and replay of a host\'s session run on the host, where its recordings are', async () => {
		await ok('new', '--host', 'gpu', '--name', 'logs', '--', 'bash', '--norc', '--noprofile');
		await ok('send', 'gpu:logs', '--enter', 'printf "needle-%s\\n" one two');
		await waitFor(async () => /needle-two/.test(await ok('capture', 'gpu:logs')), {message: 'the output on the host'});
		await waitFor(async () => /^needle-two$/m.test(await ok('history', 'gpu:logs')), {message: 'the history from the host'});

		const grep = await world.local.cli(['grep', 'needle-t', 'gpu:logs']);
		assert.equal(grep.exitCode, 0, grep.stderr);
		assert.match(grep.stdout, /^gpu:logs {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}needle-two$/m);
		const json = (await ok('grep', '--json', 'needle', 'gpu:logs')).trim().split('\n').map(line => JSON.parse(line) as {session: string; id: string; text: string});
		assert.ok(json.some(match => match.session === 'gpu:logs' && match.id.startsWith('gpu:') && match.text === 'needle-one'), JSON.stringify(json));
		const none = await world.local.cli(['grep', 'no-such-words-anywhere', 'gpu:logs']);
		assert.equal(none.exitCode, 1, 'nothing matched: exit 1');
		assert.equal(none.stdout, '');

		const replay = await ok('replay', 'gpu:logs', '--idle-limit', '0.01');
		assert.match(replay, /needle-one/);
		assertError(await world.local.cli(['history', 'gpu:nothing']), /^claude-tui: gpu: No session named "nothing"/m);
	});

	test('a host the config file does not list, or a bad hosts entry, is an error that says so', async () => {
		assertError(await world.local.cli(['new', '--host', 'nope']), /^claude-tui: No host "nope" in the config file's "hosts" \(there are gpu\)$/m);
		world.configure([{name: 'local', ssh: 'x'}]);
		try {
			assertError(await world.local.cli(['ls']), /config\.json: hosts\[0\]\.name: "local" stands for this machine/);
		} finally {
			world.configure([world.host()]);
		}
	});
});

describe('hosts that refuse or do not answer', () => {
	let world: HostWorld;
	let silent: net.Server;
	const held = new Set<net.Socket>();
	let silentPort: number;
	let closedPort: number;
	before(async () => {
		world = await HostWorld.start();
		// A host that takes the connection and never says a word (asleep behind a proxy, a hung sshd).
		silent = net.createServer(socket => {
			held.add(socket);
			socket.on('error', () => {});
		});
		await new Promise<void>(resolve => {
			silent.listen(0, '127.0.0.1', resolve);
		});
		silentPort = (silent.address() as net.AddressInfo).port;
		// A port nobody listens on.
		const probe = net.createServer();
		await new Promise<void>(resolve => {
			probe.listen(0, '127.0.0.1', resolve);
		});
		closedPort = (probe.address() as net.AddressInfo).port;
		await new Promise<void>(resolve => {
			probe.close(() => {
				resolve();
			});
		});
		const user = world.sshd.destination.slice('ssh://'.length).split('@')[0]!;
		world.configure([
			world.host(),
			{name: 'asleep', ssh: `ssh://${user}@127.0.0.1:${silentPort}`, command: world.hostCommand},
			{name: 'off', ssh: `ssh://${user}@127.0.0.1:${closedPort}`, command: world.hostCommand},
			world.host({name: 'bare', command: '/nonexistent/claude-tui'}),
		]);
	});
	after(async () => {
		for (const socket of held) {
			socket.destroy();
		}

		silent.close();
		await world.cleanup();
	});

	// ssh's own connect bound, shortened, as a user may set it; ours (6 s) stands behind it.
	const quickSsh = () => ({...world.local.env, CLAUDE_TUI_SSH: `${world.sshd.sshCommand} -o ConnectTimeout=1`});

	test('ls lists every host at once: the ones that answer, and the ones that do not as unreachable, each said why', async () => {
		await world.local.ok(['new', '--host', 'gpu', '--name', 'up', '--', 'cat']);
		const result = await world.local.cli(['ls'], {env: quickSsh()});
		assert.equal(result.exitCode, 0, result.stderr);
		assert.match(result.stdout, /^gpu\s+up\s+[\da-f]{8}\s/m);
		for (const host of ['asleep', 'off', 'bare']) {
			assert.match(result.stdout, new RegExp(`^${host}\\s+-\\s+-\\s+unreachable`, 'm'));
		}

		assert.match(result.stderr, /^claude-tui: asleep \(ssh:\/\/.*\): it did not answer in time \(down, asleep, or not reachable from here\); ssh said: .*timed out/m);
		assert.match(result.stderr, /^claude-tui: off \(ssh:\/\/.*\): it refused the connection: no ssh server listens there/m);
		assert.match(result.stderr, /^claude-tui: bare \(ssh:\/\/.*\): `\/nonexistent\/claude-tui` was not found there \(.*No such file or directory\)\. Install claude-tui on it, or set this host's "command"/m);
	});

	test('a host that does not answer at all is given up on after the answer timeout, never waited on', async () => {
		// ssh's connect bound is longer than ours here: our own timeout ends it.
		const result = await world.local.cli(['capture', 'asleep:x'], {env: {...world.local.env, CLAUDE_TUI_SSH: `${world.sshd.sshCommand} -o ConnectTimeout=30`}});
		assertError(result, /^claude-tui: asleep \(.*\): it did not answer within 6 s \(down, asleep, or not reachable from here\)/m);
	});

	test('a wrong host key, an unknown one and a key the host does not accept are refused with what to do', async () => {
		const withSsh = (variant: Parameters<typeof world.sshd.sshCommandWith>[0]) => ({...world.local.env, CLAUDE_TUI_SSH: world.sshd.sshCommandWith(variant)});
		const wrong = await world.local.cli(['ls'], {env: withSsh({knownHost: 'wrong'})});
		assert.match(wrong.stderr, /^claude-tui: gpu \(ssh:\/\/.*\): its host key is not the one known_hosts has for it \(line 1 of .*known_hosts\.wrong\)\. Someone may be intercepting the connection.*ssh-keygen -R/m);
		assert.match(wrong.stdout, /^gpu\s+-\s+-\s+unreachable/m);
		const wrongSend = await world.local.cli(['send', 'gpu:up', 'text'], {env: withSsh({knownHost: 'wrong'})});
		assertError(wrongSend, /its host key is not the one known_hosts has for it/);

		assertError(await world.local.cli(['capture', 'gpu:up'], {env: withSsh({knownHost: 'none'})}), /^claude-tui: gpu \(.*\): its host key is not known here\. Connect once with `ssh ssh:\/\/.*` to check and accept it/m);
		assertError(await world.local.cli(['capture', 'gpu:up'], {env: withSsh({key: 'stranger'})}), /^claude-tui: gpu \(.*\): it accepted none of the keys ssh offered\. Add your public key .*ssh-copy-id/m);
		// Nothing was typed into the session through any of them.
		assert.doesNotMatch(await world.local.ok(['capture', 'gpu:up']), /text/);
	});
});
