// Recordings in asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): one JSON header line, then one
// JSON array per event: [seconds since the header's timestamp, "o" | "i" | "r" | "m", data]. `asciinema play`
// and the asciinema web player read these files as they are. This file is the format (its types, parsing a line)
// and a recording's files; cast-writer.ts writes recordings, cast-reader.ts reads them.
import fs from 'node:fs/promises';

export type CastHeader = {
	version: 2;
	width: number;
	height: number;
	/** Unix time (whole seconds) of time 0 of this file's events. */
	timestamp?: number;
	duration?: number;
	idle_time_limit?: number;
	command?: string;
	title?: string;
	env?: Record<string, string>;
	/**
	Our own namespaced extension (players ignore unknown header keys). `preamble: true` says the first event is an
	"o" event that redraws the screen as it stood when this file was started by rotation, so the file plays on its
	own; readers that played the previous generation skip it.
	*/
	claude_tui?: {preamble?: boolean};
	[key: string]: unknown;
};

export type CastEventType = 'o' | 'i' | 'r' | 'm';

export type CastEvent = {
	/** Seconds since the header's timestamp. */
	time: number;
	type: CastEventType | (string & {});
	data: string;
};

export class CastFormatError extends Error {}

export type RecordingProblem = {file: string; message: string};

export function parseHeader(line: string): CastHeader {
	let header: unknown;
	try {
		header = JSON.parse(line);
	} catch {
		throw new CastFormatError('the header is not JSON');
	}

	if (typeof header !== 'object' || header === null || Array.isArray(header)) {
		throw new CastFormatError('the header is not a JSON object');
	}

	const {version, width, height} = header as Record<string, unknown>;
	if (version !== 2) {
		throw new CastFormatError(`unsupported asciicast version ${JSON.stringify(version)}`);
	}

	if (!isDimension(width) || !isDimension(height)) {
		throw new CastFormatError('the header has no valid width and height');
	}

	return header as CastHeader;
}

function isDimension(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 10_000;
}

/** An event line, or undefined when it is not one (corrupt, or cut short by a crash). */
export function parseEvent(line: string): CastEvent | undefined {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return undefined;
	}

	if (!Array.isArray(value) || value.length < 3) {
		return undefined;
	}

	const [time, type, data] = value as unknown[];
	if (typeof time !== 'number' || !Number.isFinite(time) || typeof type !== 'string' || typeof data !== 'string') {
		return undefined;
	}

	return {time, type, data};
}

/** `"120x40"` -> {cols: 120, rows: 40}, or undefined. */
export function parseSize(data: string): {cols: number; rows: number} | undefined {
	const match = /^(\d+)x(\d+)$/.exec(data);
	const cols = Number(match?.[1]);
	const rows = Number(match?.[2]);
	return isDimension(cols) && isDimension(rows) ? {cols, rows} : undefined;
}

/** `output.cast` -> `output.<n>.cast` (n >= 1; n = 0 is the file itself). */
export function generationFile(file: string, n: number): string {
	if (n === 0) {
		return file;
	}

	return file.endsWith('.cast') ? `${file.slice(0, -'.cast'.length)}.${n}.cast` : `${file}.${n}`;
}

/** The recording's files that exist, oldest generation first, the current file last. */
export async function recordingFiles(file: string): Promise<string[]> {
	const files: string[] = [];
	for (let n = 1; n < 1000; n++) {
		const candidate = generationFile(file, n);
		// eslint-disable-next-line no-await-in-loop
		if (!(await exists(candidate))) {
			break;
		}

		files.unshift(candidate);
	}

	if (await exists(file)) {
		files.push(file);
	}

	return files;
}

async function exists(file: string): Promise<boolean> {
	try {
		await fs.access(file);
		return true;
	} catch {
		return false;
	}
}
