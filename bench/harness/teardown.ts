// Everything the bench starts registers how to stop it, so servers, clients and temporary files go away at the
// end of a run, after a failure, and on Ctrl+C.

type Action = {what: string; run: () => void | Promise<void>};

export class Teardown {
	private readonly actions: Action[] = [];
	private running: Promise<void> | undefined;

	/** Registers an action; the returned function unregisters it (after the thing was stopped normally). */
	add(what: string, run: () => void | Promise<void>): () => void {
		const action = {what, run};
		this.actions.push(action);
		return () => {
			const index = this.actions.indexOf(action);
			if (index !== -1) {
				this.actions.splice(index, 1);
			}
		};
	}

	/** Runs every registered action, newest first, each bounded in time; never throws. */
	async run(): Promise<void> {
		this.running ??= this.runAll();
		return this.running;
	}

	/** On SIGINT/SIGTERM/SIGHUP: tear down, then exit with the signal's conventional code. */
	installSignalHandlers(): void {
		for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
			process.once(signal, () => {
				process.stderr.write(`\nbench: ${signal}, tearing down…\n`);
				void this.run().finally(() => process.exit(code));
			});
		}
	}

	private async runAll(): Promise<void> {
		while (this.actions.length > 0) {
			const action = this.actions.pop()!;
			try {
				await Promise.race([
					action.run(),
					new Promise(resolve => {
						setTimeout(resolve, 10_000).unref();
					}),
				]);
			} catch (error) {
				process.stderr.write(`bench: tearing down ${action.what} failed: ${(error as Error).message}\n`);
			}
		}

		this.running = undefined;
	}
}
