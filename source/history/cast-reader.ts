// Reading recordings (asciicast v2, see asciicast.ts): one file's header and events, streamed in batches and tolerant of
// a line cut short by a crash, and a recording across its generations as one stream.
import {createReadStream} from 'node:fs';
import fs from 'node:fs/promises';
import {type CastEvent, type CastHeader, CastFormatError, parseEvent, parseHeader, type RecordingProblem} from './asciicast.js';

/** Reads only the header line of a file. Throws CastFormatError (or a file system error). */
export async function readCastHeader(file: string): Promise<CastHeader> {
	const handle = await fs.open(file, 'r');
	try {
		const head = Buffer.alloc(64 * 1024);
		const {bytesRead} = await handle.read(head, 0, head.length, 0);
		const end = head.subarray(0, bytesRead).indexOf(10);
		return parseHeader(head.subarray(0, end === -1 ? bytesRead : end).toString('utf8'));
	} finally {
		await handle.close();
	}
}

export type CastStats = {
	/** Complete lines that were not valid events (skipped). */
	corruptLines: number;
	/** The file ended in a partial line (a writer killed mid-write); it was skipped. */
	truncated: boolean;
};

export type OpenedCast = {
	header: CastHeader;
	/** Events in batches (cheaper for long files). Iterate once. */
	batches: AsyncGenerator<CastEvent[]>;
	stats: CastStats;
};

const readChunkBytes = 256 * 1024;

/** Reads the header, then streams the events. Throws CastFormatError when the file has no valid header. */
export async function openCast(file: string): Promise<OpenedCast> {
	const lines = readLineBatches(file);
	let first: {lines: string[]; rest: string | undefined} | undefined;
	try {
		const result = await lines.next();
		first = result.done ? undefined : result.value;
	} catch (error) {
		await lines.return(undefined);
		throw error;
	}

	const headerLine = first?.lines[0] ?? first?.rest;
	if (headerLine === undefined) {
		await lines.return(undefined);
		throw new CastFormatError(`${file} is empty`);
	}

	let header: CastHeader;
	try {
		header = parseHeader(headerLine);
	} catch (error) {
		await lines.return(undefined);
		throw error instanceof CastFormatError ? new CastFormatError(`${file}: ${error.message}`) : error;
	}

	const stats: CastStats = {corruptLines: 0, truncated: false};
	const parse = (batch: string[]): CastEvent[] => {
		const events: CastEvent[] = [];
		for (const line of batch) {
			if (line === '') {
				continue;
			}

			const event = parseEvent(line);
			if (event) {
				events.push(event);
			} else {
				stats.corruptLines++;
			}
		}

		return events;
	};

	async function * batches(): AsyncGenerator<CastEvent[]> {
		try {
			if (first && first.lines.length > 1) {
				yield parse(first.lines.slice(1));
			}

			let rest = first?.lines.length ? first.rest : undefined;
			for await (const batch of lines) {
				yield parse(batch.lines);
				rest = batch.rest;
			}

			// A last line without its newline: complete JSON is kept (a writer may stop right after the bracket),
			// anything else is the half-written line of a writer that was killed.
			if (rest !== undefined && rest !== '') {
				const event = parseEvent(rest);
				if (event) {
					yield [event];
				} else {
					stats.truncated = true;
				}
			}
		} finally {
			await lines.return(undefined);
		}
	}

	return {header, batches: batches(), stats};
}

/** The events of one file (without its header), tolerating a truncated last line. */
export async function * readCast(file: string): AsyncGenerator<CastEvent> {
	const cast = await openCast(file);
	for await (const batch of cast.batches) {
		yield * batch;
	}
}

// Complete lines per chunk read; `rest` (on the last batch only) is the text after the last newline.
async function * readLineBatches(file: string): AsyncGenerator<{lines: string[]; rest: string | undefined}> {
	const stream = createReadStream(file, {encoding: 'utf8', highWaterMark: readChunkBytes});
	let carry = '';
	try {
		for await (const chunk of stream as AsyncIterable<string>) {
			const text = carry + chunk;
			const lines = text.split('\n');
			carry = lines.pop() ?? '';
			if (lines.length > 0) {
				yield {lines, rest: undefined};
			}
		}
	} finally {
		stream.destroy();
	}

	yield {lines: [], rest: carry};
}

