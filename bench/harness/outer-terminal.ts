// The user's terminal: a client (claude-tui or tmux attach) runs on a PTY we own, and everything it writes is
// counted, timed, searched for byte patterns and parsed into a headless xterm that stands for the screen.
import type xterm from '@xterm/headless';
import * as pty from 'node-pty';
import {createEmulator} from '../../source/terminal/emulator.js';
import {DeadlineError} from './deadline.js';

export type OuterTerminalOptions = {
	command: string;
	args: string[];
	cols: number;
	rows: number;
	env: NodeJS.ProcessEnv;
	cwd: string;
};

type OutputWaiter = {text: string; what: string; settle: (at: number) => void; fail: (error: Error) => void};

type ScreenWaiter = {
	test: () => boolean;
	minIntervalMs: number;
	lastCheck: number;
	timer: NodeJS.Timeout | undefined;
	settle: (at: number) => void;
	fail: (error: Error) => void;
};

// Output kept for pattern search after mark(): enough for any frame, bounded during a flood.
const keptOutputChars = 256 * 1024;

export class OuterTerminal {
	readonly cols: number;
	readonly rows: number;
	readonly pid: number;
	/** Bytes the client has written to its terminal, in total. */
	bytes = 0;
	/** performance.now() when the latest output arrived. */
	lastOutputAt = performance.now();
	exitCode: number | undefined;
	readonly exited: Promise<number>;
	private readonly child: pty.IPty;
	private readonly screen: xterm.Terminal;
	private readonly parse: (data: string) => void;
	private sinceMark = '';
	private readonly outputWaiters = new Set<OutputWaiter>();
	private readonly screenWaiters = new Set<ScreenWaiter>();

	constructor(options: OuterTerminalOptions) {
		this.cols = options.cols;
		this.rows = options.rows;
		this.screen = createEmulator({cols: options.cols, rows: options.rows});
		// Parse each chunk as it arrives: xterm's write() defers the first chunk of a burst by a timer, which
		// would add about a millisecond to every screen-based measurement.
		const core = (this.screen as unknown as {_core?: {writeSync?: (data: string) => void}})._core;
		this.parse = typeof core?.writeSync === 'function'
			? data => core.writeSync!(data)
			: data => this.screen.write(data);
		this.child = pty.spawn(options.command, options.args, {
			name: 'xterm-256color',
			cols: options.cols,
			rows: options.rows,
			cwd: options.cwd,
			env: definedOnly(options.env),
		});
		this.pid = this.child.pid;
		// A real terminal answers the client's queries (tmux asks for device attributes on attach).
		this.screen.onData(reply => {
			if (this.exitCode === undefined) {
				this.child.write(reply);
			}
		});
		this.child.onData(data => {
			this.receive(data);
		});
		this.exited = new Promise(resolve => {
			this.child.onExit(({exitCode}) => {
				this.exitCode = exitCode;
				this.failAll(`the client exited (code ${exitCode})`);
				resolve(exitCode);
			});
		});
	}

	/** Types `data` and returns the moment it was handed to the PTY. */
	write(data: string): number {
		const at = performance.now();
		this.child.write(data);
		return at;
	}

	/** Starts a fresh record of output for waitForOutput. */
	mark(): void {
		this.sinceMark = '';
	}

	/** Resolves with the arrival time of the output chunk that completed `text` (searched since mark()). */
	async waitForOutput(text: string, timeoutMs: number, what = JSON.stringify(text)): Promise<number> {
		if (this.sinceMark.includes(text)) {
			return this.lastOutputAt;
		}

		return this.waitWithDeadline<OutputWaiter>(timeoutMs, (settle, fail) => ({text, what, settle, fail}), this.outputWaiters, () => {
			const tail = JSON.stringify(this.sinceMark.slice(-300));
			return `${what} in the client's output; since the mark it wrote ${this.sinceMark.length} chars, ending ${tail}`;
		});
	}

	/**
	Resolves with the arrival time of the output after which `test` (which reads this screen) holds. It is
	checked after each chunk is parsed; `minIntervalMs` limits how often during a flood, and the time returned is
	still that of the output the screen reflects.
	*/
	async waitForScreen(test: () => boolean, {timeoutMs, minIntervalMs = 0, what = 'the screen'}: {timeoutMs: number; minIntervalMs?: number; what?: string}): Promise<number> {
		if (test()) {
			return this.lastOutputAt;
		}

		return this.waitWithDeadline<ScreenWaiter>(
			timeoutMs,
			(settle, fail) => ({test, minIntervalMs, lastCheck: 0, timer: undefined, settle, fail}),
			this.screenWaiters,
			() => `${what}. The screen shows:\n${this.screenText()}`,
		);
	}

