// What every mock of a model's API shares: plain node `http` on 127.0.0.1 (a free port), each request's body read
// whole before it is answered, and the responses still open (a stream held while the "model" thinks) ended by
// close(). `gone` aborts when the client goes away (Esc, a killed process), so no wait outlives its request.
import http from 'node:http';
import type {AddressInfo} from 'node:net';

export type MockAnswer = (request: http.IncomingMessage, response: http.ServerResponse, body: string, gone: AbortSignal) => Promise<void>;

export type MockServer = {
	/** `http://127.0.0.1:PORT`. */
	origin: string;
	close(): Promise<void>;
};

export async function startMockServer(answer: MockAnswer): Promise<MockServer> {
	const open = new Set<http.ServerResponse>();
	const server = http.createServer((request, response) => {
		let raw = '';
		request.setEncoding('utf8');
		request.on('data', (chunk: string) => {
			raw += chunk;
		});
		request.on('end', () => {
			const gone = new AbortController();
			open.add(response);
			response.once('close', () => {
				open.delete(response);
				gone.abort();
			});
			answer(request, response, raw, gone.signal).catch(() => {
				// The client went away mid-answer: nothing to tell it.
				response.destroy();
			});
		});
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as AddressInfo;
			resolve({
				origin: `http://127.0.0.1:${port}`,
				async close() {
					for (const response of open) {
						response.destroy();
					}

					server.closeAllConnections();
					await new Promise<void>(done => {
						server.close(() => {
							done();
						});
					});
				},
			});
		});
	});
}

/** A mock model API as a test holds it: where it listens, every request it was asked (in order), what it answers. */
export type MockApi<Request, Reply> = {
	/** For the agent's base-URL setting. */
	url: string;
	readonly requests: Request[];
	/** Replaces the script: what the model answers, as a function of the request (the conversation so far). */
	setScript(script: (request: Request) => Reply): void;
	close(): Promise<void>;
};

/** Keeps every request and answers it by the script of the moment; a script that throws answers with its error. */
export function scripted<Request, Reply>(script: (request: Request) => Reply, failed: (message: string) => Reply) {
	let current = script;
	const requests: Request[] = [];
	return {
		requests,
		reply(request: Request): Reply {
			requests.push(request);
			try {
				return current(request);
			} catch (error) {
				return failed(`mock script failed: ${(error as Error).message}`);
			}
		},
		api(url: string, server: MockServer): MockApi<Request, Reply> {
			return {
				url,
				requests,
				setScript(next) {
					current = next;
				},
				close: async () => server.close(),
			};
		},
	};
}
