// Tab in the new-session prompt's directory field: the directory name completed as a shell completes it (to the one
// match, or as far as the matches agree), `~` understood as home and kept as typed.
import fs from 'node:fs';
import path from 'node:path';

export type Completion = {text: string; candidates: string[]};

/** A directory typed as ~ or ~/…, as a shell reads it. */
export function expandHome(directory: string, home = process.env['HOME'] ?? ''): string {
	return home !== '' && (directory === '~' || directory.startsWith('~/')) ? home + directory.slice(1) : directory;
}

/** `text` completed to the directories it can name, relative to `base`; the matches' names when more than one. */
export function completeDirectory(text: string, base: string, home = process.env['HOME'] ?? ''): Completion {
	const typed = text === '~' ? '~/' : text;
	const slash = typed.lastIndexOf('/');
	const head = typed.slice(0, slash + 1);
	const partial = typed.slice(slash + 1);
	const directory = path.resolve(base, expandHome(head === '' ? '.' : head, home));
	let names: string[];
	try {
		names = fs.readdirSync(directory, {withFileTypes: true})
			.filter(entry => entry.name.startsWith(partial) && (partial.startsWith('.') || !entry.name.startsWith('.')))
			.filter(entry => entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(path.join(directory, entry.name))))
			.map(entry => entry.name)
			.sort();
	} catch {
		return {text, candidates: []};
	}

	if (names.length === 0) {
		return {text, candidates: []};
	}

	if (names.length === 1) {
		return {text: head + names[0] + '/', candidates: []};
	}

	let common = names[0]!;
	for (const name of names) {
		while (!name.startsWith(common)) {
			common = common.slice(0, -1);
		}
	}

	return {text: head + common, candidates: names};
}

function isDirectory(file: string): boolean {
	try {
		return fs.statSync(file).isDirectory();
	} catch {
		return false;
	}
}
