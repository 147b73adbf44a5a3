// Checks a request's params and names the offending field, so a bad request gets -32602 that says what to fix.
import {errorCodes, type MethodName, type ResultOf, RpcError} from '../protocol.js';
import type {Connection} from './connection.js';

const maxPathBytes = 4096;

/** How the daemon answers one method: from its params, checked as they come (Params), what the protocol says it answers. */
export type Handler<M extends MethodName> = (params: Params, connection: Connection) => ResultOf<M> | Promise<ResultOf<M>>;

/** A handler for every method of the protocol (protocol.ts Methods): none missing, none answering the wrong shape. */
export type Handlers = {[M in MethodName]: Handler<M>};

export class Params {
	private readonly values: Record<string, unknown>;

	constructor(params: unknown) {
		if (params === undefined || params === null) {
			this.values = {};
		} else if (typeof params === 'object' && !Array.isArray(params)) {
			this.values = params as Record<string, unknown>;
		} else {
			throw invalid('params must be an object');
		}
	}

	string(key: string): string {
		const value = this.optionalString(key);
		if (value === undefined) {
			throw invalid(`"${key}" is required`);
		}

		return value;
	}

	optionalString(key: string): string | undefined {
		const value = this.values[key];
		if (value === undefined || value === null) {
			return undefined;
		}

		if (typeof value !== 'string') {
			throw invalid(`"${key}" must be a string`);
		}

		return value;
	}

	optionalInteger(key: string, min: number, max: number): number | undefined {
		const value = this.values[key];
		if (value === undefined || value === null) {
			return undefined;
		}

		if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
			throw invalid(`"${key}" must be an integer from ${min} to ${max}`);
		}

		return value;
	}

	optionalBoolean(key: string): boolean | undefined {
		const value = this.values[key];
		if (value === undefined || value === null) {
			return undefined;
		}

		if (typeof value !== 'boolean') {
			throw invalid(`"${key}" must be true or false`);
		}

		return value;
	}

	optionalStringArray(key: string): string[] | undefined {
		const value = this.values[key];
		if (value === undefined || value === null) {
			return undefined;
		}

		if (!Array.isArray(value) || !value.every(item => typeof item === 'string')) {
			throw invalid(`"${key}" must be an array of strings`);
		}

		const withNul = value.findIndex(item => item.includes('\0'));
		if (withNul !== -1) {
			throw invalid(`"${key}"[${withNul}] contains a NUL character`);
		}

		return value as string[];
	}

	/** A file or directory path as the kernel takes one: no NUL, at most PATH_MAX (4096) bytes. */
	optionalPath(key: string): string | undefined {
		const value = this.optionalString(key);
		if (value !== undefined && (value.includes('\0') || Buffer.byteLength(value) > maxPathBytes || value === '')) {
			throw invalid(`"${key}" must be a path of 1 to ${maxPathBytes} bytes without NUL characters`);
		}

		return value;
	}

	/** Environment variables: names without "=" or NUL, values without NUL, as execve takes them. */
	optionalEnvironment(key: string): Record<string, string> | undefined {
		const value = this.optionalStringRecord(key);
		for (const [name, setting] of Object.entries(value ?? {})) {
			if (name === '' || name.includes('=') || name.includes('\0')) {
				throw invalid(`"${key}" has a variable name that is empty or holds "=" or NUL: ${JSON.stringify(name)}`);
			}

			if (setting.includes('\0')) {
				throw invalid(`"${key}.${name}" contains a NUL character`);
			}
		}

		return value;
	}

	optionalStringRecord(key: string): Record<string, string> | undefined {
		const value = this.values[key];
		if (value === undefined || value === null) {
			return undefined;
		}

		if (typeof value !== 'object' || Array.isArray(value) || !Object.values(value).every(item => typeof item === 'string')) {
			throw invalid(`"${key}" must be an object of string values`);
		}

		return value as Record<string, string>;
	}

	optionalEnum<T extends string>(key: string, choices: readonly T[]): T | undefined {
		const value = this.optionalString(key);
		if (value !== undefined && !choices.includes(value as T)) {
			throw invalid(`"${key}" must be one of ${choices.join(', ')}`);
		}

		return value as T | undefined;
	}
}

function invalid(message: string): RpcError {
	return new RpcError(errorCodes.invalidParams, `Invalid params: ${message}`);
}
