// The characters of a row the daemon rendered, without its SGR and OSC 8 sequences (the only ones a row holds,
// terminal/rows.ts): what copy mode searches and copies.
const sequences = /\u001B\[[\d;:]*m|\u001B\]8;[^\u0007\u001B]*(?:\u0007|\u001B\\)/g;

export function plainRow(row: string): string {
	return row.includes('\u001B') ? row.replaceAll(sequences, '') : row;
}
