// Writing a recording (asciicast v2, see asciicast.ts): buffered, batched appends that never block or throw, rotation
// into generations, and continuing a file after a restart.
import fs from 'node:fs/promises';
import path from 'node:path';
import {type CastHeader, CastFormatError, generationFile} from './asciicast.js';
import {inspectCast} from './cast-reader.js';
import {defaultMaxBytes} from './settings.js';

const defaultFlushIntervalMs = 50;
const defaultFlushBytes = 64 * 1024;
const defaultMaxPendingBytes = 32 * 1024 * 1024;
const maxSliceChars = 1024 * 1024;

export type CastWriterOptions = {
	file: string;
	width: number;
	height: number;
	command?: string;
	title?: string;
	/** Goes into the header's env; default TERM=xterm-256color and the daemon's SHELL. */
	env?: Record<string, string>;
	/** Rotate once the current file reaches this size. Default 64 MiB. */
	maxBytes?: number;
	/** Older generations kept on rotation (`<name>.1.cast` newest of them ... `<name>.N.cast`). Default 1. */
	generations?: number;
	/**
	Called (synchronously, at the exact point in the stream where rotation happens) for ANSI that rebuilds the
	current screen, written as the first event of the new file so that it plays on its own. Pass
	`() => session.terminal.snapshot(0)`. Without it the new file starts from a blank screen.
	*/
	preamble?: () => string;
	/**
	Continue the recording already at `file` (after a daemon restart or a restore): events carry on on its time
	base, a partial last line left by a crash is cut off, and a resize event records the current size. A missing
	file, or one whose header is unreadable (moved aside to `<file>.corrupt`), starts afresh. Default false:
	start a new recording, replacing any file and older generations at this path.
	*/
	append?: boolean;
	/** Batching: write at most this long after an event ... */
	flushIntervalMs?: number;
	/** ... or as soon as this many characters wait. */
	flushBytes?: number;
	/** If the disk cannot keep up and this many characters wait in memory, recording stops with an error. */
	maxPendingBytes?: number;
	/** Wall clock in ms; injectable for tests. */
	now?: () => number;
	/** Called once when recording stops on an error (ENOSPC, EACCES, ...). Never thrown. */
	onError?: (error: Error) => void;
};

type PendingEvent = [ms: number, type: string, data: string];

/**
Records one session. Methods never throw and never block: events are buffered in memory and written with one
append per ~50 ms or per 64 KiB, whichever comes first (while a write is in flight, events gather into the next
one, so a flood costs a few large writes). On a disk error, `onError` is called once and recording stops.
*/
export class CastWriter {
	readonly file: string;
	/** Set once recording has stopped on an error. */
	error: Error | undefined;
	readonly stats = {events: 0, writes: 0, bytesWritten: 0, rotations: 0};

	private readonly options: CastWriterOptions;
	private readonly maxBytes: number;
	private readonly generations: number;
	private readonly flushIntervalMs: number;
	private readonly flushBytes: number;
	private readonly maxPendingBytes: number;
	private readonly now: () => number;
	private width: number;
	private height: number;
	private pending: PendingEvent[] = [];
	private pendingChars = 0;
	private timer: NodeJS.Timeout | undefined;
	private queued = false;
	private chain: Promise<void>;
	private handle: fs.FileHandle | undefined;
	private fileBytes = 0;
	// Time 0 of the current file, in ms, and its header timestamp in whole seconds.
	private baseMs: number;
	private timestamp: number;
	private lastTime = 0;
	private closed = false;
	private writingChars = 0;
	// Built now: the header holds the size at the start, whatever resizes come before the file is open.
	private readonly firstHeader: string;

	constructor(options: CastWriterOptions) {
		this.options = options;
		this.file = options.file;
		this.width = options.width;
		this.height = options.height;
		this.maxBytes = options.maxBytes ?? defaultMaxBytes;
		this.generations = Math.max(0, Math.floor(options.generations ?? 1));
		this.flushIntervalMs = options.flushIntervalMs ?? defaultFlushIntervalMs;
		this.flushBytes = options.flushBytes ?? defaultFlushBytes;
		this.maxPendingBytes = options.maxPendingBytes ?? defaultMaxPendingBytes;
		this.now = options.now ?? Date.now;
		this.baseMs = this.now();
		this.timestamp = Math.floor(this.baseMs / 1000);
		this.firstHeader = this.headerLine(false);
		this.chain = this.open().catch(error => {
			this.fail(error);
		});
	}

	/**
	Characters recorded but not yet on disk. A caller that prefers pausing the PTY to losing the recording (see
	maxPendingBytes) can pause above a few MiB and resume after `flush()`.
	*/
	get backlog(): number {
		return this.pendingChars + this.writingChars;
	}

