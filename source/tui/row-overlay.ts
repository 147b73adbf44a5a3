// Drawing copy mode's highlights (the selection, search matches) over a pane row as the daemon rendered it: the
// cells inside a highlight take its style, the rest keep the program's. Rows hold only SGR and OSC 8, each SGR a
// full style from a reset (terminal/rows.ts), so the style in force anywhere is the last SGR before it. Written by
// hand for that reason: slice-ansi re-parses styles it does not need to and measures widths by another table.
import {codePointWidth} from '../terminal/unicode.js';
import {sequenceEnd} from './ansi-width.js';
import type {Highlight} from './copy-mode.js';

// tmux's defaults: mode-style (the selection), copy-mode-match-style, copy-mode-current-match-style.
const styles: Record<Highlight['kind'], string> = {
	selection: '\u001B[0;30;43m',
	match: '\u001B[0;30;46m',
	current: '\u001B[0;30;45m',
};

const priority: Record<Highlight['kind'], number> = {match: 1, current: 2, selection: 3};

const reset = '\u001B[0m';

/** The highlight over cell `col`, the strongest when several are. */
function highlightAt(highlights: readonly Highlight[], col: number): Highlight['kind'] | undefined {
	let found: Highlight['kind'] | undefined;
	for (const highlight of highlights) {
		if (col >= highlight.from && col < highlight.to && (found === undefined || priority[highlight.kind] > priority[found])) {
			found = highlight.kind;
		}
	}

	return found;
}

/** `row` with `highlights` drawn over it, at most `width` cells (highlights past its text are drawn as blanks). */
export function overlayRow(row: string, highlights: readonly Highlight[], width: number): string {
	if (highlights.length === 0) {
		return row;
	}

	let out = '';
	let program = '';
	let shown: string | undefined;
	let col = 0;
	const want = (style: string) => {
		if (shown !== style) {
			out += style === '' ? reset : style;
			shown = style;
		}
	};

	for (let index = 0; index < row.length;) {
		if (row.charCodeAt(index) === 0x1B) {
			const end = sequenceEnd(row, index);
			const sequence = row.slice(index, end);
			index = end;
			if (sequence.startsWith('\u001B[') && sequence.endsWith('m')) {
				program = sequence === reset ? '' : sequence;
				if (highlightAt(highlights, col) === undefined) {
					want(program);
				}
			} else {
				// Links (OSC 8) go through as they are: a highlight does not end a link.
				out += sequence;
			}

			continue;
		}

		const codePoint = row.codePointAt(index)!;
		const char = String.fromCodePoint(codePoint);
		index += char.length;
		const kind = highlightAt(highlights, col);
		want(kind === undefined ? program : styles[kind]);
		out += char;
		col += codePoint < 0x7F && codePoint >= 0x20 ? 1 : codePointWidth(codePoint);
	}

	// Highlights reaching past the text (a selected empty line, the cursor's cell at a line's end).
	for (; col < width; col++) {
		const kind = highlightAt(highlights, col);
		if (kind === undefined) {
			if (highlights.every(highlight => highlight.to <= col)) {
				break;
			}

			want(program);
		} else {
			want(styles[kind]);
		}

		out += ' ';
	}

	return shown === undefined || shown === '' ? out : out + reset;
}
