// A session's agent state, as the daemon keeps it: a StateDetector over the session's headless terminal,
// observed at most once per interval however fast output arrives, and woken by one timer when the state may
// change with time alone (idle after stillness, a hook report's hold running out).
import type xterm from '@xterm/headless';
import {type AgentState, type ReportedState, type StateExplanation, StateDetector} from './detector.js';
import {type Disposable, connectDetector} from './terminal-signals.js';
import type {StateReason} from '../protocol.js';
import type {ProfileCatalog} from './rules.js';

export type SessionActivityOptions = {
	/** The session's command: picks the agent rules. */
	command: string;
	/** The profiles in effect (the config file's and the built-in ones); default the built-in ones. */
	profiles?: ProfileCatalog;
	terminal: xterm.Terminal;
	/** Called on every change of state (never for the same state twice in a row). */
	onChange: (explanation: StateExplanation, previous: AgentState) => void;
	/**
	At most one look at the screen per this many ms. Reading a 200x50 screen and running the rules costs
	0.15-0.2 ms (measured), so 100 ms keeps a flood's cost in the noise (`cat` of 50 MB: ~11,800 chunks,
	~20 looks) while busy and waiting still show "at once".
	*/
	observeEveryMs?: number;
	idleAfterMs?: number;
	hookHoldMs?: number;
	/** The terminal's foreground process group now (an agent recognised on screen stays so while it runs). */
	foreground?: () => number | undefined;
};

// Timers may fire a little before Date.now() reaches their deadline (libuv's clock is cached).
const timerSlackMs = 5;

export class SessionActivity {
	private readonly detector: StateDetector;
	private readonly terminal: xterm.Terminal;
	private readonly observeEveryMs: number;
	private readonly wiring: Disposable;
	private lastObservedAt = Number.NEGATIVE_INFINITY;
	private observeTimer: NodeJS.Timeout | undefined;
	private deadlineTimer: NodeJS.Timeout | undefined;
	private deadline: number | undefined;
	private disposed = false;

	constructor(options: SessionActivityOptions) {
		this.terminal = options.terminal;
		this.observeEveryMs = options.observeEveryMs ?? 100;
		this.detector = new StateDetector({
			command: options.command,
			profiles: options.profiles,
			idleAfterMs: options.idleAfterMs,
			hookHoldMs: options.hookHoldMs,
			foreground: options.foreground,
		});
		this.wiring = connectDetector(options.terminal, this.detector);
		this.detector.onChange(options.onChange);
		// A program that draws nothing at first still gets its idle deadline.
		this.schedule();
	}

	get state(): AgentState {
		return this.detector.state;
	}

	get explanation(): StateExplanation {
		return this.detector.explanation;
	}

	/** The explanation as SessionInfo carries it (`claude-tui explain`, `ls --json`). */
	get reason(): StateReason {
		const {signal, rule, detail, agent, agentName, agentFrom, since} = this.detector.explanation;
		// Fields in the order a person reads them in `ls --json`; absent ones left out.
		return {signal, ...(rule === undefined ? {} : {rule}), ...(detail === undefined ? {} : {detail}), agent, agentName, agentFrom, since: new Date(since).toISOString()};
	}

	/**
	Output has been parsed into the terminal. Looks at the screen now if it has not for a while, else once the
	interval is over: every chunk is either seen now or by a look that is already on its way.
	*/
	parsed(): void {
		if (this.observeTimer || this.disposed) {
			return;
		}

		const wait = this.lastObservedAt + this.observeEveryMs - Date.now();
		if (wait <= 0) {
			this.observe();
			return;
		}

		this.observeTimer = setTimeout(() => {
			this.observeTimer = undefined;
			this.observe();
		}, wait);
		this.observeTimer.unref();
	}

	/** The user (or a script) typed into the session. */
	input(data?: string): void {
		this.detector.onInput(data);
		this.schedule();
	}

	/** The session's terminal was resized. */
	resized(): void {
		this.detector.onResize();
		this.schedule();
	}

	/** A report from the agent itself (Claude Code's hooks via `claude-tui report`). */
	report(state: ReportedState, detail?: string): void {
		this.detector.report(state, detail);
		this.schedule();
	}

	/** The child exited: the state is final. */
	exited(detail: string): void {
		this.stopTimers();
		this.detector.exited(detail);
	}

	dispose(): void {
		this.disposed = true;
		this.stopTimers();
		this.wiring.dispose();
		this.detector.dispose();
	}

	private observe(): void {
		if (this.disposed) {
			return;
		}

		this.lastObservedAt = Date.now();
		this.detector.observe(this.terminal);
		this.schedule();
	}

	/** Arms the one timer for the detector's next time-based decision, if it moved. */
	private schedule(): void {
		if (this.disposed) {
			return;
		}

		const deadline = this.detector.pendingUntil;
		if (deadline === this.deadline) {
			return;
		}

		clearTimeout(this.deadlineTimer);
		this.deadline = deadline;
		this.deadlineTimer = undefined;
		if (deadline === undefined) {
			return;
		}

		this.deadlineTimer = setTimeout(() => {
			this.deadlineTimer = undefined;
			this.deadline = undefined;
			this.detector.tick();
			this.schedule();
		}, Math.max(0, deadline - Date.now()) + timerSlackMs);
		this.deadlineTimer.unref();
	}

	private stopTimers(): void {
		clearTimeout(this.observeTimer);
		clearTimeout(this.deadlineTimer);
		this.observeTimer = undefined;
		this.deadlineTimer = undefined;
		this.deadline = undefined;
	}
}
