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
