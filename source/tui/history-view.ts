// What the scrollback view shows: the session's history as the daemon has it, fetched when the view opens. The live
// mirror cannot be trusted for it: during a flood the daemon sends it screens, not the lines that scrolled by.
import xterm from '@xterm/headless';
import type {DaemonClient} from '../client.js';

/** Lines of history fetched: as many as the daemon keeps by default. */
export const historyLines = 2000;

export class HistoryView {
	private constructor(
		readonly sessionId: string,
		readonly terminal: xterm.Terminal,
	) {}

	/** The session's screen and up to `historyLines` lines above it, in a terminal of the mirror's size. */
	static async fetch(client: DaemonClient, sessionId: string, columns: number, rows: number): Promise<HistoryView> {
		const {text} = await client.request<{text: string}>('session.capture', {session: sessionId, format: 'ansi', scrollback: historyLines});
		const terminal = new xterm.Terminal({cols: columns, rows, scrollback: historyLines, allowProposedApi: true});
		await new Promise<void>(resolve => {
			terminal.write(text, resolve);
		});
		return new HistoryView(sessionId, terminal);
	}

	/** Lines of history above the screen. */
	get historyLength(): number {
		return this.terminal.buffer.active.baseY;
	}

	dispose(): void {
		this.terminal.dispose();
	}
}
