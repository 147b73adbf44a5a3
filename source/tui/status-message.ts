// The status bar's transient message (tmux's display-message): shown for a while, or until the next one.
export class StatusMessage {
	private current: string | undefined;
	private timer: NodeJS.Timeout | undefined;

	/** `changed` is called whenever the message shown changes (to draw it). */
	constructor(private readonly changed: () => void) {}

	get text(): string | undefined {
		return this.current;
	}

	/** Shows `message` for `durationMs` (0: until the next one). */
	show(message: string, durationMs = 4000): void {
		this.current = message;
		clearTimeout(this.timer);
		if (durationMs > 0) {
			this.timer = setTimeout(() => {
				this.current = undefined;
				this.changed();
			}, durationMs);
			this.timer.unref();
		}

		this.changed();
	}

	dispose(): void {
		clearTimeout(this.timer);
	}
}