	/** Waits until the client has written nothing for `quietMs`. */
	async waitForQuiet(quietMs: number, timeoutMs: number): Promise<void> {
		const deadline = performance.now() + timeoutMs;
		for (;;) {
			const quietFor = performance.now() - this.lastOutputAt;
			if (quietFor >= quietMs) {
				return;
			}

			if (performance.now() > deadline) {
				throw new DeadlineError(`Timed out after ${timeoutMs} ms waiting for the client to be quiet for ${quietMs} ms`);
			}

			await new Promise(resolve => {
				setTimeout(resolve, Math.max(1, quietMs - quietFor));
			});
		}
	}

	/** Whether the screen shows `text` anywhere. */
	shows(text: string): boolean {
		return this.screenText().includes(text);
	}

	/** The character in the cell at column x, row y of the screen ('' for an empty cell). */
	charAt(x: number, y: number): string {
		const buffer = this.screen.buffer.active;
		return buffer.getLine(buffer.viewportY + y)?.getCell(x)?.getChars() ?? '';
	}

	/** Where the client put the cursor. */
	cursor(): {x: number; y: number} {
		const buffer = this.screen.buffer.active;
		return {x: buffer.cursorX, y: buffer.cursorY};
	}

	/** The screen as text, one line per row, trailing blanks trimmed. */
	screenText(): string {
		const buffer = this.screen.buffer.active;
		const lines: string[] = [];
		for (let y = 0; y < this.screen.rows; y++) {
			lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
		}

		return lines.join('\n');
	}

	/** Detaches with `detachKeys` when given, waits a moment for the client to leave, then kills it. Never throws. */
	async close(detachKeys?: string): Promise<void> {
		if (this.exitCode === undefined && detachKeys) {
			this.child.write(detachKeys);
			await Promise.race([this.exited, new Promise(resolve => {
				setTimeout(resolve, 3000).unref();
			})]);
		}

		if (this.exitCode === undefined) {
			try {
				this.child.kill('SIGKILL');
			} catch {}

			await Promise.race([this.exited, new Promise(resolve => {
				setTimeout(resolve, 1000).unref();
			})]);
		}

		this.failAll('the terminal was closed');
		this.screen.dispose();
	}

	private async waitWithDeadline<W extends {settle: (at: number) => void; fail: (error: Error) => void}>(
		timeoutMs: number,
		make: (settle: (at: number) => void, fail: (error: Error) => void) => W,
		waiters: Set<W>,
		describe: () => string,
	): Promise<number> {
		if (this.exitCode !== undefined) {
			throw new Error(`The client had already exited (code ${this.exitCode}); cannot wait for ${describe()}`);
		}

		return new Promise<number>((resolve, reject) => {
			const timer = setTimeout(() => {
				done();
				reject(new DeadlineError(`Timed out after ${timeoutMs} ms waiting for ${describe()}`));
			}, timeoutMs);
			const done = () => {
				clearTimeout(timer);
				clearTimeout((waiter as Partial<ScreenWaiter>).timer);
				waiters.delete(waiter);
			};

			const waiter: W = make(
				at => {
					done();
					resolve(at);
				},
				error => {
					done();
					reject(new Error(`${error.message} while waiting for ${describe()}`));
				},
			);
			waiters.add(waiter);
		});
	}

	private receive(data: string): void {
		const at = performance.now();
		this.lastOutputAt = at;
		this.bytes += Buffer.byteLength(data);
		this.sinceMark += data;
		if (this.sinceMark.length > keptOutputChars * 2) {
			this.sinceMark = this.sinceMark.slice(-keptOutputChars);
		}

		for (const waiter of this.outputWaiters) {
			if (this.sinceMark.includes(waiter.text)) {
				waiter.settle(at);
			}
		}

		this.parse(data);
		for (const waiter of this.screenWaiters) {
			this.checkScreen(waiter, at);
		}
	}

	private checkScreen(waiter: ScreenWaiter, now: number): void {
		const wait = waiter.lastCheck + waiter.minIntervalMs - now;
		if (wait > 0) {
			// Checked again after the interval even if nothing more arrives, so the final screen is never missed.
			waiter.timer ??= setTimeout(() => {
				waiter.timer = undefined;
				this.checkScreen(waiter, performance.now());
			}, wait);
			return;
		}

		waiter.lastCheck = now;
		if (waiter.test()) {
			waiter.settle(this.lastOutputAt);
		}
	}

	private failAll(reason: string): void {
		for (const waiter of [...this.outputWaiters, ...this.screenWaiters]) {
			waiter.fail(new Error(reason));
		}
	}
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [key, value] of Object.entries(env)) {
		if (value !== undefined) {
			result[key] = value;
		}
	}

	return result;
}
