// The screen a recording ends on, rebuilt through a headless terminal: what a restorable session shows.
import serializeAddon from '@xterm/addon-serialize';
import type xterm from '@xterm/headless';
import {parseSize, type RecordingProblem} from './asciicast.js';
import {readCastHeader, readRecording} from './cast-reader.js';
import {Feeder} from './feeder.js';
import {createEmulator} from '../terminal/emulator.js';
import {screenText} from '../terminal/rows.js';
import {cursorHidden, serializeScreen} from '../xterm-internals.js';

export type LastScreen = {
	/** ANSI that rebuilds the screen (and `scrollback` rows above it), cursor and modes in a fresh terminal. */
	snapshot: string;
	cols: number;
	rows: number;
	cursor: {x: number; y: number; visible: boolean};
	/** The screen as plain text, one line per row, trailing blanks trimmed. */
	text: string;
	/** Time of the last event, if any. */
	endedAt: Date | undefined;
};

/**
The screen as the recording left it, for showing a restorable session. Starts from the newest file whose
preamble redraws the screen (so it reads at most one generation plus what follows), else from the oldest.
Undefined when no file is readable.
*/
export async function lastScreen(
	castFiles: string | readonly string[],
	options: {scrollback?: number; signal?: AbortSignal; onProblem?: (problem: RecordingProblem) => void} = {},
): Promise<LastScreen | undefined> {
	const allFiles = typeof castFiles === 'string' ? [castFiles] : castFiles;
	let start = 0;
	for (let i = allFiles.length - 1; i > 0; i--) {
		// eslint-disable-next-line no-await-in-loop
		const header = await readCastHeader(allFiles[i]!).catch(() => undefined);
		if (header?.claude_tui?.preamble) {
			start = i;
			break;
		}
	}

	const scrollback = options.scrollback ?? 0;
	let terminal: xterm.Terminal | undefined;
	let feeder: Feeder | undefined;
	let endedAt: number | undefined;
	try {
		for await (const chunk of readRecording(allFiles.slice(start), options)) {
			if (chunk.kind === 'start') {
				const {width, height} = chunk.header;
				if (terminal && feeder) {
					const target = terminal;
					feeder.write('', () => {
						target.resize(width, height);
					});
				} else {
					// The daemon's kind of terminal (Unicode 11 widths): an emoji takes the two cells it took live.
					terminal = createEmulator({cols: width, rows: height, scrollback: Math.max(scrollback, 100)});
					feeder = new Feeder(terminal);
				}

				continue;
			}

			const target = terminal!;
			for (const event of chunk.events) {
				endedAt = event.at;
				if (event.type === 'o') {
					feeder!.write(event.data);
				} else if (event.type === 'r') {
					const size = parseSize(event.data);
					if (size) {
						feeder!.write('', () => {
							target.resize(size.cols, size.rows);
						});
					}
				}
			}

			await feeder!.room();
		}

		if (!terminal || !feeder) {
			return undefined;
		}

		await feeder.settled();
		const serializer = new serializeAddon.SerializeAddon();
		terminal.loadAddon(serializer);
		const snapshot = serializeScreen(terminal, serializer, scrollback);
		const buffer = terminal.buffer.active;
		return {
			snapshot,
			cols: terminal.cols,
			rows: terminal.rows,
			cursor: {x: buffer.cursorX, y: buffer.cursorY, visible: !cursorHidden(terminal)},
			text: screenText(terminal),
			endedAt: endedAt === undefined ? undefined : new Date(endedAt * 1000),
		};
	} finally {
		terminal?.dispose();
	}
}
