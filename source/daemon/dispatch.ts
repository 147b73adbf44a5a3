// JSON-RPC 2.0 over one connection's lines: a request gets its reply, a notification none, a batch one array of the
// replies its requests get; a line that is not JSON-RPC gets the error the spec names, and counts against the
// connection (connection.ts closes one that sends 100 in a row). A handler's failure is the client's reply, never the
// daemon's end.
import {errorCodes, type JsonRpcId, type JsonRpcResponse, type MethodName, RpcError} from '../protocol.js';
import type {Connection} from './connection.js';
import {type Handlers, Params} from './params.js';

type Reply = JsonRpcResponse | undefined;

export class Dispatcher {
	constructor(
		private readonly handlers: Handlers,
		private readonly log: (message: string) => void,
	) {}

	async handleLine(line: string, connection: Connection): Promise<void> {
		let message: unknown;
		try {
			message = JSON.parse(line);
		} catch {
			connection.countBadLine();
			connection.sendError(null, errorCodes.parseError, 'Parse error: the line is not valid JSON');
			return;
		}

		if (Array.isArray(message)) {
			if (message.length === 0) {
				connection.countBadLine();
				connection.sendError(null, errorCodes.invalidRequest, 'Invalid Request: empty batch');
				return;
			}

			const replies = await Promise.all(message.map(async item => this.handleMessage(item, connection)));
			const responses = replies.filter(reply => reply !== undefined);
			if (responses.length > 0) {
				connection.send(responses);
			}

			return;
		}

		const reply = this.handleMessage(message, connection);
		// Replies that are ready now go out now, so an attach snapshot precedes the output that follows it.
		const response = reply instanceof Promise ? await reply : reply;
		if (response !== undefined) {
			connection.send(response);
		}
	}

	private handleMessage(message: unknown, connection: Connection): Reply | Promise<Reply> {
		const request = isObject(message) ? message : {};
		const id = typeof request['id'] === 'string' || typeof request['id'] === 'number' ? request['id'] : null;
		const {method} = request;
		if (
			!isObject(message)
			|| request['jsonrpc'] !== '2.0'
			|| typeof method !== 'string'
			|| (request['id'] !== undefined && request['id'] !== null && id === null)
		) {
			connection.countBadLine();
			return errorResponse(id, errorCodes.invalidRequest, 'Invalid Request: expected {"jsonrpc":"2.0","method":…}');
		}

		connection.countGoodLine();
		const isNotification = request['id'] === undefined;
		if (!this.answers(method)) {
			return isNotification ? undefined : errorResponse(id, errorCodes.methodNotFound, `Method not found: ${method}`);
		}

		const handler: (params: Params, connection: Connection) => unknown = this.handlers[method];
		const settle = (result: unknown): Reply => (isNotification ? undefined : {jsonrpc: '2.0', id, result: result ?? null});
		const fail = (error: unknown): Reply => {
			if (!(error instanceof RpcError)) {
				this.log(`internal error in ${method}: ${(error as Error).stack ?? String(error)}`);
			}

			if (isNotification) {
				return undefined;
			}

			return error instanceof RpcError
				? errorResponse(id, error.code, error.message)
				: errorResponse(id, errorCodes.internalError, `Internal error: ${(error as Error).message}`);
		};

		try {
			const result = handler(new Params(request['params']), connection);
			return result instanceof Promise ? result.then(settle, fail) : settle(result);
		} catch (error) {
			return fail(error);
		}
	}

	/** Whether the method is one the daemon answers (own keys only: "toString" is not a method). */
	private answers(method: string): method is MethodName {
		return Object.hasOwn(this.handlers, method);
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

function errorResponse(id: JsonRpcId | null, code: number, message: string): JsonRpcResponse {
	return {jsonrpc: '2.0', id, error: {code, message}};
}
