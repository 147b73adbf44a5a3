// What the daemon accepts of a request beyond its types (params.ts): screen sizes, names, signals, and why a session
// could not start, in words.
import fs from 'node:fs';
import os from 'node:os';
import {hasUnsafeCharacters} from '../display-text.js';
import {errorCodes, RpcError} from '../protocol.js';
import type {Params} from './params.js';

const maxDimension = 1000;
const maxCells = 200_000;

/**
A screen of at most maxCells: serializing one of 1000x1000 (for an attach, a snapshot, a rotated recording's
preamble) held the daemon's loop for 0.8 s, 200,000 cells (500x400) about 0.1 s. A 4K display in a small font is
about 550x155.
*/
export function checkArea(cols: number | undefined, rows: number | undefined): void {
	if (cols !== undefined && rows !== undefined && cols * rows > maxCells) {
		throw new RpcError(errorCodes.invalidParams, `Invalid params: "cols" x "rows" must be at most ${maxCells.toLocaleString('en')} cells, not ${cols}x${rows}`);
	}
}

export function dimension(params: Params, key: 'cols' | 'rows'): number | undefined {
	return params.optionalInteger(key, 1, maxDimension);
}

export function clampDimension(value: number | undefined, fallback: number): number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= maxDimension ? value : fallback;
}

export function checkName(name: string): string {
	const trimmed = name.trim();
	// Names are printed everywhere (ls, the sidebar, notifications): no control or bidi characters (see display-text.ts).
	if (trimmed === '' || trimmed.length > 64 || hasUnsafeCharacters(trimmed)) {
		throw new RpcError(errorCodes.invalidParams, 'Invalid params: "name" must be 1-64 printable characters, without control or bidirectional formatting characters');
	}

	return trimmed;
}

export function normalizeSignal(signal: string): string {
	const name = signal.toUpperCase().startsWith('SIG') ? signal.toUpperCase() : `SIG${signal.toUpperCase()}`;
	if (!(name in os.constants.signals)) {
		throw new RpcError(errorCodes.invalidParams, `Invalid params: "signal" is not a signal name: ${signal}`);
	}

	return name;
}

/**
Why a PTY could not be had, in words: node-pty says only "forkpty(3) failed." The usual cause is a daemon out of file
descriptors (each session holds a few, and starting one takes several at once): within a few of its limit (Linux:
/proc/self/limits), or unable to open one more.
*/
export function spawnFailure(error: unknown): string {
	const message = (error as Error).message;
	if (outOfFileDescriptors()) {
		return 'the daemon is out of file descriptors (EMFILE); end some sessions (claude-tui rm) or raise its limit (ulimit -n) and restart it';
	}

	return /forkpty/.test(message) ? `${message} (no pseudo-terminal could be had: the system may be out of PTYs, see /proc/sys/kernel/pty/max)` : message;
}

function outOfFileDescriptors(): boolean {
	try {
		const limit = /^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'))?.[1];
		const open = fs.readdirSync('/proc/self/fd').length;
		return limit !== undefined && open + 8 >= Number(limit);
	} catch (probe) {
		const code = (probe as NodeJS.ErrnoException).code;
		return code === 'EMFILE' || code === 'ENFILE';
	}
}