/** Header, size, the length of the file up to its last complete line, and the time of the last event (for appending). */
export async function inspectCast(
	file: string,
): Promise<{header: CastHeader; size: number; completeBytes: number; lastTime: number}> {
	const handle = await fs.open(file, 'r');
	try {
		const {size} = await handle.stat();
		const head = Buffer.alloc(Math.min(size, 64 * 1024));
		await handle.read(head, 0, head.length, 0);
		const headerEnd = head.indexOf(10);
		if (headerEnd === -1) {
			throw new CastFormatError(`${file} has no complete header line`);
		}

		const header = parseHeader(head.subarray(0, headerEnd).toString('utf8'));
		// Complete lines end at the last newline.
		const window = Buffer.alloc(64 * 1024);
		const completeBytes = await lineStartBefore(handle, window, headerEnd + 1, size);
		let lastTime = 0;
		// The time of the last complete event, to keep times increasing. It opens its line, which may be longer than
		// one window (a large output chunk, escaped): find where the line starts, then read its first bytes.
		if (completeBytes > headerEnd + 1) {
			const lineStart = await lineStartBefore(handle, window, headerEnd + 1, completeBytes - 1);
			const {bytesRead} = await handle.read(window, 0, Math.min(64, completeBytes - lineStart), lineStart);
			const time = /^\[\s*(-?[\d.]+(?:e[+-]?\d+)?)\s*,/i.exec(window.subarray(0, bytesRead).toString('utf8'))?.[1];
			lastTime = time !== undefined && Number.isFinite(Number(time)) ? Number(time) : 0;
		}

		return {header, size, completeBytes, lastTime};
	} finally {
		await handle.close();
	}
}

/** Just past the last newline before `end`, reading backwards a window at a time; `floor` when none is at or after it. */
async function lineStartBefore(handle: fs.FileHandle, window: Buffer, floor: number, end: number): Promise<number> {
	while (end > floor) {
		const start = Math.max(floor, end - window.length);
		// eslint-disable-next-line no-await-in-loop
		await handle.read(window, 0, end - start, start);
		const newline = window.subarray(0, end - start).lastIndexOf(10);
		if (newline !== -1) {
			return start + newline + 1;
		}

		end = start;
	}

	return floor;
}

export type RecordingEvent = CastEvent & {
	/** Unix time in seconds (the file's header timestamp + the event's time; whole-second base, as asciinema). */
	at: number;
};

export type RecordingChunk =
	| {kind: 'start'; header: CastHeader; file: string; index: number}
	| {kind: 'events'; events: RecordingEvent[]};

/**
Reads a recording's files in order (oldest generation first) as one stream: a `start` chunk per file, then its
events in batches. A file that cannot be read is reported and skipped. A rotated file's preamble (the screen
redrawn at rotation) is dropped when the file before it was played, and kept when the file is the first one read.
*/
export async function * readRecording(
	files: readonly string[],
	options: {onProblem?: (problem: RecordingProblem) => void; signal?: AbortSignal} = {},
): AsyncGenerator<RecordingChunk> {
	let index = 0;
	for (const file of files) {
		options.signal?.throwIfAborted();
		let cast: OpenedCast;
		try {
			// eslint-disable-next-line no-await-in-loop
			cast = await openCast(file);
		} catch (error) {
			options.onProblem?.({file, message: error instanceof Error ? error.message : String(error)});
			continue;
		}

		yield {kind: 'start', header: cast.header, file, index};
		const base = cast.header.timestamp ?? 0;
		let skipPreamble = index > 0 && cast.header.claude_tui?.preamble === true;
		index++;
		// eslint-disable-next-line no-await-in-loop -- the generations are read in order, oldest first
		for await (const batch of cast.batches) {
			options.signal?.throwIfAborted();
			const events: RecordingEvent[] = [];
			for (const event of batch) {
				if (skipPreamble) {
					skipPreamble = false;
					if (event.type === 'o') {
						continue;
					}
				}

				events.push({...event, at: base + event.time});
			}

			if (events.length > 0) {
				yield {kind: 'events', events};
			}
		}

		if (cast.stats.corruptLines > 0) {
			options.onProblem?.({file, message: `${cast.stats.corruptLines} corrupt line(s) skipped`});
		}
	}
}
