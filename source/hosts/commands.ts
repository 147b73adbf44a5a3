// The commands' side of hosts: which daemon a command talks to, this machine's or, for HOST:SESSION, that host's
// over ssh. The commands that use it are in cli/ (ls across every host: list-hosts.ts; history commands run on a
// host: on-host.ts). A link is loaded only when a host is used.
import process from 'node:process';
import type {DaemonClient, RpcClient} from '../client.js';
import {UsageError} from '../cli/errors.js';
import {type HostConfig, type HostsConfig, sshCommandWords} from './config.js';
import type {HostLink} from './link.js';
import {splitReference} from './names.js';

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
export async function commandLink(hosts: Hosts, name: string): Promise<HostLink> {
	const host = findHost(hosts, name);
	const {HostLink} = await import('./link.js');
	return new HostLink({host, ssh: hosts.ssh, env: hosts.env, reconnect: false, subscribe: false});
}

/**
The client a command about `reference` talks to: the host's link for HOST:SESSION, else this machine's daemon.
Either way the command passes the reference as it was given; a link takes the host off itself.
*/
export async function clientForReference(reference: string | undefined, hosts: Hosts, local: () => Promise<DaemonClient>): Promise<RpcClient> {
	const host = reference === undefined ? undefined : splitReference(reference, hostNames(hosts)).host;
	return host === undefined ? local() : commandLink(hosts, host);
}
