// A person at a terminal: runs a real program in a PTY of fixed size and feeds everything it writes into a
// headless xterm that stands for the user's screen. Tests type into it and read that screen back.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type xterm from '@xterm/headless';
import * as pty from 'node-pty';
import {createEmulator} from '../../source/terminal/emulator.js';

export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const repoRoot = path.dirname(path.dirname(cliPath));

/**
Tests run the built CLI. A dist/ older than a file in source/ (one test file run alone after an edit) would test
code that is not there any more: that is an error, not a stale pass. `npm test` builds first.
*/
function assertFreshBuild(): void {
	const built = fs.statSync(cliPath, {throwIfNoEntry: false})?.mtimeMs;
	if (built === undefined) {
		throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
	}

	const sourceDirectory = path.join(repoRoot, 'source');
	for (const file of fs.readdirSync(sourceDirectory, {recursive: true, encoding: 'utf8'})) {
		if (fs.statSync(path.join(sourceDirectory, file)).mtimeMs > built) {
			throw new Error(`dist/ is older than source/${file}: run \`npm run build\` first (npm test does)`);
		}
	}
}

assertFreshBuild();

// Synchronized output: the TUI paints each frame between these (DEC mode 2026).
const syncBegin = '\u001B[?2026h';
const syncEnd = '\u001B[?2026l';

export type TerminalOptions = {
	command?: string;
	args: string[];
	cols?: number;
	rows?: number;
	env: NodeJS.ProcessEnv;
	cwd?: string;
};

export class UserTerminal {
	readonly screen: xterm.Terminal;
	readonly child: pty.IPty;
	output = '';
	exitCode: number | undefined;
	readonly exited: Promise<number>;
	private parsed: Promise<void> = Promise.resolve();
	private midFrame = false;

	constructor(options: TerminalOptions) {
		const cols = options.cols ?? 120;
		const rows = options.rows ?? 32;
		// Measures characters as the daemon's terminals do (Unicode 11: an emoji is two cells), as modern terminals do.
		this.screen = createEmulator({cols, rows, scrollback: 1000});
		this.child = pty.spawn(options.command ?? process.execPath, options.args, {
			name: 'xterm-256color',
			cols,
			rows,
			cwd: options.cwd ?? repoRoot,
			env: options.env as Record<string, string>,
		});
		// The user's terminal answers queries, as a real one would.
		this.screen.onData(reply => {
			if (this.exitCode === undefined) {
				this.child.write(reply);
			}
		});
		this.child.onData(data => {
			this.output += data;
			// A frame arrives in more than one chunk when it is large; the screen is only read between frames.
			const begin = data.lastIndexOf(syncBegin);
			const end = data.lastIndexOf(syncEnd);
			if (begin !== -1 || end !== -1) {
				this.midFrame = begin > end;
			}

			this.parsed = new Promise(resolve => {
				this.screen.write(data, resolve);
			});
		});
		this.exited = new Promise(resolve => {
			this.child.onExit(({exitCode}) => {
				this.exitCode = exitCode;
				resolve(exitCode);
			});
		});
	}

	/** The screen as text, one line per row, trailing blanks trimmed. */
	text(): string {
		const buffer = this.screen.buffer.active;
		const lines: string[] = [];
		for (let y = 0; y < this.screen.rows; y++) {
			lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
		}

		return lines.join('\n');
	}

	line(y: number): string {
		const buffer = this.screen.buffer.active;
		return buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '';
	}

	cell(x: number, y: number): xterm.IBufferCell | undefined {
		const buffer = this.screen.buffer.active;
		return buffer.getLine(buffer.viewportY + y)?.getCell(x);
	}

	type(data: string): void {
		this.child.write(data);
	}

	resize(cols: number, rows: number): void {
		this.screen.resize(cols, rows);
		this.child.resize(cols, rows);
	}

	/** Waits until the screen satisfies `check`; fails with the screen in the message when it never does. */
	async waitFor(check: RegExp | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		const test = typeof check === 'function' ? check : (screen: string) => check.test(screen);
		for (;;) {
			await this.parsed;
			const screen = this.text();
			if (!this.midFrame && test(screen)) {
				return screen;
			}

			if (Date.now() > deadline) {
				throw new Error(`Timed out waiting for ${String(check)}. The screen shows:\n${screen}`);
			}

			await new Promise(resolve => {
				setTimeout(resolve, 25);
			});
		}
	}

	async waitForExit(timeoutMs = 10_000): Promise<number> {
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_resolve, reject) => {
			timer = setTimeout(() => {
				reject(new Error(`The program did not exit. The screen shows:\n${this.text()}`));
			}, timeoutMs);
		});
		try {
			const code = await Promise.race([this.exited, timeout]);
			await this.parsed;
			return code;
		} finally {
			clearTimeout(timer);
		}
	}

	kill(): void {
		if (this.exitCode === undefined) {
			this.child.kill('SIGKILL');
		}

		this.screen.dispose();
	}
}
