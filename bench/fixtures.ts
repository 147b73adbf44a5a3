// Files the measurements print: a large text file for the flood, and the script that floods and then says so.
import fs from 'node:fs';
import path from 'node:path';

export type Fixtures = {
	floodFile: string;
	floodBytes: number;
	/** `sh floodScript FILE DONE_FILE TOKEN`: cats FILE, creates DONE_FILE, then prints "END-TOKEN". */
	floodScript: string;
};

const words = ['agent', 'session', 'build', 'ok', 'test', 'passed', 'warning:', 'src/index.ts', 'compiled', 'in', 'ms', 'the', 'daemon', 'wrote', 'lines', 'of', 'output', 'done', '→', 'café'];

/** Log-like lines of 20 to 150 columns (narrower than any pane here, so nothing wraps), deterministic. */
function writeFloodFile(file: string, bytes: number): number {
	const fd = fs.openSync(file, 'w');
	let seed = 42;
	const random = () => {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed / 2_147_483_648;
	};

	let written = 0;
	let lineNumber = 0;
	try {
		while (written < bytes) {
			let chunk = '';
			while (chunk.length < 1024 * 1024) {
				lineNumber++;
				let line = `${String(lineNumber).padStart(8, '0')} `;
				const target = 20 + Math.floor(random() * 130);
				while (line.length < target) {
					line += words[Math.floor(random() * words.length)]! + ' ';
				}

				chunk += line.slice(0, target) + '\n';
			}

			written += fs.writeSync(fd, chunk);
		}
	} finally {
		fs.closeSync(fd);
	}

	return written;
}

export function makeFixtures(directory: string, floodBytes: number): Fixtures {
	const floodFile = path.join(directory, 'flood.txt');
	const written = writeFloodFile(floodFile, floodBytes);
	const floodScript = path.join(directory, 'flood.sh');
	// The end marker is assembled by printf so the echoed command line never contains it.
	fs.writeFileSync(floodScript, 'cat "$1"\n: > "$2"\nprintf \'%s-%s\\n\' END "$3"\n');
	return {floodFile, floodBytes: written, floodScript};
}

