// What a process costs, read from /proc: resident memory and CPU time (user + system).
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
	if (ticksPerSecond === undefined) {
		try {
			ticksPerSecond = Number.parseInt(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim(), 10) || 100;
		} catch {
			ticksPerSecond = 100;
		}
	}

	return ticksPerSecond;
}

/** Resident set size in bytes (VmRSS). */
export function rssBytes(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
	if (!match) {
		throw new Error(`No VmRSS for pid ${pid}`);
	}

	return Number(match[1]) * 1024;
}

/** CPU seconds used so far (user + system), at the kernel's clock-tick resolution (usually 10 ms). */
export function cpuSeconds(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The command name (field 2) may hold spaces and parentheses; the fields after its closing ')' do not.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// utime and stime are fields 14 and 15 of the whole line, so 11 and 12 after the name and the state.
	const user = Number(fields[11]);
	const system = Number(fields[12]);
	return (user + system) / clockTicks();
}

export function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}

	try {
		return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	} catch {
		return false;
	}
}

/** The pids of `pid`'s children, with their command names, read from /proc. */
export function childProcesses(pid: number): Array<{pid: number; name: string}> {
	const children: Array<{pid: number; name: string}> = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}

		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// Field 4, the parent, comes after the name (in parentheses, which may hold anything) and the state.
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (parent === pid) {
				children.push({pid: Number(entry), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))});
			}
		} catch {
			// It ended while we looked.
		}
	}

	return children;
}
