// The user's terminal for the TUI run in-process: a headless xterm that stands for their screen, behind a stdin
// and stdout the TUI takes as its TTY. What the TUI writes is drawn there; what the terminal answers (device
// attributes, for the start-up probe) and what a test types come back on stdin.
import {PassThrough, Writable} from 'node:stream';
import type xterm from '@xterm/headless';
import {newTerminal, screenText} from './screen.js';

export class OuterTerminal {
	readonly screen: xterm.Terminal;
	readonly stdin: NodeJS.ReadStream;
	readonly stdout: NodeJS.WriteStream;
	private drawing: Promise<void> = Promise.resolve();

	constructor(cols = 100, rows = 30) {
		this.screen = newTerminal(cols, rows);
		const input = new PassThrough() as unknown as NodeJS.ReadStream & {isRaw: boolean};
		Object.assign(input, {
			isTTY: true,
			isRaw: false,
			setRawMode(mode: boolean) {
				input.isRaw = mode;
				return input;
			},
		});
		this.stdin = input;
		const screen = this.screen;
		const output = new Writable({
			write: (chunk: Uint8Array | string, _encoding, callback) => {
				const data = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
				this.drawing = this.drawing.then(async () => new Promise<void>(resolve => {
					screen.write(data, resolve);
				}));
				callback();
			},
		}) as unknown as NodeJS.WriteStream;
		Object.assign(output, {isTTY: true, columns: cols, rows});
		this.stdout = output;
		this.screen.onData(data => {
			this.stdin.push(data);
		});
	}

	type(data: string): void {
		this.stdin.push(data);
	}

	resize(cols: number, rows: number): void {
		this.screen.resize(cols, rows);
		Object.assign(this.stdout, {columns: cols, rows});
		this.stdout.emit('resize');
	}

	/** The screen's text once everything written so far is drawn. */
	async text(): Promise<string[]> {
		await this.drawing;
		return screenText(this.screen);
	}

	/** Waits until the screen shows what `check` looks for (the TUI paints at the end of a turn, a frame at a time). */
	async waitFor(check: (lines: string[]) => boolean, what: string, timeoutMs = 5000): Promise<string[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const lines = await this.text();
			if (check(lines)) {
				return lines;
			}

			if (Date.now() > deadline) {
				throw new Error(`The screen never showed ${what}:\n${lines.join('\n')}`);
			}

			await new Promise(resolve => {
				setTimeout(resolve, 10);
			});
		}
	}
}
