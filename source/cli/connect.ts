// Which daemon a command talks to: this machine's (started when none runs, or only an existing one), or the host's
// that a HOST:SESSION names (config "hosts", read only by the commands that may reach other machines, and the
// hosts' code loaded only when the file has some: `ls` without hosts never loads it).
import fs from 'node:fs';
import path from 'node:path';
import {DaemonClient, DaemonUnavailableError, type RpcClient} from '../client.js';
import {ConfigError, readConfigObject} from '../config-file.js';
import {awaitOwnerSocket, connectOrStart} from '../daemon/lifecycle.js';
import type {Hosts} from '../hosts/commands.js';
import {checkPrivateDirectory, configFile} from '../paths.js';

/**
The config file's hosts. Only the hosts are read: a mistake in the daemon's part of the file is the daemon's to
report as it starts.
*/
export async function configuredHosts(file = configFile()): Promise<Hosts> {
	const config = readConfigObject(file);
	if (config['hosts'] === undefined && config['ssh'] === undefined) {
		return {list: [], ssh: [], env: process.env};
	}

	const [{parseHostsConfig}, {hostsFromConfig}] = await Promise.all([import('../hosts/config.js'), import('../hosts/commands.js')]);
	return hostsFromConfig(parseHostsConfig(config, message => new ConfigError(`${file}: ${message}`)));
}

/** The client for a command about `reference` (HOST:SESSION or a session of this machine, whose daemon is started when none runs). */
export async function sessionClient(socket: string, reference: string | undefined): Promise<RpcClient> {
	const hosts = await configuredHosts();
	const local = async () => connectOrStart(socket);
	if (hosts.list.length === 0) {
		return local();
	}

	const {clientForReference} = await import('../hosts/commands.js');
	return clientForReference(reference, hosts, local);
}

/** Runs `work` with a client, closed after it whatever happens. */
export async function withClient<T>(client: RpcClient | Promise<RpcClient>, work: (client: RpcClient) => Promise<T>): Promise<T> {
	const connected = await client;
	try {
		return await work(connected);
	} finally {
		connected.close();
	}
}

/** This machine's daemon, without starting one: for status and stop-daemon. */
export async function connectExisting(socket: string): Promise<DaemonClient> {
	if (fs.existsSync(path.dirname(socket))) {
		checkPrivateDirectory(path.dirname(socket));
	}

	try {
		return await DaemonClient.connect(socket);
	} catch (error) {
		// A daemon that lost its socket file makes it again: wait for it rather than say none runs.
		if (error instanceof DaemonUnavailableError && await awaitOwnerSocket(socket)) {
			return DaemonClient.connect(socket);
		}

		throw error;
	}
}
