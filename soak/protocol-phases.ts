// Soak phases against one daemon's protocol: fuzzed requests, abandoned and slow connections, clients killed and
// stopped mid-flood. Each returns a row of the table; "lost" counts what the daemon promised and did not keep.
import {spawn} from 'node:child_process';
import net from 'node:net';
import {setTimeout as delay} from 'node:timers/promises';
import type {DaemonClient} from '../source/client.js';
import {type DaemonSandbox, RawConnection} from '../test/helpers/daemon.js';
import {answersPing, cpuSeconds, openDescriptors, Random, replyIds, residentMb, type SoakOptions, type SoakRow} from './common.js';

const methods = [
	'daemon.ping', 'daemon.status', 'events.subscribe', 'events.unsubscribe', 'session.create', 'session.list', 'session.get',
	'session.attach', 'session.detach', 'session.input', 'session.resize', 'session.kill', 'session.rename', 'session.remove',
	'session.capture', 'session.restore', 'session.report', 'no.such.method', '__proto__', 'constructor', 'toString',
] as const;
// Only harmless programs are ever started by a fuzzed session.create.
const commands = ['cat', 'true', 'sleep', '/nonexistent/program', '', 'ca\u0000t', '../../../bin/true'];
const words = [
	'', ' ', 'a', 'fuzz', '../../etc/passwd', '/proc/self/mem', '\u0000', 'x\u001B]0;t\u0007', '\u009B2J', '\u202Eevil', 'é✳日本🙂',
	'SIGKILL', 'HUP', 'busy', 'waiting', 'idle', 'ansi', 'text', '{"jsonrpc":"2.0"}', '\n', '\r\n', '\uD800', 'x'.repeat(70), 'y'.repeat(5000),
];

function value(random: Random, depth = 0): unknown {
	switch (random.integer(depth > 2 ? 5 : 8)) {
		case 0: {
			return random.pick(words);
		}

		case 1: {
			return random.pick([-1, 0, 1, 2, 24, 80, 999, 1000, 1001, 1.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308]);
		}

		case 2: {
			return random.chance(0.5);
		}

		case 3: {
			return null;
		}

		case 4: {
			return random.pick(commands);
		}

		case 5: {
			return Array.from({length: random.integer(4)}, () => value(random, depth + 1));
		}

		default: {
			return Object.fromEntries(Array.from({length: random.integer(4)}, () => [random.pick(words.slice(0, 12)), value(random, depth + 1)]));
		}
	}
}

const paramKeys = ['session', 'name', 'command', 'args', 'cwd', 'env', 'cols', 'rows', 'data', 'signal', 'format', 'scrollback', 'readOnly', 'frames', 'state', 'detail', 'recordInput'];

/** One fuzzed line: garbage, broken or odd JSON, or a request with random params; `id` set when it wants a reply. */
function fuzzedLine(random: Random, id: number, sessions: readonly string[]): {line: string; wantsReply: boolean} {
	const kind = random.integer(10);
	if (kind === 0) {
		return {line: Array.from({length: random.integer(200)}, () => String.fromCodePoint(random.integer(0x1_00))).join('').replaceAll('\n', ''), wantsReply: false};
	}

	if (kind === 1) {
		return {line: JSON.stringify({jsonrpc: '2.0', id, method: 'daemon.ping'}).slice(0, random.integer(40)), wantsReply: false};
	}

	if (kind === 2) {
		return {line: JSON.stringify(value(random)), wantsReply: false};
	}

	if (kind === 3) {
		// Deep nesting: JSON.parse must fail or succeed, never take the daemon down.
		const depth = 1000 + random.integer(20_000);
		return {line: '['.repeat(depth) + ']'.repeat(random.chance(0.5) ? depth : 1), wantsReply: false};
	}

	const method = random.pick(methods);
	const params: Record<string, unknown> = {};
	for (const key of paramKeys) {
		if (random.chance(0.25)) {
			// A session param names a fuzz session or none: a random word could be a prefix of the control session's id.
			params[key] = key === 'session' ? (random.chance(0.7) && sessions.length > 0 ? random.pick(sessions) : random.pick(['no-such-session', 'zz', 'é', 7, null, ['x']])) : value(random);
		}
	}

	if (method === 'session.create') {
		params['command'] = random.pick(commands);
		params['name'] = `fuzz-${id}`;
	}

	const request = {jsonrpc: random.chance(0.95) ? '2.0' : random.pick(['1.0', 2, null]), id: random.chance(0.9) ? id : undefined, method, params: random.chance(0.9) ? params : value(random)};
	const line = JSON.stringify(random.chance(0.05) ? [request, request] : request);
	return {line, wantsReply: request.id !== undefined && request.jsonrpc === '2.0'};
}

