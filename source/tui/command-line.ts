// Splits what a person typed into the new-session prompt into a command and its arguments, the way a shell
// would for the simple cases: whitespace separates words, quotes group them, a backslash escapes one character.

export function splitCommandLine(line: string): string[] {
	const words: string[] = [];
	let word = '';
	let inWord = false;
	let quote: '"' | '\'' | undefined;
	for (let index = 0; index < line.length; index++) {
		const char = line[index]!;
		if (quote) {
			if (char === quote) {
				quote = undefined;
			} else if (char === '\\' && quote === '"' && index + 1 < line.length) {
				word += line[++index];
			} else {
				word += char;
			}

			continue;
		}

		if (char === '"' || char === '\'') {
			quote = char;
			inWord = true;
		} else if (char === '\\' && index + 1 < line.length) {
			word += line[++index];
			inWord = true;
		} else if (/\s/.test(char)) {
			if (inWord) {
				words.push(word);
				word = '';
				inWord = false;
			}
		} else {
			word += char;
			inWord = true;
		}
	}

	if (quote) {
		throw new Error(`Unclosed ${quote} quote`);
	}

	if (inWord) {
		words.push(word);
	}

	return words;
}
