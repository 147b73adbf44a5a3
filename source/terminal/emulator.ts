// Every terminal emulator claude-tui runs is made here, so all of them measure characters alike and none of them
// writes to the console: the daemon's session screens, the history renderer, and the tests' stand-ins for a user's
// screen.
import xterm from '@xterm/headless';
import {useUnicode11} from './unicode.js';

export type EmulatorOptions = {
	cols: number;
	rows: number;
	scrollback?: number;
	/**
	Where xterm's own complaints go, at most one line a minute (a binary file's DEL bytes make it report a parsing
	error for every one: 2.7 MB of log for 100 KB of text). Without it they are dropped.
	*/
	log?: (message: string) => void;
	/** Extra xterm options (e.g. scrollOnEraseInDisplay for the history renderer). */
	options?: xterm.ITerminalOptions;
};

const logEveryMs = 60_000;

export function createEmulator({cols, rows, scrollback = 0, log, options}: EmulatorOptions): xterm.Terminal {
	const terminal = new xterm.Terminal({
		cols,
		rows,
		scrollback,
		allowProposedApi: true,
		logLevel: log ? 'warn' : 'off',
		logger: log ? rateLimitedLogger(log) : undefined,
		// The reports a program may ask of its window: xterm.js answers the size in characters and keeps the title
		// stack, replies.ts answers the rest. Moving, resizing or raising the window stays refused.
		windowOptions: {
			getWinSizeChars: true,
			getScreenSizeChars: true,
			getWinSizePixels: true,
			getScreenSizePixels: true,
			getCellSizePixels: true,
			getWinState: true,
			getWinPosition: true,
			pushTitle: true,
			popTitle: true,
		},
		...options,
	});
	useUnicode11(terminal);
	return terminal;
}

function rateLimitedLogger(log: (message: string) => void): xterm.ILogger {
	let lastAt = Number.NEGATIVE_INFINITY;
	let dropped = 0;
	const report = (level: string) => (message: string) => {
		const now = Date.now();
		if (now - lastAt < logEveryMs) {
			dropped++;
			return;
		}

		lastAt = now;
		log(`xterm ${level}: ${message.trim()}${dropped > 0 ? ` (and ${dropped} more in the last minute)` : ''}`);
		dropped = 0;
	};

	const ignore = () => {};
	return {trace: ignore, debug: ignore, info: ignore, warn: report('warning'), error: report('error')};
}
