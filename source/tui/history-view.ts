// What the scrollback view shows: the session's history as the daemon's terminal has it, rendered there into rows
// (session.rows) when the view opens. The TUI keeps no copy of its own: the daemon's is the one that is exact.
import type {RpcClient} from '../client.js';
import type {RowsResult} from '../protocol.js';

/** Lines of history fetched: as many as the daemon keeps by default. */
export const historyLines = 2000;

export class HistoryView {
	private constructor(
		readonly sessionId: string,
		/** The rows: history first, the screen as it was last. */
		private readonly rows: string[],
		/** How many of `rows` are above the screen. */
		readonly historyLength: number,
		readonly cols: number,
	) {}

	/** The session's screen and up to `historyLines` lines above it. */
	static async fetch(client: RpcClient, sessionId: string): Promise<HistoryView> {
		const probe = await client.request<RowsResult>('session.rows', {session: sessionId, count: 0});
		const start = Math.max(0, probe.screenTop - historyLines);
		const result = await client.request<RowsResult>('session.rows', {session: sessionId, start, count: probe.total - start});
		return new HistoryView(sessionId, result.rows, Math.max(0, result.screenTop - result.start), result.cols);
	}

	/** `height` rows, `offset` lines above the live screen (0: the screen). */
	window(offset: number, height: number): string[] {
		const top = Math.max(0, this.historyLength - Math.max(0, Math.min(offset, this.historyLength)));
		const rows = this.rows.slice(top, top + height);
		while (rows.length < height) {
			rows.push('');
		}

		return rows;
	}
}
