// The config file read a part at a time: what a command needs (its socket, its hosts: cli/connect.ts) without
// checking, or loading the code that checks, the rest (agent profiles, history options: config.ts, for the daemon
// and the TUI). A mistake in a part a command does not read is reported by what reads it, the daemon as it starts.
import fs from 'node:fs';
import {configFile} from './paths.js';

export class ConfigError extends Error {}

/** The file's JSON object; an empty one when there is no file. */
export function readConfigObject(file: string): Record<string, unknown> {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return {};
		}

		throw new ConfigError(`Cannot read ${file}: ${(error as Error).message}`);
	}

	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
	}

	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new ConfigError(`${file} must hold a JSON object`);
	}

	return value as Record<string, unknown>;
}

/** The config file's "socket", checked as loadConfig checks it. */
export function configuredSocket(file = configFile()): string | undefined {
	const socket = readConfigObject(file)['socket'];
	if (socket === undefined) {
		return undefined;
	}

	if (typeof socket !== 'string' || socket === '') {
		throw new ConfigError(`${file}: "socket" must be a path to a socket, not ${JSON.stringify(socket)}`);
	}

	return socket;
}
