// `claude-tui ls`: the sessions, of this machine and of every host in the config file. The command a script runs
// most: it loads the client, the table and the config file's hosts, nothing else.
import process from 'node:process';
import type {DaemonClient} from '../../client.js';
import {connectOrStart} from '../../daemon/lifecycle.js';
import {commandLink, type Hosts} from '../../hosts/commands.js';
import {localHostName} from '../../hosts/config.js';
import {type HostedSession, unqualify} from '../../hosts/names.js';
import {configuredHosts, withClient} from '../connect.js';
import {defineCommand} from '../define.js';
import {formatTable, sessionColumns, sessionRow} from '../session-table.js';
import type {Output} from '../spec.js';

export const command = defineCommand({
	usage: 'claude-tui ls [--json]',
	description: 'List sessions: name, id, state, size, attached clients, directory and command.',
	flags: {json: {type: 'boolean'}},
	flagHelp: ['--json              Print JSON'],
	arity: [0, 0],
	async run({flags, socket, output}) {
		const hosts = configuredHosts();
		const local = async () => connectOrStart(socket);
		if (hosts.list.length > 0) {
			await listEveryHost(local, hosts, flags, output);
			return;
		}

		const {sessions} = await withClient(local(), async client => client.request('session.list'));
		if (flags.json) {
			output.out(JSON.stringify(sessions, undefined, 2));
		} else if (sessions.length === 0) {
			output.out('No sessions. Start one with `claude-tui new` or `claude-tui`.');
		} else {
			output.out(formatTable(sessionColumns, sessions.map(session => sessionRow(session))));
		}
	},
});

type HostListing = {host: string | undefined; sessions: HostedSession[]} | {host: string; error: string};

/**
`ls` with hosts: every host asked at once, each within its answer timeout, so one that does not answer is
listed as such without holding up the others. Sessions of this machine are listed first, under `local`.
*/
async function listEveryHost(local: () => Promise<DaemonClient>, hosts: Hosts, {json}: {json: boolean}, {out}: Output): Promise<void> {
	const localListing = (async (): Promise<HostListing> => {
		const {sessions} = await withClient(local(), async client => client.request('session.list'));
		return {host: undefined, sessions};
	})();
	const remote = hosts.list.map(async (host): Promise<HostListing> => {
		try {
			const {sessions} = await withClient(commandLink(hosts, host.name), async link => link.request('session.list'));
			return {host: host.name, sessions};
		} catch (error) {
			return {host: host.name, error: error instanceof Error ? error.message : String(error)};
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
