// Session records: what a session was (command, cwd, name, ...) and how it ended, one JSON file per session in
// <stateDir>/sessions/<id>/record.json beside its recording (output.cast). Written atomically (temp file in the
// same directory, fsync, rename, fsync of the directory) so a crash or power cut at any moment leaves either the
// old record or the new one, never a torn file.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
- running: the session's process was alive when this record was last written. Found on daemon start, it means
  the daemon stopped (SIGKILL, crash, reboot) while the session ran: treat as restorable.
- interrupted: the daemon stopped the session when it shut down; restorable.
- exited: the process ended on its own (or was killed by a user's request).
*/
export type RecordStatus = 'running' | 'exited' | 'interrupted';

export type SessionRecord = {
	version: 1;
	id: string;
	name: string;
	cwd: string;
	command: string;
	args: string[];
	/** Environment overrides given at creation (not the whole environment). */
	env: Record<string, string>;
	createdAt: string;
	updatedAt?: string;
	exitedAt?: string;
	exitCode?: number;
	signal?: string;
	status: RecordStatus;
	/** Last known size, for rebuilding the last screen. */
	cols?: number;
	rows?: number;
	/** The agent's conversation (Claude Code's session id), when known: restore resumes exactly this conversation. */
	conversationId?: string;
	/** The agent the session's command runs, when only its screen told (a binary under another name): restore resumes it. */
	agent?: string;
	/** An agent started inside the session's shell, running when the record was written: restore types its resume command. */
	nested?: {agent: string; argv: string[]; cwd: string};
	/** Arguments to use instead of the computed ones on restore (see restore.ts for the placeholders). */
	restoreArgs?: string[];
	/** Whether keyboard input is recorded ("i" events); off unless the user turned it on. */
	recordInput?: boolean;
	/** When the session was last restored (started again after its daemon stopped). */
	restoredAt?: string;
	/** Where its program last worked, when that differs from `cwd` (a shell after cd): restore starts there. */
	lastCwd?: string;
	/** The daemon that runs it (`pid:start time`): no other daemon adopts the session while that one lives. */
	daemon?: string;
	/** Other fields written by newer versions are kept. */
	[key: string]: unknown;
};

export type RecordProblem = {id: string; file: string; message: string};

export class RecordError extends Error {}

const recordName = 'record.json';
const recordingName = 'output.cast';
const safeId = /^[\w.-]{1,200}$/;

export function sessionsDirectory(stateDir: string): string {
	return path.join(stateDir, 'sessions');
}

export function sessionDirectory(stateDir: string, id: string): string {
	checkId(id);
	return path.join(sessionsDirectory(stateDir), id);
}

export function recordFile(stateDir: string, id: string): string {
	return path.join(sessionDirectory(stateDir, id), recordName);
}

/** The current recording file; rotated generations sit beside it (see recordingFiles in asciicast.ts). */
export function recordingFile(stateDir: string, id: string): string {
	return path.join(sessionDirectory(stateDir, id), recordingName);
}

function checkId(id: string): void {
	if (!safeId.test(id) || id === '.' || id === '..') {
		throw new RecordError(`invalid session id ${JSON.stringify(id)}`);
	}
}

/** Checks a parsed record; throws RecordError naming what is wrong. */
export function validateRecord(value: unknown): SessionRecord {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new RecordError('not a JSON object');
	}

	const record = value as Record<string, unknown>;
	const need = (key: string, ok: (v: unknown) => boolean, what: string) => {
		if (!ok(record[key])) {
			throw new RecordError(`${key} is missing or not ${what}`);
		}
	};

	const isString = (v: unknown) => typeof v === 'string';
	const optional = (ok: (v: unknown) => boolean) => (v: unknown) => v === undefined || v === null || ok(v);
	need('version', v => v === 1, 'version 1');
	need('id', v => typeof v === 'string' && safeId.test(v), 'a valid id');
	need('name', isString, 'a string');
	need('cwd', isString, 'a string');
	need('command', v => typeof v === 'string' && v !== '', 'a command');
	need('args', v => Array.isArray(v) && v.every(a => typeof a === 'string'), 'an array of strings');
	need(
		'env',
		v =>
			typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(e => typeof e === 'string'),
		'an object of strings',
	);
	need('createdAt', v => typeof v === 'string' && !Number.isNaN(Date.parse(v)), 'a date');
	need('status', v => v === 'running' || v === 'exited' || v === 'interrupted', 'a known status');
	need('exitedAt', optional(isString), 'a string');
	need('exitCode', optional(v => typeof v === 'number'), 'a number');
	need('signal', optional(isString), 'a string');
	need('conversationId', optional(isString), 'a string');
	need('agent', optional(isString), 'a string');
	need('nested', optional(v => {
		const nested = v as Record<string, unknown>;
		return typeof v === 'object' && isString(nested['agent']) && isString(nested['cwd']) && Array.isArray(nested['argv']) && nested['argv'].length > 0 && nested['argv'].every(a => typeof a === 'string');
	}), 'an agent, its arguments and directory');
	need('restoreArgs', optional(v => Array.isArray(v) && v.every(a => typeof a === 'string')), 'an array of strings');
	return record as SessionRecord;
}

