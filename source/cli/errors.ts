// How the command line fails: one line on stderr, `claude-tui: ` and the message, and exit code 1. Every error
// the commands meet (a daemon's RpcError, no daemon, an unsafe directory, a bad config file, a missing native
// addon, a usage mistake) already says what went wrong in its message, for a person: it is printed as it is.

/** A mistake in how the command was called (not something that went wrong while it ran). */
export class UsageError extends Error {}

export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Prints the error the way every command fails and exits 1. */
export function exitWithError(error: unknown): never {
	process.stderr.write(`claude-tui: ${errorMessage(error)}\n`);
	process.exit(1);
}
