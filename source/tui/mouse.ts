// Mouse reports from the outer terminal, moved into the pane's coordinates and re-encoded the way the child asked.
// The TUI always asks the outer terminal for SGR reports (1006): they are unambiguous and have no 223-column limit.

import type {ScreenModes} from '../protocol.js';

export type MouseEncoding = ScreenModes['mouseEncoding'];

export type PaneArea = {x: number; y: number; columns: number; rows: number};

// ESC [ < button ; column ; row (M press | m release), 1-based.
const sgrReport = /\u001B\[<(\d+);(\d+);(\d+)([Mm])/g;

export function containsMouseReport(data: string): boolean {
	return data.includes('\u001B[<');
}

/** Rewrites every SGR mouse report in `data` for the pane; reports outside the pane are dropped. */
export function translateMouse(data: string, area: PaneArea, encoding: MouseEncoding): string {
	return data.replaceAll(sgrReport, (_match, button: string, column: string, row: string, kind: string) => {
		const x = Number(column) - area.x;
		const y = Number(row) - area.y;
		if (x < 1 || y < 1 || x > area.columns || y > area.rows) {
			return '';
		}

		if (encoding !== 'default') {
			// SGR with pixels (1016) is given cells too: the outer terminal was asked for SGR cells, and a program that
			// asked for pixels reads them as the top-left pixel of the cell, close enough for a click.
			return `\u001B[<${button};${x};${y}${kind}`;
		}

		// X10/normal encoding: release is button 3, values offset by 32, coordinates capped by the byte.
		if (x > 223 || y > 223) {
			return '';
		}

		const code = kind === 'm' ? 3 | (Number(button) & ~3) : Number(button);
		return `\u001B[M${String.fromCharCode(32 + code, 32 + x, 32 + y)}`;
	});
}

/** An SGR mouse report of the user's terminal in the pane's coordinates (1-based); undefined for a press left of it. */
export function toPane(report: string, paneX: number): string | undefined {
	const match = /^\u001B\[<(\d+);(\d+);(\d+)([Mm])$/.exec(report);
	if (!match) {
		return undefined;
	}

	const x = Number(match[2]) - paneX;
	const pressed = match[4] === 'M' && (Number(match[1]) & 32) === 0;
	if (x < 1 && pressed) {
		return undefined;
	}

	return `\u001B[<${match[1]};${Math.max(1, x)};${match[3]}${match[4]}`;
}

/** What the mouse takeover needs of copy mode: the one open now, or a new one (at a wheel notch, if one opened it). */
export type CopyModeDoor = {
	open(): {mouse(report: string): void} | undefined;
	openByWheel(report: string): void;
	current(): {mouse(report: string): void} | undefined;
};

/**
Mouse reports over the pane of a program that did not ask for the mouse (we asked for it, as tmux's mouse on): the
wheel up and a drag enter copy mode; the rest is dropped.
*/
export class MouseTakeover {
	// Where the left button went down: a drag from there selects.
	private pressedAt: string | undefined;

	/** The input without the reports, which went to copy mode or nowhere. */
	take(input: string, paneX: number, copy: CopyModeDoor): string {
		return input.replaceAll(/\u001B\[<(\d+);(\d+);(\d+)([Mm])/g, report => {
			const inPane = toPane(report, paneX);
			if (inPane === undefined) {
				return '';
			}

			const button = Number(/\d+/.exec(report)![0]);
			const current = copy.current();
			if (current) {
				// Copy mode began earlier in this same read (a drag): the rest of the drag is its.
				current.mouse(inPane);
			} else if (button === 0 && report.endsWith('M')) {
				this.pressedAt = inPane;
			} else if (button === 64) {
				copy.openByWheel(inPane);
			} else if (button === 32 && this.pressedAt !== undefined) {
				const opened = copy.open();
				opened?.mouse(this.pressedAt);
				opened?.mouse(inPane);
			}

			return '';
		});
	}
}
