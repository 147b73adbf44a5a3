// Measuring and cutting text that may carry SGR and OSC 8 (hyperlink) sequences, in terminal cells: for composing
// screen rows from pieces (chrome beside the pane, prompts over it, a session wider than the pane), where one cell
// off shifts everything after it. Widths come from the table the daemon's terminals use (terminal/unicode.ts), so a
// row the daemon rendered measures here exactly as it was laid out there. Written by hand because slice-ansi and
// string-width measure graphemes (an emoji ZWJ sequence as 2 cells, where the terminals here count each emoji) and
// do not know OSC 8.
import {codePointWidth, plainWidth} from '../terminal/unicode.js';

const escape = '\u001B';
const reset = '\u001B[0m';
const linkEnd = '\u001B]8;;\u001B\\';

/** Where the escape sequence starting at `index` ends (one past it): CSI …final, or OSC … ST / BEL. */
export function sequenceEnd(text: string, index: number): number {
	const kind = text.charCodeAt(index + 1);
	if (kind === 0x5B) {
		// CSI: parameters and intermediates, then one final byte in @–~.
		let end = index + 2;
		while (end < text.length) {
			const code = text.charCodeAt(end);
			end++;
			if (code >= 0x40 && code <= 0x7E) {
				break;
			}
		}

		return end;
	}

	if (kind === 0x5D) {
		const st = text.indexOf('\u001B\\', index + 2);
		const bel = text.indexOf('\u0007', index + 2);
		if (bel !== -1 && (st === -1 || bel < st)) {
			return bel + 1;
		}

		return st === -1 ? text.length : st + 2;
	}

	return Math.min(text.length, index + 2);
}

/** Visible width in cells of text that may carry SGR and OSC 8 sequences. */
export function textWidth(text: string): number {
	if (!text.includes(escape)) {
		return plainWidth(text);
	}

	let cells = 0;
	let start = 0;
	for (let index = text.indexOf(escape); index !== -1; index = text.indexOf(escape, start)) {
		cells += plainWidth(text.slice(start, index));
		start = sequenceEnd(text, index);
	}

	return cells + plainWidth(text.slice(start));
}

/**
`text` cut to at most `width` cells, and the cells it takes. The sequences before the cut are kept (the styles and
link in force are closed after it); a wide character that would straddle the edge is left out whole, and combining
marks stay with the character they follow.
*/
export function cutAnsi(text: string, width: number): {text: string; width: number} {
	let used = textWidth(text);
	if (used <= width) {
		return {text, width: used};
	}

	used = 0;
	let out = '';
	let styled = false;
	let linked = false;
	let index = 0;
	while (index < text.length) {
		const code = text.charCodeAt(index);
		if (code === 0x1B) {
			const end = sequenceEnd(text, index);
			const sequence = text.slice(index, end);
			if (sequence.startsWith('\u001B]8;')) {
				linked = sequence !== linkEnd;
			} else {
				styled = sequence !== reset;
			}

			out += sequence;
			index = end;
			continue;
		}

		const codePoint = text.codePointAt(index)!;
		const size = codePoint > 0xFFFF ? 2 : 1;
		const cells = code >= 0x20 && code < 0x7F ? 1 : codePointWidth(codePoint);
		if (used + cells > width) {
			break;
		}

		used += cells;
		out += text.slice(index, index + size);
		index += size;
	}

	// Marks that combine with the last character kept belong to it.
	while (index < text.length && text.charCodeAt(index) !== 0x1B) {
		const codePoint = text.codePointAt(index)!;
		if (codePointWidth(codePoint) !== 0) {
			break;
		}

		out += String.fromCodePoint(codePoint);
		index += codePoint > 0xFFFF ? 2 : 1;
	}

	return {text: out + (linked ? linkEnd : '') + (styled ? reset : ''), width: used};
}
