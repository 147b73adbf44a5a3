// Painting: from the controller's view state to the user's terminal, a frame at a time. It owns the compositor (the
// one writer to the terminal), the frame scheduler, the chrome's renders and the modes the terminal is in. The first
// frame waits for the shown session's screen, so the sidebar and the pane appear together; it is drawn without Ink
// (the light renderer draws the sidebar and the status bar), which loads right after it. A frame with a piece only
// Ink draws (a prompt, a message) is painted whole once Ink is here, never in part before.
import {InkNotLoadedError, inkLoaded, loadInk} from './chrome/ink.js';
import {RenderCache} from './chrome/render-cache.js';
import {Compositor, FrameScheduler} from './compositor.js';
import {modeTransition, plainModes, type OuterModes} from './outer-modes.js';
import {composeFrame, outerModesFor, renderChromeLines, tooSmallFrame, type Chrome, type OuterSettings, type ViewState} from './view.js';

// The longest the first frame waits for the shown session's screen (a host's session, a busy daemon).
const firstFrameHoldMs = 500;

export type PainterOptions = {
	stdout: NodeJS.WriteStream;
	/** The state to draw, read at each frame. */
	state: () => ViewState;
	/** The terminal's settings that decide its modes, read at each frame. */
	settings: () => OuterSettings;
	/** Whether a frame may be painted now (the TUI is running). */
	live: () => boolean;
};

export class Painter {
	private readonly compositor: Compositor;
	private readonly scheduler: FrameScheduler;
	private readonly chromeCache = new RenderCache();
	private chrome: Chrome | undefined;
	private outerModes: OuterModes = plainModes;
	private held = true;
	private holdTimer: NodeJS.Timeout | undefined;

	constructor(private readonly options: PainterOptions) {
		this.compositor = new Compositor(options.stdout);
		this.scheduler = new FrameScheduler(() => {
			this.paint();
		});
	}

	/** The alternate screen; nothing is painted until `release` (or the hold's time is up). */
	start(): void {
		this.compositor.start();
		this.holdTimer = setTimeout(() => {
			this.release();
		}, firstFrameHoldMs);
		this.holdTimer.unref();
	}

	/** The first frame may be painted: now, if one was asked for. */
	release(): void {
		clearTimeout(this.holdTimer);
		if (this.held) {
			this.held = false;
			this.scheduler.request();
			this.scheduler.flush();
		}
	}

	/** A frame soon (at most one per 16 ms). */
	request(): void {
		this.scheduler.request();
	}

	/** The frame asked for, now. */
	flush(): void {
		this.scheduler.flush();
	}

	/** What the chrome shows changed: it is rendered again for the next frame. */
	chromeChanged(): void {
		this.chrome = undefined;
		this.scheduler.request();
	}

	/** The terminal's size changed: the next frame is drawn whole. */
	invalidate(): void {
		this.compositor.invalidate();
	}

	dispose(): void {
		clearTimeout(this.holdTimer);
		this.scheduler.dispose();
	}

	/** Leaves the alternate screen with every mode given back; `extra` is written with it. */
	restore(extra: string): void {
		this.compositor.stop(modeTransition(this.outerModes, plainModes) + extra);
		this.outerModes = plainModes;
	}

	private paint(): void {
		if (!this.options.live() || this.held) {
			return;
		}

		try {
			this.paintFrame();
		} catch (error) {
			if (!(error instanceof InkNotLoadedError)) {
				throw error;
			}

			void this.loadInk();
			return;
		}

		if (!inkLoaded()) {
			setImmediate(() => {
				void this.loadInk();
			});
		}
	}

	private async loadInk(): Promise<void> {
		if (inkLoaded()) {
			return;
		}

		await loadInk();
		this.scheduler.request();
	}

	private paintFrame(): void {
		const state = this.options.state();
		if (state.layout.tooSmall) {
			this.compositor.paint(tooSmallFrame(state.layout, state.sidebarHidden));
			return;
		}

		this.chrome ??= renderChromeLines(state, this.chromeCache);
		this.compositor.paint(composeFrame(state, this.chrome));
		const wanted = outerModesFor(state, this.options.settings());
		const transition = modeTransition(this.outerModes, wanted);
		if (transition !== '') {
			this.options.stdout.write(transition);
			this.outerModes = wanted;
		}
	}

	/** The keyboard protocol the terminal was asked for (keys typed are decoded by it). */
	get outerKeyboard(): OuterModes['keyboard'] {
		return this.outerModes.keyboard;
	}
}
