// The commands' side of hosts: HOST:SESSION sent to that host's daemon, `ls` across every host at once, and the
// history commands run on the host itself over ssh, where the recordings are.
import {spawn} from 'node:child_process';
import process from 'node:process';
import {createInterface} from 'node:readline';
import type {DaemonClient, RpcClient} from '../client.js';
import {formatTable, type Output, sessionColumns, sessionRow, UsageError} from '../commands.js';
import {grepLine, type HistoryCommandContext, runHistoryCommand} from '../history-commands.js';
import {type HostConfig, type HostsConfig, localHostName, sshCommandWords} from './config.js';
import {HostLink} from './link.js';
import {type HostedSession, qualify, splitReference, unqualify} from './names.js';
import {describeSshFailure, sshInvocation} from './ssh.js';

export type Hosts = {
	list: HostConfig[];
	ssh: string[];
	env: NodeJS.ProcessEnv;
};

export function hostsFromConfig(config: HostsConfig, env: NodeJS.ProcessEnv = process.env): Hosts {
	const list = config.hosts ?? [];
	return {list, ssh: list.length === 0 ? [] : sshCommandWords(config, env), env};
}

export function hostNames(hosts: Hosts): string[] {
	return hosts.list.map(host => host.name);
}

export function findHost(hosts: Hosts, name: string): HostConfig {
	const host = hosts.list.find(entry => entry.name === name);
	if (!host) {
		const known = hostNames(hosts);
		throw new UsageError(known.length === 0
			? `No host "${name}": the config file lists no "hosts"`
			: `No host "${name}" in the config file's "hosts" (there are ${known.join(', ')})`);
	}

	return host;
}

/** A link for one command: one try, no session list kept. */
export function commandLink(hosts: Hosts, name: string): HostLink {
	return new HostLink({host: findHost(hosts, name), ssh: hosts.ssh, env: hosts.env, reconnect: false, subscribe: false});
}

/**
The client a command about `reference` talks to: the host's link for HOST:SESSION, else this machine's daemon.
Either way the command passes the reference as it was given; a link takes the host off itself.
*/
export async function clientForReference(reference: string | undefined, hosts: Hosts, local: () => Promise<DaemonClient>): Promise<RpcClient> {
	const host = reference === undefined ? undefined : splitReference(reference, hostNames(hosts)).host;
	return host === undefined ? local() : commandLink(hosts, host);
}

type HostListing = {host: string | undefined; sessions: HostedSession[]} | {host: string; error: string};

/**
`ls` with hosts: every host asked at once, each within its answer timeout, so one that does not answer is
listed as such without holding up the others. Sessions of this machine are listed first, under `local`.
*/
export async function listEveryHost(local: () => Promise<DaemonClient>, hosts: Hosts, {json}: {json: boolean}, {out}: Output): Promise<void> {
	const localListing = (async (): Promise<HostListing> => {
		const client = await local();
		try {
			return {host: undefined, sessions: (await client.request('session.list')).sessions};
		} finally {
			client.close();
		}
	})();
	const remote = hosts.list.map(async (host): Promise<HostListing> => {
		const link = commandLink(hosts, host.name);
		try {
			return {host: host.name, sessions: (await link.request('session.list')).sessions};
		} catch (error) {
			return {host: host.name, error: (error as Error).message};
		} finally {
			link.close();
		}
	});
	const listings = await Promise.all([localListing, ...remote]);
	for (const listing of listings) {
		if ('error' in listing) {
			process.stderr.write(`claude-tui: ${listing.error}\n`);
		}
	}

	if (json) {
		out(JSON.stringify(listings.flatMap(listing => ('sessions' in listing ? listing.sessions : [])), undefined, 2));
		return;
	}

	const rows = listings.flatMap(listing => {
		const host = listing.host ?? localHostName;
		if ('error' in listing) {
			return [[host, '-', '-', 'unreachable', '-', '-', '-', '-']];
		}

		return listing.sessions.map(session => [host, ...sessionRow(session, {
			name: listing.host ? unqualify(listing.host, session.name) : session.name,
			id: listing.host ? unqualify(listing.host, session.id) : session.id,
		})]);
	});
	out(formatTable(['HOST', ...sessionColumns], rows));
}

