// A session's history older than what its terminal keeps in memory: its recording on disk rendered as text
// (history/render.ts, as `claude-tui history` prints it), without the lines memory still holds, cut into rows of the
// width asked for. Copy mode pages through it and searches it (session.history, session.search), so finding what an
// agent printed an hour ago does not depend on the 2,000 lines a terminal keeps.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type xterm from '@xterm/headless';
import {historyLines} from '../history/render.js';
import {type TextRows, wrapLines} from '../terminal/text-rows.js';

/** One rendering of the history, fixed while copy mode reads it: `version` names it in requests. */
export type Archive = {
	version: string;
	/** Logical lines older than the oldest line in memory. */
	lines: string[];
	/** Whether lines older still were dropped to bound memory. */
	truncated: boolean;
	rows(cols: number): ArchiveRows;
};

export type ArchiveRows = TextRows & {texts: string[]; wrappedRows: boolean[]};

// Text kept per archive at most (UTF-16 units); older lines are dropped first.
const maxChars = 48 * 1024 * 1024;
// An archive nobody read for this long is dropped.
const idleMs = 60_000;
// Lines of memory compared with the recording to find where memory starts in it.
const probeLines = 8;

type Entry = {archive: Archive; key: string; usedAt: number};

export class HistoryArchives {
	private readonly entries = new Map<string, Entry>();
	private readonly building = new Map<string, Promise<Entry>>();
	private readonly sweeper: NodeJS.Timeout;

	constructor(private readonly log: (message: string) => void) {
		this.sweeper = setInterval(() => {
			this.sweep();
		}, idleMs / 2);
		this.sweeper.unref();
	}

	/**
	The archive of a session: the one named by `version` (an error if it is gone), else the newest, rendered again when
	the recording grew since.
	*/
	async get(id: string, files: string[], memory: xterm.IBuffer, version?: string): Promise<Archive> {
		const current = this.entries.get(id);
		if (version !== undefined) {
			if (current?.archive.version !== version) {
				throw new Error('that rendering of the history is gone; ask again without "version"');
			}

			current.usedAt = Date.now();
			return current.archive;
		}

		const key = await filesKey(files);
		if (current?.key === key) {
			current.usedAt = Date.now();
			return current.archive;
		}

		let building = this.building.get(id);
		if (!building) {
			building = this.build(files, memory, key).finally(() => {
				this.building.delete(id);
			});
			this.building.set(id, building);
		}

		const entry = await building;
		this.entries.set(id, entry);
		return entry.archive;
	}

	forget(id: string): void {
		this.entries.delete(id);
	}

	dispose(): void {
		clearInterval(this.sweeper);
		this.entries.clear();
	}

	private sweep(): void {
		const now = Date.now();
		for (const [id, entry] of this.entries) {
			if (now - entry.usedAt > idleMs) {
				this.entries.delete(id);
			}
		}
	}

	private async build(files: string[], memory: xterm.IBuffer, key: string): Promise<Entry> {
		const all: string[] = [];
		let chars = 0;
		let dropped = 0;
		for await (const line of historyLines(files, {onProblem: problem => this.log(`recording ${problem.file}: ${problem.message}`)})) {
			all.push(line.text);
			chars += line.text.length;
			while (chars > maxChars && dropped < all.length) {
				chars -= all[dropped]!.length;
				all[dropped] = '';
				dropped++;
			}
		}

		const lines = all.slice(dropped, memoryStart(all, logicalLines(memory)));
		const archive: Archive = {version: crypto.randomBytes(6).toString('hex'), lines, truncated: dropped > 0, rows: rowsOf(lines)};
		return {archive, key, usedAt: Date.now()};
	}
}

/** Cuts lines into rows of `cols` cells, once per width. */
function rowsOf(lines: string[]): (cols: number) => ArchiveRows {
	const byWidth = new Map<number, ArchiveRows>();
	return cols => {
		let rows = byWidth.get(cols);
		if (!rows) {
			const {texts, wrappedRows} = wrapLines(lines, cols);
			rows = {texts, wrappedRows, count: texts.length, text: row => texts[row], wrapped: row => wrappedRows[row] === true};
			// One width at a time is what a client reads; a second client at another width replaces it.
			byWidth.clear();
			byWidth.set(cols, rows);
		}

		return rows;
	};
}

/** The buffer's logical lines (wrapped rows joined), trailing blanks trimmed. */
function logicalLines(buffer: xterm.IBuffer): string[] {
	const lines: string[] = [];
	for (let y = 0; y < buffer.length; y++) {
		const line = buffer.getLine(y);
		const text = line?.translateToString(true) ?? '';
		if (y > 0 && line?.isWrapped) {
			lines[lines.length - 1] = (lines.at(-1) ?? '') + text;
		} else {
			lines.push(text);
		}
	}

	return lines;
}

/**
Where in the recording's lines the lines in memory start. The recording ends with them, give or take the screen's
blank rows and what a clear put into history: the first few non-blank lines of memory are looked for, nearest the
place their count predicts. Without a match, everything but the last lines (as many as memory holds) is older.
*/
export function memoryStart(recorded: string[], memory: string[]): number {
	const probe: Array<{offset: number; text: string}> = [];
	for (const [offset, text] of memory.entries()) {
		if (text.trim() !== '') {
			probe.push({offset, text: text.trimEnd()});
			if (probe.length >= probeLines) {
				break;
			}
		}
	}

	const predicted = Math.max(0, recorded.length - memory.length);
	if (probe.length === 0) {
		return recorded.length;
	}

	let best = {start: predicted, score: 0, distance: Number.POSITIVE_INFINITY};
	for (let start = 0; start <= recorded.length; start++) {
		let score = 0;
		for (const {offset, text} of probe) {
			if (recorded[start + offset]?.trimEnd() === text) {
				score++;
			}
		}

		const distance = Math.abs(start - predicted);
		if (score > best.score || (score === best.score && score > 0 && distance < best.distance)) {
			best = {start, score, distance};
		}
	}

	return best.score >= Math.min(2, probe.length) ? best.start : predicted;
}

/** Changes whenever a recording file does. */
async function filesKey(files: string[]): Promise<string> {
	const sizes = await Promise.all(files.map(async file => {
		const stat = await fs.stat(file).catch(() => undefined);
		return `${file}:${stat?.size ?? -1}:${stat?.mtimeMs ?? 0}`;
	}));
	return sizes.join('|');
}
