// How an agent's hooks reach the daemon: the command line they run (`claude-tui report`, through its lean entry
// point). Which hooks an agent gets, and what their payloads mean, is its adapter's (source/agents/).
import process from 'node:process';
import {fileURLToPath} from 'node:url';

/** The report command line hooks run: this Node and the lean report entry point of the built claude-tui. */
export function hookReportCommand(): string {
	return shellQuote([process.execPath, fileURLToPath(new URL('../../dist/state/report-main.js', import.meta.url))]);
}

/** Quotes words for a POSIX shell command line. */
export function shellQuote(words: readonly string[]): string {
	return words.map(word => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(' ');
}