export async function fuzzPhase(sandbox: DaemonSandbox, control: DaemonClient, options: SoakOptions): Promise<SoakRow> {
	const random = new Random(options.seed);
	const total = options.quick ? 10_000 : 60_000;
	const perConnection = 500;
	let sent = 0;
	let answered = 0;
	let unanswered = 0;
	let closedByDesign = 0;
	const controlInfo = await control.request('session.get', {session: 'control'});
	while (sent < total) {
		const connection = new RawConnection(await sandbox.rawSocket());
		const expected: number[] = [];
		const lines = new Map<number, string>();
		const {sessions} = await control.request('session.list');
		// Never the control session: the fuzz may kill, remove or rename anything else.
		const targets = sessions.filter(session => session.name !== 'control').flatMap(session => [session.name, session.id, session.id.slice(0, 3)]);
		for (let index = 0; index < perConnection && sent < total; index++, sent++) {
			const id = sent + 1;
			if (random.chance(0.0005)) {
				// Past the 1 MiB line limit: the daemon closes this connection, by design.
				connection.socket.write('"' + 'z'.repeat(1_100_000) + '"\n');
				break;
			}

			const {line, wantsReply} = fuzzedLine(random, id, targets);
			if (line.includes('daemon.shutdown')) {
				continue;
			}

			connection.socket.write(line + '\n');
			if (wantsReply) {
				expected.push(id);
				lines.set(id, line);
			}
		}

		// A reply to every request, unless the daemon closed the connection as it says it does (oversized line, 100
		// bad lines in a row).
		connection.socket.write(JSON.stringify({jsonrpc: '2.0', id: 'end', method: 'daemon.ping'}) + '\n');
		const deadline = Date.now() + 20_000;
		while (!replyIds(connection).has('end') && !connection.closed && Date.now() < deadline) {
			await delay(10);
		}

		if (connection.closed) {
			closedByDesign++;
		} else {
			// Replies to slow requests (a capture, a removal) may follow the last ping's.
			const settled = Date.now() + 3000;
			while (expected.some(id => !replyIds(connection).has(id)) && Date.now() < settled) {
				await delay(20);
			}

			const replies = replyIds(connection);
			answered += expected.filter(id => replies.has(id)).length;
			const missing = expected.filter(id => !replies.has(id));
			unanswered += missing.length;
			for (const id of missing.slice(0, 3)) {
				options.log(`no reply to request ${id}: ${lines.get(id)?.slice(0, 300)}`);
			}
		}

		connection.socket.destroy();
	}

	const after = await control.request('session.get', {session: 'control'});
	const controlLost = after.status === 'running' && after.pid === controlInfo.pid ? 0 : 1;
	const alive = await answersPing(sandbox.socket);
	// The fuzz may have started sessions; they go now.
	const {sessions} = await control.request('session.list');
	await Promise.all(sessions.filter(session => session.name !== 'control').map(async session => control.request('session.remove', {session: session.id}).catch(() => {})));
	return {
		what: 'fuzzed requests (garbage, broken JSON, deep nesting, random params, 1.1 MB lines)',
		count: sent,
		survived: alive ? sent - unanswered : 0,
		lost: unanswered + controlLost + (alive ? 0 : 1),
		note: `${answered} replies; ${closedByDesign} connections closed by the daemon as documented; control session ${controlLost ? 'LOST' : 'kept'}`,
	};
}

export async function abandonedPhase(sandbox: DaemonSandbox, options: SoakOptions): Promise<SoakRow> {
	const pid = await sandbox.daemonPid();
	const before = openDescriptors(pid);
	const count = options.quick ? 300 : 1000;
	for (let batch = 0; batch < count; batch += 100) {
		const sockets = await Promise.all(Array.from({length: 100}, async (_, index) => new Promise<net.Socket>(resolve => {
			const socket = net.createConnection(sandbox.socket, () => {
				// Half a request, an attach, a subscribe: then gone without a word.
				socket.write(index % 3 === 0 ? '{"jsonrpc":"2.0","id":1,"meth' : index % 3 === 1 ? '{"jsonrpc":"2.0","id":1,"method":"events.subscribe"}\n' : '{"jsonrpc":"2.0","id":1,"method":"session.attach","params":{"session":"control"}}\n');
				resolve(socket);
			});
			socket.on('error', () => {
				resolve(socket);
			});
		})));
		for (const socket of sockets) {
			socket.destroy();
		}
	}

	await delay(1000);
	const after = openDescriptors(pid);
	const status = await (await sandbox.connect()).request('daemon.status');
	const leaked = Math.max(0, after - before - 2);
	return {
		what: 'abandoned connections (half a line, a subscribe, an attach, then gone)',
		count,
		survived: (await answersPing(sandbox.socket)) ? count - leaked : 0,
		lost: leaked,
		note: `descriptors ${before} before, ${after} after; ${status.clients} clients left`,
	};
}