// --- The history commands on a host ----------------------------------------------------------------------

/**
The history commands when a session they name is on a host; false when none is (this machine's own path runs).
restore goes to the host's daemon like any session request; the others run on the host (runHistoryOnHost).
*/
export async function runHistoryCommandWithHosts(name: string, context: HistoryCommandContext, hosts: Hosts): Promise<boolean> {
	const names = hostNames(hosts);
	const onHost = (reference: string) => splitReference(reference, names).host !== undefined;
	if (name === 'grep') {
		const [pattern, ...references] = context.inputs;
		const remote = references.filter(reference => onHost(reference));
		if (remote.length === 0) {
			return false;
		}

		const local = references.filter(reference => !onHost(reference));
		let found = false;
		if (local.length > 0) {
			await runHistoryCommand('grep', {...context, inputs: [pattern!, ...local]});
			found = process.exitCode !== 1;
		}

		found = await grepOnHosts(pattern!, remote, context.flags, hosts, context.output) > 0 || found;
		if (process.exitCode === undefined || process.exitCode === 0 || process.exitCode === 1) {
			process.exitCode = found ? 0 : 1;
		}

		return true;
	}

	const reference = context.inputs[0]!;
	if (!onHost(reference)) {
		return false;
	}

	if (name === 'restore') {
		const link = commandLink(hosts, splitReference(reference, names).host!);
		try {
			context.output.out((await link.request('session.restore', {session: reference})).name);
		} finally {
			link.close();
		}
	} else if (name === 'replay' || name === 'history') {
		await runHistoryOnHost(name, context.inputs, context.flags, hosts);
	} else {
		throw new UsageError(`Unknown command "${name}"`);
	}

	return true;
}

/**
replay, history and grep read a session's recordings, which are on the host: they run there, as
`claude-tui history web` over ssh, and their output comes back as it is made. The remote command reads its
own files whether or not its daemon runs, streams a history of any size without a protocol method to carry
it, and replay gets a terminal there (ssh -t) for its timing and its keys.
*/
async function runHistoryOnHost(name: 'replay' | 'history', inputs: string[], flags: Record<string, unknown>, hosts: Hosts): Promise<void> {
	const {host, session} = splitReference(inputs[0]!, hostNames(hosts));
	const args = [name, session];
	if (name === 'replay') {
		for (const [flag, option] of [['speed', '--speed'], ['idleLimit', '--idle-limit']] as const) {
			if (flags[flag] !== undefined) {
				args.push(option, String(flags[flag]));
			}
		}
	}

	const tty = name === 'replay' && process.stdin.isTTY === true && process.stdout.isTTY === true;
	process.exitCode = await runOnHost(hosts, findHost(hosts, host!), args, {tty});
}

/** grep over the sessions named on hosts: each host searches its own, in JSON, and the matches print here. */
async function grepOnHosts(
	pattern: string,
	references: string[],
	flags: Record<string, unknown>,
	hosts: Hosts,
	{out}: Output,
): Promise<number> {
	const byHost = new Map<string, string[]>();
	for (const reference of references) {
		const {host, session} = splitReference(reference, hostNames(hosts));
		byHost.set(host!, [...(byHost.get(host!) ?? []), session]);
	}

	const json = flags['json'] === true;
	const nameWidth = Math.max(0, ...references.map(reference => reference.length));
	let found = 0;
	for (const [hostName, sessions] of byHost) {
		const args = ['grep', '--json', ...(flags['ignoreCase'] ? ['-i'] : []), ...(flags['fixedStrings'] ? ['-F'] : []), '--', pattern, ...sessions];
		// eslint-disable-next-line no-await-in-loop
		const code = await runOnHost(hosts, findHost(hosts, hostName), args, {
			onLine(line) {
				let match: {session: string; id: string; time: string; line: number; text: string};
				try {
					match = JSON.parse(line) as typeof match;
				} catch {
					return;
				}

				found++;
				out(grepLine({...match, session: qualify(hostName, match.session), id: qualify(hostName, match.id), time: new Date(match.time)}, {json, nameWidth}));
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
