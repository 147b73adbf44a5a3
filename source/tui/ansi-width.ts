// Measuring and cutting text that may carry SGR codes, in terminal cells: for composing screen rows from pieces
// (chrome beside the pane, prompts over it), where one cell off shifts everything after it.
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';

// eslint-disable-next-line no-control-regex
const sgr = /\u001B\[[\d;]*m/g;
// Characters that are one cell wide everywhere: ASCII, Latin, punctuation like … and the arrows, box lines and
// shapes the chrome draws with (U+25FD and U+25FE are emoji, hence the cut-off).
const narrow = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u2010-\u2027\u2190-\u21FF\u2500-\u25FC\u2713-\u2717]*$/;

/**
Visible width in cells of text that may carry SGR codes. String-width costs ~30 µs a line (it segments
graphemes); chrome lines are nearly always simple, so count those directly.
*/
export function textWidth(text: string): number {
	const plain = text.includes('\u001B') ? text.replaceAll(sgr, '') : text;
	return narrow.test(plain) ? plain.length : stringWidth(text);
}

/** `text` cut to at most `width` cells (styles cut through are closed), and the cells it takes. */
export function cutAnsi(text: string, width: number): {text: string; width: number} {
	let used = textWidth(text);
	if (used <= width) {
		return {text, width: used};
	}

	// A wide character straddling the edge must not make the piece one cell too wide: narrow the slice until it fits.
	let fitted: string;
	let end = width;
	do {
		fitted = sliceAnsi(text, 0, end);
		used = textWidth(fitted);
		end--;
	} while (used > width && end > 0);
	return used > width ? {text: '', width: 0} : {text: fitted, width: used};
}