	/** True while events are still being recorded. */
	get recording(): boolean {
		return !this.error && !this.closed;
	}

	output(data: string): void {
		this.push('o', data);
	}

	/** Only call when the user turned input recording on: input may hold passwords. */
	input(data: string): void {
		this.push('i', data);
	}

	resize(cols: number, rows: number): void {
		if (cols === this.width && rows === this.height) {
			return;
		}

		this.width = cols;
		this.height = rows;
		this.push('r', `${cols}x${rows}`);
	}

	/** A marker event ("m", asciicast 2.2+), e.g. "restored"; players may pause or list them. */
	marker(label = ''): void {
		this.push('m', label, true);
	}

	/** Resolves once everything recorded so far is written (or recording has stopped). Never rejects. */
	async flush(): Promise<void> {
		this.kick();
		return this.chain;
	}

	/** Writes what is buffered and closes the file. Further events are ignored. Never rejects. */
	async close(): Promise<void> {
		if (!this.closed) {
			// Refuse new events first: everything pushed before this call is in the last write.
			this.closed = true;
			this.kick();
			this.chain = this.chain.then(async () => {
				this.clearTimer();
				await this.closeHandle().catch(() => {});
			});
		}

		return this.chain;
	}

	private push(type: string, data: string, allowEmpty = false): void {
		if (this.error || this.closed || (data === '' && !allowEmpty)) {
			return;
		}

		this.pending.push([this.now(), type, data]);
		this.pendingChars += data.length + 16;
		this.stats.events++;
		if (this.pendingChars > this.maxPendingBytes) {
			this.fail(new Error(`recording ${this.file} stopped: the disk fell more than ${this.maxPendingBytes} bytes behind`));
			return;
		}

		if (this.pendingChars >= this.flushBytes) {
			this.kick();
		} else if (!this.timer && !this.queued) {
			this.timer = setTimeout(() => {
				this.timer = undefined;
				this.kick();
			}, this.flushIntervalMs);
		}
	}

	private kick(): void {
		if (this.queued || this.error) {
			return;
		}

		this.queued = true;
		this.chain = this.chain.then(async () => {
			this.queued = false;
			try {
				await this.writeOut();
			} catch (error) {
				this.fail(error);
			}
		});
	}

	private clearTimer(): void {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
	}

	private async open(): Promise<void> {
		await fs.mkdir(path.dirname(this.file), {recursive: true, mode: 0o700});
		if (this.options.append && (await this.openExisting())) {
			return;
		}

		// A fresh recording: older generations at this path belong to something else.
		for (let n = 1; n <= Math.max(this.generations, 1); n++) {
			// eslint-disable-next-line no-await-in-loop -- few files; removed one at a time keeps the error the first one's
			await fs.rm(generationFile(this.file, n), {force: true});
		}

		this.handle = await fs.open(this.file, 'w', 0o600);
		const header = Buffer.from(this.firstHeader);
		await writeAll(this.handle, header);
		this.fileBytes = header.length;
		this.stats.bytesWritten += header.length;
	}

	private async openExisting(): Promise<boolean> {
		let existing: Awaited<ReturnType<typeof inspectCast>>;
		try {
			existing = await inspectCast(this.file);
		} catch (error) {
			if (isCode(error, 'ENOENT')) {
				return false;
			}

			if (error instanceof CastFormatError) {
				await fs.rename(this.file, `${this.file}.corrupt`);
				return false;
			}

			throw error;
		}

		if (existing.completeBytes < existing.size) {
			await fs.truncate(this.file, existing.completeBytes);
		}

		this.handle = await fs.open(this.file, 'a', 0o600);
		this.fileBytes = existing.completeBytes;
		this.timestamp = existing.header.timestamp ?? this.timestamp;
		this.baseMs = this.timestamp * 1000;
		this.lastTime = existing.lastTime;
		// The size now, ahead of anything recorded while the file was being opened.
		this.pending.unshift([this.pending[0]?.[0] ?? this.now(), 'r', `${this.width}x${this.height}`]);
		this.pendingChars += 16;
		return true;
	}

	private headerLine(preamble: boolean, width = this.width, height = this.height): string {
		const header: CastHeader = {
			version: 2,
			width,
			height,
			timestamp: this.timestamp,
			command: this.options.command,
			title: this.options.title,
			env: this.options.env ?? {TERM: 'xterm-256color', SHELL: process.env['SHELL'] ?? '/bin/sh'},
		};
		if (preamble) {
			header.claude_tui = {preamble: true};
		}

		return JSON.stringify(header) + '\n';
	}

	private eventLine(ms: number, type: string, data: string): string {
		// Never backwards, even if the wall clock is.
		const time = Math.max(this.lastTime, Math.round(ms - this.baseMs) / 1000);
		this.lastTime = time;
		return `[${castTime(time)}, ${JSON.stringify(type)}, ${JSON.stringify(data)}]\n`;
	}

