// Which daemon owns a socket: the lock that serialises daemons starting at once, the lock a live daemon holds in the
// state directory for its socket's sessions, and how a process is known again (pid and start time, as pids recycle).
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {setTimeout as delay} from 'node:timers/promises';

/** A process as it can be recognised later: its pid and, on Linux, when it started (a reused pid starts later). */
export type ProcessIdentity = {pid: number; started?: string};

export class DaemonRunningError extends Error {}

/** /proc/PID/stat's fields from the third (state) on; undefined where /proc does not say. */
function procStat(pid: number): string[] | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	} catch {
		return undefined;
	}
}

/** When `pid` started, in clock ticks since boot (field 22). */
function processStartTime(pid: number): string | undefined {
	return procStat(pid)?.[19];
}

export function processIdentity(pid: number = process.pid): ProcessIdentity {
	const started = processStartTime(pid);
	return started === undefined ? {pid} : {pid, started};
}

export function processAlive(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) {
		return false;
	}

	try {
		process.kill(pid, 0);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}

	// A killed process nobody has reaped yet (a zombie) still has its pid, but no longer runs.
	const state = procStat(pid)?.[0];
	return state !== 'Z' && state !== 'X';
}

/** Whether the process `identity` names still runs (not merely some process that got its pid since). */
export function identityAlive(identity: ProcessIdentity): boolean {
	if (!processAlive(identity.pid)) {
		return false;
	}

	const started = identity.started === undefined ? undefined : processStartTime(identity.pid);
	return started === undefined || started === identity.started;
}

export function isThisProcess(identity: ProcessIdentity): boolean {
	return identity.pid === process.pid;
}

/** `pid:started` (or the pid alone), as session records keep it. */
export function identityString(identity: ProcessIdentity): string {
	return identity.started === undefined ? String(identity.pid) : `${identity.pid}:${identity.started}`;
}

export function parseIdentity(text: unknown): ProcessIdentity | undefined {
	if (typeof text !== 'string') {
		return undefined;
	}

	const [pid, started] = text.trim().split(':');
	const number = Number(pid);
	if (!Number.isInteger(number) || number <= 0) {
		return undefined;
	}

	return started ? {pid: number, started} : {pid: number};
}

/**
An exclusive lock file holding our pid, so two daemons starting at once cannot both unlink and listen. The pid is
written to a private file first and linked into place, so the lock is never seen empty (an empty one read as "pid
0, dead" let a second starter in). A lock left by a dead process is taken over.
*/
export async function acquireStartLock(file: string): Promise<() => void> {
	const mine = `${file}.${process.pid}`;
	fs.writeFileSync(mine, identityString(processIdentity()), {mode: 0o600});
	try {
		for (let attempt = 0; attempt < 200; attempt++) {
			try {
				fs.linkSync(mine, file);
				return () => {
					fs.rmSync(file, {force: true});
				};
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
					throw error;
				}
			}

			const owner = parseIdentity(readText(file));
			// An unreadable or empty lock was written by an older claude-tui: taken over once it is a few seconds old.
			const stale = owner ? !identityAlive(owner) : Date.now() - (fs.statSync(file, {throwIfNoEntry: false})?.mtimeMs ?? 0) > 5000;
			if (stale) {
				fs.rmSync(file, {force: true});
				continue;
			}

			// eslint-disable-next-line no-await-in-loop
			await delay(25);
		}
	} finally {
		fs.rmSync(mine, {force: true});
	}

	throw new Error(`Could not lock ${file}: another claude-tui is starting a daemon`);
}

/** The file in the state directory that the daemon of `socket` holds while it lives. */
export function ownershipFile(stateDir: string, socket: string): string {
	const key = createHash('sha256').update(path.resolve(socket)).digest('hex').slice(0, 16);
	return path.join(stateDir, `daemon-${key}.lock`);
}

/** The live daemon (not this process) that holds the state directory for `socket`'s sessions, if any. */
export function liveOwner(stateDir: string, socket: string): ProcessIdentity | undefined {
	const owner = parseIdentity(readText(ownershipFile(stateDir, socket)));
	return owner && !isThisProcess(owner) && identityAlive(owner) ? owner : undefined;
}

/**
Takes the state directory for `socket`'s sessions, or throws DaemonRunningError naming the live daemon that holds
it. Called under the start lock, so no two daemons get here at once. Returns the release.
*/
export function claimOwnership(stateDir: string, socket: string): () => void {
	const owner = liveOwner(stateDir, socket);
	if (owner) {
		throw new DaemonRunningError(`A daemon (pid ${owner.pid}) already owns the sessions of ${socket} in ${stateDir}; it re-creates its socket if the file was removed`);
	}

	const file = ownershipFile(stateDir, socket);
	fs.mkdirSync(stateDir, {recursive: true, mode: 0o700});
	const temporary = `${file}.${process.pid}`;
	const identity = identityString(processIdentity());
	fs.writeFileSync(temporary, identity, {mode: 0o600});
	fs.renameSync(temporary, file);
	return () => {
		if (readText(file)?.trim() === identity) {
			fs.rmSync(file, {force: true});
		}
	};
}

function readText(file: string): string | undefined {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}
