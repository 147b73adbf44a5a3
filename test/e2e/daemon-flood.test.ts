// Floods: an attached client is sent screens ("frames") instead of megabytes of raw output, ends with exactly the
// daemon's screen, and gets the raw stream back (keystroke echo included) once the session is calm.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type xterm from '@xterm/headless';
import {screenAnsi} from '../../source/terminal/rows.js';
import {daemonForSuite, RawConnection, waitFor} from '../helpers/daemon.js';
import {newTerminal} from '../helpers/screen.js';

// About 80 bytes a line: 125,000 lines are 10 MB.
const linesPerRound = 125_000;
const floodScript = [
	'for round in 1 2; do',
	'read go;',
	`seq -f "flood line %g, with text enough to make it about eighty bytes long, $round" 1 ${linesPerRound};`,
	String.raw`printf "\033[1;32mround-%s-done\033[0m\n" "$round";`,
	'done;',
	'exec cat',
].join(' ');

/**
A client's copy of a session, as a person's TUI keeps it: a terminal fed the attach snapshot, then every
`session.output` and `session.snapshot` in the order they arrived on the raw socket.
*/
class Mirror {
	readonly terminal: xterm.Terminal;
	private applied = 0;

	constructor(
		readonly connection: RawConnection,
		private readonly attachId: number,
	) {
		this.terminal = newTerminal(80, 24, 1000);
	}

	/** Applies the messages that arrived since the last call. */
	async catchUp(): Promise<void> {
		const {messages} = this.connection;
		for (; this.applied < messages.length; this.applied++) {
			const message = messages[this.applied];
			if (message.id === this.attachId) {
				this.terminal.resize(message.result.cols, message.result.rows);
				this.write(message.result.snapshot);
			} else if (message.method === 'session.output') {
				this.write(message.params.data);
			} else if (message.method === 'session.snapshot') {
				this.terminal.resize(message.params.cols, message.params.rows);
				this.write('\u001Bc' + message.params.snapshot);
			}
		}

		await new Promise<void>(resolve => {
			this.terminal.write('', resolve);
		});
	}

	/** Screen and colours, as `capture --ansi` gives the daemon's (no scrollback). */
	ansi(): string {
		return screenAnsi(this.terminal);
	}

	dispose(): void {
		this.terminal.dispose();
	}

	private write(data: string): void {
		this.terminal.write(data);
	}
}

describe('a flood', () => {
	const daemon = daemonForSuite();

	const attachRaw = async (session: string, id: number, extra = '') => {
		const connection = new RawConnection(await daemon.sandbox.rawSocket());
		connection.write(`{"jsonrpc":"2.0","id":${id},"method":"session.attach","params":{"session":"${session}"${extra}}}\n`);
		await connection.next(message => message.id === id);
		return connection;
	};

	const capture = async (name: string) => (await daemon.client.request('session.capture', {session: name, format: 'ansi'})).text;
	const captureText = async (name: string) => (await daemon.client.request('session.capture', {session: name})).text;

	/** Waits until the client is back on the raw stream and its mirror shows exactly what the daemon's screen does. */
	const converges = async (mirror: Mirror, name: string, what: string) => {
		let last = '';
		await waitFor(() => mirror.connection.messages.findLast(message => message.method === 'session.snapshot')?.params.final === true, {
			timeout: 30_000,
			message: `${what}: the final snapshot of the flood`,
		});
		await waitFor(async () => {
			await mirror.catchUp();
			last = mirror.ansi();
			return last === await capture(name);
		}, {timeout: 30_000, message: () => `${what}: the mirror to equal the daemon's screen; mirror:\n${JSON.stringify(last.slice(-400))}\ndaemon:\n${JSON.stringify(daemon.sandbox.log().slice(-400))}`});
	};

	test('clients get frames, not the flood, and end with exactly the daemon\'s screen; calm output streams raw again', async () => {
		const name = 'flood';
		await daemon.client.request('session.create', {command: 'sh', args: ['-c', floodScript], name, cols: 100, rows: 30});
		const early = await attachRaw(name, 1);
		const earlyMirror = new Mirror(early, 1);

		// Round one: the client was attached before it began.
		await daemon.client.request('session.input', {session: name, data: '\r'});
		await early.next(message => message.method === 'session.snapshot', 30_000);
		// Another client attaches in the middle of it.
		const late = await attachRaw(name, 7);
		const lateMirror = new Mirror(late, 7);
		await waitFor(async () => (await captureText(name)).includes('round-1-done'), {timeout: 60_000, message: 'the end of round one on the daemon\'s screen'});
		await converges(earlyMirror, name, 'round one, early client');
		await converges(lateMirror, name, 'round one, late client');

		// Round two: from raw streaming into frames and back again, on the same attachments.
		await daemon.client.request('session.input', {session: name, data: '\r'});
		await waitFor(async () => (await captureText(name)).includes('round-2-done'), {timeout: 60_000, message: 'the end of round two on the daemon\'s screen'});
		await converges(earlyMirror, name, 'round two, early client');
		await converges(lateMirror, name, 'round two, late client');

		const floodBytes = 2 * linesPerRound * 80;
		const received = early.socket.bytesRead;
		assert.ok(received < floodBytes / 4, `the early client read ${received} bytes of a ${floodBytes}-byte flood`);
		assert.ok(late.socket.bytesRead < floodBytes / 4, `the late client read ${late.socket.bytesRead} bytes`);
		assert.ok(early.messages.some(message => message.method === 'session.snapshot' && message.params.final === false), 'frames were sent during the floods');

		// Calm again: a typed character's echo comes back as raw output, and the mirror still matches.
		const outputsBefore = early.messages.length;
		await daemon.client.request('session.input', {session: name, data: 'typed-q'});
		await early.next(message => message.method === 'session.output' && String(message.params.data).includes('typed-q'));
		assert.ok(!early.messages.slice(outputsBefore).some(message => message.method === 'session.snapshot'), 'a keystroke\'s echo is not a frame');
		await daemon.client.request('session.input', {session: name, data: '\r'});
		// The child (cat) prints the line back: echo and output both, each exactly once.
		await waitFor(async () => (await captureText(name)).endsWith('round-2-done\ntyped-q\ntyped-q'), {message: 'cat to print the line back'});
		await converges(earlyMirror, name, 'after typing, early client');
		await converges(lateMirror, name, 'after typing, late client');

		earlyMirror.dispose();
		lateMirror.dispose();
		early.socket.destroy();
		late.socket.destroy();
		await daemon.client.request('session.remove', {session: name});
	});

	test('a client that asks for every byte (frames: false) gets the whole flood as output', async () => {
		const name = 'every-byte';
		await daemon.client.request('session.create', {command: 'sh', args: ['-c', 'read go; seq 1 300000; echo every-byte-done; exec cat'], name});
		const client = await attachRaw(name, 1, ',"frames":false');
		await daemon.client.request('session.input', {session: name, data: '\r'});
		const text = () => client.messages.filter(message => message.method === 'session.output').map(message => message.params.data as string).join('');
		await waitFor(() => text().includes('every-byte-done'), {timeout: 60_000, message: 'the whole stream'});
		assert.ok(!client.messages.some(message => message.method === 'session.snapshot'), 'no frames');
		const lines = text().split('\r\n').filter(line => /^\d+$/.test(line));
		assert.equal(lines.length, 300_000);
		client.socket.destroy();
		await daemon.client.request('session.remove', {session: name});
	});
});