export async function slowPhase(sandbox: DaemonSandbox, options: SoakOptions): Promise<SoakRow> {
	const pid = await sandbox.daemonPid();
	const count = 20;
	const seconds = options.quick ? 3 : 8;
	const sockets = await Promise.all(Array.from({length: count}, async () => new Promise<net.Socket>(resolve => {
		const socket = net.createConnection(sandbox.socket, () => {
			resolve(socket);
		});
		socket.on('error', () => {});
	})));
	const cpuBefore = cpuSeconds(pid);
	const started = Date.now();
	// A half-line dribbled 2 bytes a millisecond on each connection.
	const timer = setInterval(() => {
		for (const socket of sockets) {
			socket.write('ab');
		}
	}, 1);
	let worstPingMs = 0;
	while (Date.now() - started < seconds * 1000) {
		const pingStarted = performance.now();
		await answersPing(sandbox.socket);
		worstPingMs = Math.max(worstPingMs, performance.now() - pingStarted);
		await delay(200);
	}

	clearInterval(timer);
	const cpu = (cpuSeconds(pid) - cpuBefore) / ((Date.now() - started) / 1000);
	for (const socket of sockets) {
		socket.destroy();
	}

	const alive = await answersPing(sandbox.socket);
	return {
		what: `slow connections (a half-line at 2 bytes/ms each, ${seconds} s)`,
		count,
		survived: alive ? count : 0,
		lost: alive ? 0 : 1,
		note: `daemon CPU ${Math.round(cpu * 100)}% for all ${count}; slowest ping ${Math.round(worstPingMs)} ms`,
	};
}

export async function killedClientsPhase(sandbox: DaemonSandbox, control: DaemonClient, options: SoakOptions): Promise<SoakRow> {
	const pid = await sandbox.daemonPid();
	const flood = await control.request('session.create', {name: 'flood', command: 'sh', args: ['-c', 'while :; do seq 1 20000; done']});
	const count = options.quick ? 6 : 16;
	const client = String.raw`
		const socket = require('node:net').createConnection(process.argv[1], () => {
			socket.write('{"jsonrpc":"2.0","id":1,"method":"events.subscribe"}\n');
			socket.write(JSON.stringify({jsonrpc: '2.0', id: 2, method: 'session.attach', params: {session: 'flood', frames: process.argv[2] === 'frames'}}) + '\n');
		});
		socket.on('data', () => {});
		socket.on('error', () => {});`;
	const children = Array.from({length: count}, (_, index) => spawn(process.execPath, ['-e', client, sandbox.socket, index % 2 === 0 ? 'frames' : 'stream'], {stdio: 'ignore'}));
	await delay(1500);
	// Half are killed outright, half stopped (they hold their connection but never read again).
	for (const [index, child] of children.entries()) {
		child.kill(index % 2 === 0 ? 'SIGKILL' : 'SIGSTOP');
	}

	const peakMb = residentMb(pid);
	await delay(options.quick ? 7000 : 9000);
	const status = await control.request('daemon.status');
	const rssMb = residentMb(pid);
	const floodAfter = await control.request('session.get', {session: 'flood'});
	for (const child of children) {
		child.kill('SIGCONT');
		child.kill('SIGKILL');
	}

	await control.request('session.remove', {session: flood.id});
	const alive = await answersPing(sandbox.socket);
	const lost = (alive ? 0 : 1) + (floodAfter.status === 'running' ? 0 : 1);
	return {
		what: 'clients killed (SIGKILL) and stopped (SIGSTOP) while attached to a flooding session',
		count,
		survived: alive ? count : 0,
		lost,
		note: `flooding session ${floodAfter.status}; daemon RSS ${Math.round(peakMb)} MB at the kills, ${Math.round(rssMb)} MB 9 s later; ${status.clients - 2} stopped clients still connected, their output held back (1 MB each at most)`,
	};
}
