// The claude-tui command line: finds the command, loads that command's module alone, and runs it; any error it
// meets is printed one way (errors.ts). What a command loads is what its own module imports.
import {exitWithError, UsageError} from './errors.js';
import {commandNameIndex} from './flags.js';
import {isCommandName, loadCommand, valueFlagWords} from './registry.js';

export async function main(argv: readonly string[]): Promise<void> {
	// meow answered a bare --version; anywhere else the flag is taken and ignored, as it was.
	if (argv.length === 1 && argv[0] === '--version') {
		const {version} = await import('../version.js');
		process.stdout.write(version + '\n');
		return;
	}

	const index = commandNameIndex(argv, valueFlagWords);
	const name = index === -1 ? '' : argv[index]!;
	if (!isCommandName(name)) {
		throw new UsageError(`Unknown command "${name}". Run \`claude-tui --help\` for the list.`);
	}

	const command = await loadCommand(name);
	await command.execute(name, index === -1 ? argv : [...argv.slice(0, index), ...argv.slice(index + 1)]);
}

export async function run(argv: readonly string[]): Promise<void> {
	try {
		await main(argv);
	} catch (error) {
		exitWithError(error);
	}
}
