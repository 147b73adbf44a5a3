// What the soak's phases share: a seeded random source, the row each phase reports, and looks at a daemon from
// outside (is it alive, how many descriptors and how much memory, does its recording hold together).
import fs from 'node:fs';
import {DaemonClient} from '../source/client.js';
import type {RawConnection} from '../test/helpers/daemon.js';

/** One line of the soak's table: what was done, how often, how many came through whole, how many lost something. */
export type SoakRow = {what: string; count: number; survived: number; lost: number; note: string};

export type SoakOptions = {
	/** Shorter phases (for a quick look); the table says so. */
	quick: boolean;
	/** Seed of every random choice, printed, so a run can be repeated. */
	seed: number;
	log: (message: string) => void;
};

/** A small seeded generator (mulberry32): the same seed makes the same requests. */
export class Random {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	next(): number {
		this.state = (this.state + 0x6D_2B_79_F5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	}

	integer(below: number): number {
		return Math.floor(this.next() * below);
	}

	pick<T>(items: readonly T[]): T {
		return items[this.integer(items.length)]!;
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}
}

/** Whether a daemon answers a ping on `socket` within `timeoutMs`. */
export async function answersPing(socket: string, timeoutMs = 5000): Promise<boolean> {
	let client: DaemonClient | undefined;
	const timer = new Promise<false>(resolve => {
		setTimeout(() => {
			resolve(false);
		}, timeoutMs).unref();
	});
	const ping = (async () => {
		client = await DaemonClient.connect(socket);
		await client.request('daemon.ping');
		return true;
	})().catch(() => false);
	try {
		return await Promise.race([ping, timer]);
	} finally {
		client?.destroy();
	}
}

export function openDescriptors(pid: number): number {
	try {
		return fs.readdirSync(`/proc/${pid}/fd`).length;
	} catch {
		return -1;
	}
}

export function residentMb(pid: number): number {
	try {
		return Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
	} catch {
		return 0;
	}
}

/** CPU seconds (user + system) a process has used, from /proc/PID/stat (10 ms ticks). */
export function cpuSeconds(pid: number): number {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return 0;
	}
}

/**
What is wrong with a recording, or undefined: the header must parse, then every event line must be
`[time, type, data]` with times never going backwards; only the very last line may be torn (a kill mid-write).
*/
export function recordingProblem(file: string): string | undefined {
	const lines = fs.readFileSync(file, 'utf8').split('\n');
	const last = lines.pop();
	try {
		const header = JSON.parse(lines[0] ?? '') as {version?: number};
		if (header.version !== 2) {
			return 'the header is not asciicast v2';
		}
	} catch {
		return 'the header does not parse';
	}

	let time = 0;
	for (const [index, line] of lines.slice(1).entries()) {
		let event: unknown;
		try {
			event = JSON.parse(line);
		} catch {
			return `line ${index + 2} does not parse`;
		}

		if (!Array.isArray(event) || typeof event[0] !== 'number' || typeof event[1] !== 'string' || typeof event[2] !== 'string') {
			return `line ${index + 2} is not an event`;
		}

		if (event[0] < time) {
			return `line ${index + 2} goes back in time (${event[0]} after ${time})`;
		}

		time = event[0];
	}

	return last === undefined || last === '' || last.startsWith('[') ? undefined : 'the torn last line is not an event';
}

/** The ids of the replies a raw connection has received (a batch's replies each count). */
export function replyIds(connection: RawConnection): Set<number | string> {
	const ids = new Set<number | string>();
	for (const message of connection.messages as unknown[]) {
		for (const reply of Array.isArray(message) ? message : [message]) {
			const id = (reply as {id?: unknown})?.id;
			if (typeof id === 'number' || typeof id === 'string') {
				ids.add(id);
			}
		}
	}

	return ids;
}
