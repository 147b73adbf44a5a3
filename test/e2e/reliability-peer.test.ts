// Who can reach the daemon: the socket's directory is refused when it is a symbolic link, and every connection is
// checked from the kernel's word on the peer (SO_PEERCRED), both ways: the daemon refuses another user's client,
// the client refuses another user's daemon. The two-user tests create a user (`useradd`), so they need root; run
// as another user they say so and are skipped.
import assert from 'node:assert/strict';
import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {peerCredentials} from '../../source/native.js';
import {makeDaemonSandbox, type DaemonSandbox, waitFor} from '../helpers/daemon.js';

const peerUser = 'claude-tui-peer-test';
const isRoot = process.getuid?.() === 0;
const needsRoot = isRoot ? false : 'needs root to create a second user (useradd) and run a process as it';

/** The uid and gid of the test's second user, created if it does not exist. */
function secondUser(): {uid: number; gid: number} {
	// Made once and left in place: another run may be using it at the same moment.
	try {
		execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', peerUser], {stdio: 'ignore'});
	} catch {
		// It exists already (exit 9), or could not be made: `id` below says which.
	}

	return {
		uid: Number(execFileSync('id', ['-u', peerUser], {encoding: 'utf8'})),
		gid: Number(execFileSync('id', ['-g', peerUser], {encoding: 'utf8'})),
	};
}

/** Runs a small script as the second user; its stdout is collected. */
function runAs(user: {uid: number; gid: number}, script: string, args: string[] = []): ChildProcess & {output: () => string} {
	const child = spawn(process.execPath, ['-e', script, ...args], {uid: user.uid, gid: user.gid, cwd: '/', stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
	});
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
	});
	return Object.assign(child, {output: () => output});
}

test('peerCredentials names this process at both ends of a Unix socket', async () => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-peer-'));
	const net = await import('node:net');
	const socketPath = path.join(directory, 's');
	let fromServer: unknown;
	let fromClient: unknown;
	const server = net.createServer(socket => {
		fromServer = peerCredentials(socket);
	});
	await new Promise<void>(resolve => {
		server.listen(socketPath, resolve);
	});
	const client = net.createConnection(socketPath, () => {
		fromClient = peerCredentials(client);
	});
	await waitFor(() => fromServer !== undefined && fromClient !== undefined, {message: 'both ends to see each other'});
	client.destroy();
	server.close();
	const seen = {server: fromServer, client: fromClient};
	const me = {uid: process.getuid!(), gid: process.getgid!(), pid: process.pid};
	assert.deepEqual(seen, {server: me, client: me});
	fs.rmSync(directory, {recursive: true, force: true});
});

describe('the socket directory and the peers', () => {
	let sandbox: DaemonSandbox;
	const made: string[] = [];
	before(async () => {
		sandbox = await makeDaemonSandbox();
	});
	after(async () => {
		await sandbox.cleanup();
		for (const directory of made) {
			fs.rmSync(directory, {recursive: true, force: true});
		}
	});

	test('a socket directory that is a symbolic link is refused, even when it points to a private directory of ours', async () => {
		const real = path.join(sandbox.directory, 'real');
		fs.mkdirSync(real, {mode: 0o700});
		const link = path.join(sandbox.directory, 'link');
		fs.symlinkSync(real, link);
		const result = await sandbox.cli(['ls', '--socket', path.join(link, 'daemon.sock')]);
		assert.equal(result.exitCode, 1);
		assert.match(result.stderr, /link is a symbolic link; refusing to use it/);
		assert.deepEqual(fs.readdirSync(real), [], 'no daemon started there');
	});

	test('the daemon refuses a client of another user, even one that reaches the socket', {skip: needsRoot}, async () => {
		const user = secondUser();
		await sandbox.startForeground();
		// As if the socket were reachable another way (a hard link in an open directory, a loosened mode).
		const open = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-open-'));
		made.push(open);
		fs.chmodSync(open, 0o755);
		fs.linkSync(sandbox.socket, path.join(open, 'daemon.sock'));
		fs.chmodSync(sandbox.socket, 0o666);
		const client = runAs(user, String.raw`
			const socket = require('node:net').createConnection(process.argv[1]);
			socket.on('connect', () => socket.write('{"jsonrpc":"2.0","id":1,"method":"session.list"}\n'));
			socket.on('data', data => process.stdout.write(data));
			socket.on('error', error => console.log('error', error.code));
			socket.on('close', () => console.log('closed'));`, [path.join(open, 'daemon.sock')]);
		await waitFor(() => client.output().includes('closed'), {message: () => `the daemon to close the other user's connection: ${client.output()}`});
		assert.doesNotMatch(client.output(), /"result"/);
		assert.match(client.output(), /Refused: the client runs as uid \d+ \(pid \d+\); this daemon serves uid 0/);
		assert.match(sandbox.log(), /refused a connection: the client runs as uid/);
		// Our own clients still get in.
		assert.deepEqual(await (await sandbox.connect()).request('daemon.ping'), {pong: true});
	});

	test('a client refuses a daemon that runs as another user, even through a path in our private directory', {skip: needsRoot}, async () => {
		const user = secondUser();
		// The other user's fake daemon, in her own directory, answering every request with one session.
		const hers = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-hers-'));
		made.push(hers);
		fs.chownSync(hers, user.uid, user.gid);
		const fake = runAs(user, String.raw`
			const server = require('node:net').createServer(socket => {
				socket.on('data', data => {
					for (const line of String(data).split('\n').filter(Boolean)) {
						const {id} = JSON.parse(line);
						socket.write(JSON.stringify({jsonrpc: '2.0', id, result: {pong: true, sessions: [{id: 'fa4e', name: 'FAKE-SESSION', status: 'running', state: 'idle', cols: 80, rows: 24, clients: 0, cwd: '/', command: 'x', args: []}]}}) + '\n');
					}
				});
			});
			server.listen(process.argv[1], () => console.log('listening'));`, [path.join(hers, 'fake.sock')]);
		await waitFor(() => fake.output().includes('listening'), {message: () => `the fake daemon to listen: ${fake.output()}`});
		// Our private socket directory, with her socket linked in: the directory check passes, the peer check must not.
		const ours = path.join(sandbox.directory, 'ours');
		fs.mkdirSync(ours, {mode: 0o700});
		fs.linkSync(path.join(hers, 'fake.sock'), path.join(ours, 'daemon.sock'));
		const result = await sandbox.cli(['ls', '--socket', path.join(ours, 'daemon.sock')]);
		fake.kill();
		assert.doesNotMatch(result.stdout, /FAKE-SESSION/);
		assert.equal(result.exitCode, 1);
		assert.match(result.stderr, new RegExp(`The daemon on .*daemon\\.sock runs as uid ${user.uid}, not as you \\(uid 0\\); refusing to talk to it`));
	});
});
