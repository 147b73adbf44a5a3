// The daemon's methods for copy mode: the history on disk older than memory (session.history), searching it
// (session.search), and the paste buffer every client shares (buffer.set, buffer.get, buffer.paste), as tmux keeps
// its buffers in its server. Pasting is the daemon's too, so it comes in order with the keys typed around it.
import {errorCodes, RpcError, type HistoryRowsResult, type SearchResult} from '../protocol.js';
import {findText} from '../terminal/text-rows.js';
import type {Archive, HistoryArchives} from './archive.js';
import type {Handlers, Params} from './params.js';
import type {Session} from './session.js';

export type CopyMethodsOptions = {
	resolve: (reference: string) => Session;
	archives: HistoryArchives;
	/** The session's recording files, oldest first; none when nothing is recorded. */
	recordingFiles: (session: Session) => Promise<string[]>;
};

// session.history answers at most this many rows at a time.
const maxRowsPerRequest = 10_000;
// session.search looks at this many rows per request at most (about 20 ms), then says where to go on.
const searchRowsPerRequest = 200_000;
// A paste buffer as large as a request line may carry.
const maxBufferChars = 512 * 1024;

/**
What a paste of `text` types into a program: newlines as Enter (carriage returns, as tmux's paste-buffer), inside
bracketed-paste markers when the program asked for them, with any markers in the text taken out so that the paste
cannot end early and have the rest read as keys.
*/
export function pasteInput(text: string, bracketed: boolean): string {
	const body = text.replaceAll(/\r?\n/g, '\r');
	return bracketed ? `\u001B[200~${body.replaceAll(/\u001B\[20[01]~/g, '')}\u001B[201~` : body;
}

export function copyMethods(options: CopyMethodsOptions): Pick<Handlers, 'session.history' | 'session.search' | 'buffer.set' | 'buffer.get' | 'buffer.paste'> {
	let pasteBuffer = '';
	const archiveOf = async (params: Params): Promise<{archive: Archive | undefined; cols: number}> => {
		const session = options.resolve(params.string('session'));
		const cols = params.optionalInteger('cols', 1, 1000) ?? session.cols;
		const files = await options.recordingFiles(session);
		if (files.length === 0) {
			return {archive: undefined, cols};
		}

		await session.terminal.settled();
		try {
			return {archive: await options.archives.get(session.id, files, session.terminal.buffer.normal, params.optionalString('version')), cols};
		} catch (error) {
			throw new RpcError(errorCodes.invalidParams, `Invalid params: "version": ${(error as Error).message}`);
		}
	};

	return {
		'session.history': async params => {
			const {archive, cols} = await archiveOf(params);
			const start = params.optionalInteger('start', 0, Number.MAX_SAFE_INTEGER) ?? 0;
			const count = params.optionalInteger('count', 0, maxRowsPerRequest) ?? maxRowsPerRequest;
			const rows = archive?.rows(cols);
			const texts = rows?.texts.slice(start, start + count) ?? [];
			const wrapped: number[] = [];
			for (let index = 0; index < texts.length; index++) {
				if (rows?.wrappedRows[start + index]) {
					wrapped.push(index);
				}
			}

			const result: HistoryRowsResult = {
				version: archive?.version ?? '',
				rows: texts,
				wrapped,
				start,
				total: rows?.count ?? 0,
				cols,
				truncated: archive?.truncated ?? false,
			};
			return result;
		},
		'session.search': async params => {
			const query = params.string('query');
			if (query === '' || query.length > 1000) {
				throw new RpcError(errorCodes.invalidParams, 'Invalid params: "query" must be 1-1000 characters');
			}

			const {archive, cols} = await archiveOf(params);
			const rows = archive?.rows(cols);
			const from = {
				row: params.optionalInteger('row', 0, Number.MAX_SAFE_INTEGER) ?? 0,
				col: params.optionalInteger('col', -1, Number.MAX_SAFE_INTEGER) ?? 0,
			};
			const result: SearchResult = {match: null, next: null};
			if (!rows || rows.count === 0 || from.row >= rows.count) {
				return result;
			}

			const found = findText(rows, query, {
				from,
				backward: params.optionalBoolean('backward') ?? false,
				caseSensitive: params.optionalBoolean('caseSensitive'),
				maxRows: searchRowsPerRequest,
			});
			return found.match ? {match: found.match, next: null} : {match: null, next: found.next ?? null};
		},
		'buffer.set': params => {
			const text = params.string('text');
			if (text.length > maxBufferChars) {
				throw new RpcError(errorCodes.invalidParams, `Invalid params: "text" is longer than ${maxBufferChars} characters`);
			}

			pasteBuffer = text;
			return {ok: true};
		},
		'buffer.get': () => ({text: pasteBuffer}),
		'buffer.paste': (params, connection) => {
			const session = options.resolve(params.string('session'));
			if (connection.attachments.get(session.id)?.readOnly) {
				throw new RpcError(errorCodes.readOnly, `Attached read-only to "${session.name}"`);
			}

			if (!session.running) {
				throw new RpcError(errorCodes.sessionExited, `Session "${session.name}" is not running`);
			}

			if (pasteBuffer !== '') {
				session.write(pasteInput(pasteBuffer, session.terminal.modes.bracketedPasteMode));
			}

			return {pasted: pasteBuffer.length};
		},
	};
}