	private async writeOut(): Promise<void> {
		this.clearTimer();
		if (this.error || !this.handle || this.pending.length === 0) {
			return;
		}

		// Everything recorded so far, written in slices of at most ~1 MiB so that serializing a backlog never holds
		// the event loop for long. Events recorded meanwhile go to the next write.
		const events = this.pending;
		const chars = this.pendingChars;
		this.pending = [];
		this.pendingChars = 0;
		this.writingChars = chars;
		// Rotation is decided now, synchronously with taking the events (their size estimated; JSON escapes make the
		// file a little larger), so that the preamble and the size in the next header are the screen at exactly the
		// end of these events, whatever arrives while they are being written.
		const rotation =
			this.fileBytes + chars >= this.maxBytes
				? {preamble: this.takePreamble(), width: this.width, height: this.height}
				: undefined;
		let index = 0;
		while (index < events.length && !this.error && this.handle) {
			let text = '';
			do {
				const [ms, type, data] = events[index++]!;
				text += this.eventLine(ms, type, data);
			} while (index < events.length && text.length < maxSliceChars);

			const buffer = Buffer.from(text);
			this.stats.writes++;
			// eslint-disable-next-line no-await-in-loop
			await writeAll(this.handle, buffer);
			this.fileBytes += buffer.length;
			this.stats.bytesWritten += buffer.length;
		}

		this.writingChars = 0;
		if (rotation && !this.error) {
			await this.rotate(this.nextGeneration(rotation));
		}
	}

	private takePreamble(): string {
		try {
			return this.options.preamble?.() ?? '';
		} catch {
			return '';
		}
	}

	private nextGeneration({preamble, width, height}: {preamble: string; width: number; height: number}): Buffer {
		// Shift the time base by whole seconds, so header timestamp + event time stays the same instant across files
		// while the new file's events start near 0 (asciinema play waits for the first event's time).
		const shift = Math.floor(this.lastTime);
		this.timestamp += shift;
		this.baseMs += shift * 1000;
		this.lastTime -= shift;
		let text = this.headerLine(preamble !== '', width, height);
		if (preamble !== '') {
			text += `[${castTime(this.lastTime)}, "o", ${JSON.stringify(preamble)}]\n`;
		}

		return Buffer.from(text);
	}

	private async rotate(next: Buffer): Promise<void> {
		await this.closeHandle();
		if (this.generations === 0) {
			await fs.rm(this.file, {force: true});
		} else {
			await fs.rm(generationFile(this.file, this.generations), {force: true});
			for (let n = this.generations - 1; n >= 1; n--) {
				// eslint-disable-next-line no-await-in-loop -- each rename frees the name the next one takes
				await renameIfExists(generationFile(this.file, n), generationFile(this.file, n + 1));
			}

			await fs.rename(this.file, generationFile(this.file, 1));
		}

		this.handle = await fs.open(this.file, 'w', 0o600);
		await writeAll(this.handle, next);
		this.fileBytes = next.length;
		this.stats.bytesWritten += next.length;
		this.stats.rotations++;
	}

	private async closeHandle(): Promise<void> {
		const handle = this.handle;
		this.handle = undefined;
		await handle?.close();
	}

	private fail(error: unknown): void {
		if (this.error) {
			return;
		}

		this.error = error instanceof Error ? error : new Error(String(error));
		this.clearTimer();
		this.pending = [];
		this.pendingChars = 0;
		this.writingChars = 0;
		this.closeHandle().catch(() => {});
		try {
			this.options.onError?.(this.error);
		} catch {}
	}
}


/** A time in a recording: seconds from its start (not a time a person reads: see format.ts for those). */
function castTime(seconds: number): string {
	// Microseconds, as asciinema writes them, without trailing zeros.
	return String(Math.round(seconds * 1e6) / 1e6);
}

async function writeAll(handle: fs.FileHandle, buffer: Buffer): Promise<void> {
	let offset = 0;
	while (offset < buffer.length) {
		// eslint-disable-next-line no-await-in-loop
		const {bytesWritten} = await handle.write(buffer, offset, buffer.length - offset);
		if (bytesWritten <= 0) {
			throw Object.assign(new Error('no space left on device (short write)'), {code: 'ENOSPC'});
		}

		offset += bytesWritten;
	}
}

async function renameIfExists(from: string, to: string): Promise<void> {
	try {
		await fs.rename(from, to);
	} catch (error) {
		if (!isCode(error, 'ENOENT')) {
			throw error;
		}
	}
}

function isCode(error: unknown, code: string): boolean {
	return typeof error === 'object' && error !== null && (error as {code?: unknown}).code === code;
}
