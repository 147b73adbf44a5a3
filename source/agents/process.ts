// What the operating system says about a session's processes (Linux /proc; elsewhere nothing, and callers fall back
// on the screen): which process the terminal is running in the foreground, and that process's command line,
// directory and environment. Each read is one small file; every failure (no /proc, a process gone) is undefined.
import fs from 'node:fs';

/**
The foreground process group of the terminal `pid` is on (field 8, tpgid, of /proc/PID/stat): a shell's own pid at
its prompt, the job's group (its leader's pid) while a program it started runs in the foreground.
*/
export function foregroundProcessGroup(pid: number | undefined): number | undefined {
	if (pid === undefined) {
		return undefined;
	}

	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) is in parentheses and may hold spaces or parentheses: fields follow the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const group = Number(fields[5]);
		return Number.isInteger(group) && group > 0 ? group : undefined;
	} catch {
		return undefined;
	}
}

/** The process's arguments, its command first. */
export function processArguments(pid: number): string[] | undefined {
	try {
		const words = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
		if (words.at(-1) === '') {
			words.pop();
		}

		return words.length > 0 ? words : undefined;
	} catch {
		return undefined;
	}
}

export function processDirectory(pid: number): string | undefined {
	try {
		return fs.readlinkSync(`/proc/${pid}/cwd`);
	} catch {
		return undefined;
	}
}

export function processEnvironment(pid: number): Record<string, string> {
	try {
		const environment: Record<string, string> = {};
		for (const entry of fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
			const equals = entry.indexOf('=');
			if (equals > 0) {
				environment[entry.slice(0, equals)] = entry.slice(equals + 1);
			}
		}

		return environment;
	} catch {
		return {};
	}
}

/** The files the process has open (where its descriptors point), as absolute paths; sockets and pipes left out. */
export function processOpenFiles(pid: number): string[] {
	const directory = `/proc/${pid}/fd`;
	let descriptors: string[];
	try {
		descriptors = fs.readdirSync(directory);
	} catch {
		return [];
	}

	const files: string[] = [];
	for (const descriptor of descriptors) {
		try {
			const target = fs.readlinkSync(`${directory}/${descriptor}`);
			if (target.startsWith('/')) {
				files.push(target);
			}
		} catch {}
	}

	return files;
}

/** The process and its descendants, parents first (Linux's /proc/PID/task/TID/children), at most `limit` of them. */
export function processTree(pid: number, limit = 32): number[] {
	const found = [pid];
	for (let index = 0; index < found.length && found.length < limit; index++) {
		let tasks: string[];
		try {
			tasks = fs.readdirSync(`/proc/${found[index]}/task`);
		} catch {
			continue;
		}

		for (const task of tasks) {
			try {
				for (const child of fs.readFileSync(`/proc/${found[index]}/task/${task}/children`, 'utf8').split(' ')) {
					const number = Number(child);
					if (Number.isInteger(number) && number > 0 && !found.includes(number)) {
						found.push(number);
					}
				}
			} catch {}
		}
	}

	return found.slice(0, limit);
}
