// Searching a recording's history: the text as it looked (rendered through a terminal), with when each line was
// written.
import {historyLines, type RenderOptions} from './render.js';

export type GrepMatch = {
	/** The whole logical line (wrapped rows joined), trailing blanks trimmed. */
	line: string;
	/** 1-based line number in the rendered history (the same numbering as `claude-tui history`). */
	lineNumber: number;
	/** When the event that last wrote to the line was recorded (see render.ts for the approximation). */
	time: Date;
};

export type GrepOptions = RenderOptions & {
	/** Stop after this many matches. */
	maxMatches?: number;
	/** Yield lines that do NOT match (as grep -v). */
	invert?: boolean;
};

/**
Lines of the rendered history that match `pattern`, in order, streamed as the recording is rendered (memory stays
bounded; stop iterating to stop rendering). `g` and `y` flags are ignored (no lastIndex state between lines).
*/
export async function * grepHistory(
	pattern: RegExp,
	castFiles: string | readonly string[],
	options: GrepOptions = {},
): AsyncGenerator<GrepMatch> {
	const regex = new RegExp(pattern.source, pattern.flags.replaceAll(/[gy]/g, ''));
	const max = options.maxMatches ?? Number.POSITIVE_INFINITY;
	let found = 0;
	if (max <= 0) {
		return;
	}

	for await (const line of historyLines(castFiles, options)) {
		if (regex.test(line.text) !== (options.invert === true)) {
			yield {line: line.text, lineNumber: line.lineNumber, time: line.time};
			if (++found >= max) {
				return;
			}
		}
	}
}
