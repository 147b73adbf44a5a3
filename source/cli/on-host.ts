// replay, history and grep of sessions on hosts. They read a session's recordings, which are on the host: they run
// there, as `claude-tui history web` over ssh, and their output comes back as it is made. The remote command reads
// its own files whether or not its daemon runs, streams a history of any size without a protocol method to carry
// it, and replay gets a terminal there (ssh -t) for its timing and its keys.
import {spawn} from 'node:child_process';
import process from 'node:process';
import {createInterface} from 'node:readline';
import type {HostConfig} from '../hosts/config.js';
import {findHost, hostNames, type Hosts} from '../hosts/commands.js';
import {qualify, splitReference} from '../hosts/names.js';
import {describeSshFailure, sshInvocation} from '../hosts/ssh.js';
import {grepLine} from './recordings.js';
import type {Output} from './spec.js';

/** Whether `reference` names a session on one of the hosts. */
export function isOnHost(reference: string, hosts: Hosts): boolean {
	return splitReference(reference, hostNames(hosts)).host !== undefined;
}

/** `claude-tui replay|history SESSION` run on the session's host; its exit code becomes ours. */
export async function runHistoryOnHost(name: 'replay' | 'history', reference: string, options: {speed?: number | undefined; idleLimit?: number | undefined}, hosts: Hosts): Promise<void> {
	const {host, session} = splitReference(reference, hostNames(hosts));
	const args = [name, session];
	if (options.speed !== undefined) {
		args.push('--speed', String(options.speed));
	}

	if (options.idleLimit !== undefined) {
		args.push('--idle-limit', String(options.idleLimit));
	}

	const tty = name === 'replay' && process.stdin.isTTY === true && process.stdout.isTTY === true;
	process.exitCode = await runOnHost(hosts, findHost(hosts, host!), args, {tty});
}

export type GrepOptions = {json: boolean; ignoreCase: boolean; fixedStrings: boolean};

/** grep over the sessions named on hosts: each host searches its own, in JSON, and the matches print here. Returns how many. */
export async function grepOnHosts(pattern: string, references: string[], flags: GrepOptions, hosts: Hosts, {out}: Output): Promise<number> {
	const byHost = new Map<string, string[]>();
	for (const reference of references) {
		const {host, session} = splitReference(reference, hostNames(hosts));
		byHost.set(host!, [...(byHost.get(host!) ?? []), session]);
	}

	const nameWidth = Math.max(0, ...references.map(reference => reference.length));
	let found = 0;
	for (const [hostName, sessions] of byHost) {
		const args = ['grep', '--json', ...(flags.ignoreCase ? ['-i'] : []), ...(flags.fixedStrings ? ['-F'] : []), '--', pattern, ...sessions];
		// eslint-disable-next-line no-await-in-loop -- one host after another, their matches in order
		const code = await runOnHost(hosts, findHost(hosts, hostName), args, {
			onLine(line) {
				let match: {session: string; id: string; time: string; line: number; text: string};
				try {
					match = JSON.parse(line) as typeof match;
				} catch {
					return;
				}

				found++;
				out(grepLine({...match, session: qualify(hostName, match.session), id: qualify(hostName, match.id), time: new Date(match.time)}, {json: flags.json, nameWidth}));
			},
		});
		// grep there exits 1 when nothing matched, and says nothing; an error says why on stderr (passed on).
		if (code !== 0 && code !== 1) {
			process.exitCode = code;
		}
	}

	return found;
}

/** Runs `claude-tui ARGS…` on a host; its stdout and stderr come here. Resolves with its exit code. */
async function runOnHost(hosts: Hosts, host: HostConfig, args: string[], {tty = false, onLine}: {tty?: boolean; onLine?: (line: string) => void}): Promise<number> {
	const {file, args: sshArgs} = sshInvocation({ssh: hosts.ssh, host, args, tty});
	const child = spawn(file, sshArgs, {stdio: [tty ? 'inherit' : 'ignore', onLine ? 'pipe' : 'inherit', 'pipe'], env: hosts.env});
	let stderr = '';
	child.stderr!.setEncoding('utf8');
	child.stderr!.on('data', (chunk: string) => {
		stderr += chunk;
	});
	if (onLine) {
		createInterface({input: child.stdout!}).on('line', onLine);
	}

	const {code, error} = await new Promise<{code: number | null; error?: Error}>(resolve => {
		child.once('error', failure => {
			resolve({code: null, error: failure});
		});
		child.once('close', exitCode => {
			resolve({code: exitCode});
		});
	});
	if (error) {
		throw new Error(`${host.name}: could not run ${file}: ${error.message}`);
	}

	// 255 is ssh's own failure (or claude-tui's there, which says so in its own words).
	if (code === 255 || code === 127) {
		throw new Error(describeSshFailure(host, {stderr, exitCode: code}));
	}

	// Its messages name the host they came from.
	process.stderr.write(stderr.replaceAll(/^claude-tui: /gm, `claude-tui: ${host.name}: `));
	return code ?? 1;
}