/** Writes the record atomically: a reader (or the next daemon after a crash) sees the old file or the new one. */
export async function writeRecord(stateDir: string, record: SessionRecord): Promise<void> {
	validateRecord(record);
	const directory = sessionDirectory(stateDir, record.id);
	await fs.mkdir(directory, {recursive: true, mode: 0o700});
	const target = path.join(directory, recordName);
	const temporary = path.join(directory, `.${recordName}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
	const text = JSON.stringify({...record, updatedAt: new Date().toISOString()}, undefined, '\t') + '\n';
	try {
		const handle = await fs.open(temporary, 'w', 0o600);
		try {
			await handle.writeFile(text);
			await handle.sync();
		} finally {
			await handle.close();
		}

		await fs.rename(temporary, target);
	} catch (error) {
		await fs.rm(temporary, {force: true});
		throw error;
	}

	// Make the rename itself durable (a reboot right after must not bring back the old file or none).
	try {
		const handle = await fs.open(directory, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
	} catch {}
}

/** Reads and checks one record. Throws (ENOENT, or RecordError for a corrupt or truncated file). */
export async function readRecord(stateDir: string, id: string): Promise<SessionRecord> {
	const text = await fs.readFile(recordFile(stateDir, id), 'utf8');
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new RecordError(text.trim() === '' ? 'empty file' : 'not valid JSON (truncated or corrupt)');
	}

	const record = validateRecord(value);
	if (record.id !== id) {
		throw new RecordError(`holds id ${record.id}, not ${id}`);
	}

	return record;
}

/**
Every readable record (oldest first), and a problem for each session directory whose record is missing,
truncated or corrupt. Never throws for a bad record; only when the state directory itself cannot be read.
*/
export async function listRecords(stateDir: string): Promise<{records: SessionRecord[]; problems: RecordProblem[]}> {
	const records: SessionRecord[] = [];
	const problems: RecordProblem[] = [];
	let entries: import('node:fs').Dirent[];
	try {
		entries = await fs.readdir(sessionsDirectory(stateDir), {withFileTypes: true});
	} catch (error) {
		if ((error as {code?: string}).code === 'ENOENT') {
			return {records, problems};
		}

		throw error;
	}

	await Promise.all(
		entries.map(async entry => {
			if (!entry.isDirectory()) {
				return;
			}

			const id = entry.name;
			const file = path.join(sessionsDirectory(stateDir), id, recordName);
			if (!safeId.test(id)) {
				problems.push({id, file, message: 'not a valid session id'});
				return;
			}

			try {
				records.push(await readRecord(stateDir, id));
			} catch (error) {
				const code = (error as {code?: string}).code;
				const message =
					code === 'ENOENT' ? 'no record.json' : error instanceof Error ? error.message : String(error);
				problems.push({id, file, message});
			}
		}),
	);
	records.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
	problems.sort((a, b) => a.id.localeCompare(b.id));
	return {records, problems};
}

/** Deletes a session's directory: record, recordings and anything else in it. */
export async function removeSession(stateDir: string, id: string): Promise<void> {
	await fs.rm(sessionDirectory(stateDir, id), {recursive: true, force: true});
}

/**
The daemon's handle on the records: `save` may be called as often as state changes; writes of one session are
serialized (never two renames racing) and coalesced (while one is being written, only the newest waiting
version is written next). Never rejects: failures go to `onError`.
*/
export class RecordStore {
	private readonly writing = new Map<string, Promise<void>>();
	private readonly waiting = new Map<string, SessionRecord>();

	private readonly onError: (error: Error, id: string) => void;
	private readonly onSaved: (id: string) => void;

	constructor(
		readonly stateDir: string,
		handlers: {onError?: (error: Error, id: string) => void; onSaved?: (id: string) => void} = {},
	) {
		this.onError = handlers.onError ?? (() => {});
		this.onSaved = handlers.onSaved ?? (() => {});
	}

	async save(record: SessionRecord): Promise<void> {
		const id = record.id;
		this.waiting.set(id, structuredClone(record));
		const current = this.writing.get(id);
		if (current) {
			// The loop in flight writes the newest waiting version before it ends.
			return current;
		}

		const loop = (async () => {
			try {
				while (this.waiting.has(id)) {
					const next = this.waiting.get(id)!;
					this.waiting.delete(id);
					try {
						// eslint-disable-next-line no-await-in-loop
						await writeRecord(this.stateDir, next);
						this.onSaved(id);
					} catch (error) {
						this.onError(error instanceof Error ? error : new Error(String(error)), id);
					}
				}
			} finally {
				// In the same tick as the last check: a save() after this starts a new loop.
				this.writing.delete(id);
			}
		})();
		this.writing.set(id, loop);
		return loop;
	}

	/** Waits for every pending write (call before the daemon exits). */
	async flush(): Promise<void> {
		await Promise.all([...this.writing.values()]);
	}

	async remove(id: string): Promise<void> {
		this.waiting.delete(id);
		await this.writing.get(id);
		await removeSession(this.stateDir, id);
	}

	async list(): Promise<{records: SessionRecord[]; problems: RecordProblem[]}> {
		return listRecords(this.stateDir);
	}

	async read(id: string): Promise<SessionRecord> {
		return readRecord(this.stateDir, id);
	}
}
