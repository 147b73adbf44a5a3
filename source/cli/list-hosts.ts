// `claude-tui ls` when the config file names hosts: every host's sessions beside this machine's.
import process from 'node:process';
import type {DaemonClient} from '../client.js';
import {commandLink, type Hosts} from '../hosts/commands.js';
import {localHostName} from '../hosts/config.js';
import {type HostedSession, unqualify} from '../hosts/names.js';
import {withClient} from './connect.js';
import {errorMessage} from './errors.js';
import {formatTable, sessionColumns, sessionRow} from './session-table.js';
import type {Output} from './spec.js';

type HostListing = {host: string | undefined; sessions: HostedSession[]} | {host: string; error: string};

/**
`ls` with hosts: every host asked at once, each within its answer timeout, so one that does not answer is
listed as such without holding up the others. Sessions of this machine are listed first, under `local`.
*/
export async function listEveryHost(local: () => Promise<DaemonClient>, hosts: Hosts, {json}: {json: boolean}, {out}: Output): Promise<void> {
	const localListing = (async (): Promise<HostListing> => {
		const {sessions} = await withClient(local(), async client => client.request('session.list'));
		return {host: undefined, sessions};
	})();
	const remote = hosts.list.map(async (host): Promise<HostListing> => {
		try {
			const {sessions} = await withClient(commandLink(hosts, host.name), async link => link.request('session.list'));
			return {host: host.name, sessions};
		} catch (error) {
			return {host: host.name, error: errorMessage(error)};
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
