// The daemon's side of history: each session's record (record.json, written atomically whenever what restore needs
// changes) and recording (output.cast, asciicast v2), and bringing sessions back from their records on start.
import fs from 'node:fs';
import {recordingFiles} from '../history/asciicast.js';
import {CastWriter} from '../history/cast-writer.js';
import {
	RecordStore,
	recordingFile,
	sessionDirectory,
	type RecordProblem,
	type RecordStatus,
	type SessionRecord,
} from '../history/records.js';
import {lastScreen, type LastScreen} from '../history/last-screen.js';
import type {RestoreCommand} from '../history/restore.js';
import type {HistorySettings} from '../history/settings.js';
import {identityAlive, identityString, isThisProcess, parseIdentity, processIdentity} from './locks.js';
import type {Session} from './session.js';
import {newRecord, recordAgent, recordFinished, recordRestored} from './session-record.js';

export type HistoryKeeperOptions = HistorySettings & {
	stateDir: string;
	/** The daemon's socket: a daemon takes back only the sessions of its own socket (as tmux -L servers are apart). */
	socket: string;
	log: (message: string) => void;
	/** Something clients show changed (a recording error). */
	onChange: (session: Session) => void;
};

type Tracked = {
	session: Session;
	record: SessionRecord;
	writer: CastWriter | undefined;
	// Resolves once the previous recording of this session is closed (a restore continues the same file).
	closing: Promise<void>;
	unsubscribe: () => void;
	// A look at the agent after the user pressed Enter (`/clear` changes the conversation without a change of state).
	agentLook?: NodeJS.Timeout;
	// Why the record could not be written, or the recording stopped (disk full, out of file descriptors): retried.
	recordError?: string | undefined;
	recordingStopped?: string | undefined;
};

// How long after Enter the agent is looked at again: long enough for `/clear` to have moved to a new conversation.
const agentLookAfterEnterMs = 1500;

// How long closing recordings and writing records may hold up a shutdown.
const shutdownFlushMs = 1500;
// How often a record that could not be written, or a recording that stopped, is tried again.
const retryEveryMs = 5000;
/**
Lines of history above the screen in a rotated file's preamble. A terminal that grows after the rotation pulls
rows down from its history, as the session's own terminal did; a preamble of the screen alone left those rows
blank in the rebuilt last screen.
*/
export const preambleScrollback = 200;

export class HistoryKeeper {
	readonly stateDir: string;
	private readonly store: RecordStore;
	private readonly tracked = new Map<string, Tracked>();
	private stopping = false;
	// Written into every record this daemon keeps, so that no other daemon adopts a session while this one runs it.
	private readonly daemonIdentity = identityString(processIdentity());
	private retryTimer: NodeJS.Timeout | undefined;

	constructor(private readonly options: HistoryKeeperOptions) {
		this.stateDir = options.stateDir;
		this.store = new RecordStore(options.stateDir, {
			onError: (error, id) => {
				this.recordFailed(id, error);
			},
			onSaved: id => {
				this.recordSaved(id);
			},
		});
	}

	/** Whether `id` is free on disk too (a session of another daemon may own that directory). */
	idFree(id: string): boolean {
		return !fs.existsSync(sessionDirectory(this.stateDir, id));
	}

	/** This daemon's records, and a problem for every record that could not be read. */
	async load(): Promise<{records: SessionRecord[]; problems: RecordProblem[]}> {
		const {records, problems} = await this.store.list();
		for (const problem of problems) {
			this.options.log(`skipped session record ${problem.file}: ${problem.message}`);
		}

		const socket = this.options.socket;
		const ours = records.filter(record => record.socket === undefined || record.socket === socket);
		// A session whose daemon still runs is that daemon's: taking it too would run its command twice, two writers
		// on one recording (a second daemon can start when the first one's socket file was deleted).
		const adoptable = ours.filter(record => {
			const owner = parseIdentity(record['daemon']);
			const alive = record.status === 'running' && owner !== undefined && !isThisProcess(owner) && identityAlive(owner);
			if (alive) {
				this.options.log(`session ${record.name} (${record.id}) belongs to the running daemon pid ${owner.pid}; left to it`);
			}

			return !alive;
		});
		return {records: adoptable, problems};
	}

	/** A new session: its record, and a recording from scratch. */
	started(session: Session, extra: {env: Record<string, string>; conversationId: string | undefined; recordInput: boolean}): void {
		const record = newRecord(session, {...extra, socket: this.options.socket, daemon: this.daemonIdentity});
		this.track(session, record, 'fresh');
		this.save(session.id);
	}

	/** A session brought back from its record; nothing is written until it is restored or removed. */
	adopted(session: Session, record: SessionRecord): void {
		this.track(session, {...record, socket: this.options.socket, daemon: this.daemonIdentity}, 'none');
	}

	record(id: string): SessionRecord | undefined {
		return this.tracked.get(id)?.record;
	}

	/**
	Closes the recording of the session's earlier run (if its last output has not been read yet, that is lost from
	the recording), so that a restore continues the file with one writer only.
	*/
	async settled(id: string): Promise<void> {
		const tracked = this.tracked.get(id);
		if (tracked?.writer) {
			tracked.closing = tracked.writer.close();
		}

		await tracked?.closing;
	}

	/** The session runs again: record and recording continue where they stopped. */
	restored(session: Session, plan: RestoreCommand): void {
		const tracked = this.tracked.get(session.id);
		if (!tracked) {
			return;
		}

		const {record} = tracked;
		recordRestored(record, session, plan);
		tracked.unsubscribe();
		this.track(session, record, 'append').writer?.marker('restored');
		this.save(session.id);
	}

	/** The agent reported the conversation it is on (a hook payload's session_id). */
	conversation(session: Session, conversationId: string): void {
		const tracked = this.tracked.get(session.id);
		if (tracked && tracked.record.conversationId !== conversationId) {
			tracked.record.conversationId = conversationId;
			this.save(session.id);
		}
	}

	renamed(session: Session): void {
		const tracked = this.tracked.get(session.id);
		if (tracked && tracked.record.name !== session.name) {
			tracked.record.name = session.name;
			this.save(session.id);
		}
	}

	/** The session's records and recordings leave the disk. */
	async remove(id: string): Promise<void> {
		const tracked = this.tracked.get(id);
		this.tracked.delete(id);
		if (tracked) {
			tracked.unsubscribe();
			await tracked.writer?.close();
			await tracked.closing;
		}

		await this.store.remove(id);
	}

	/** The session's recording files, oldest first (none when it records nothing). */
	async recordingFiles(id: string): Promise<string[]> {
		return recordingFiles(recordingFile(this.stateDir, id));
	}

	/** The last screen of a session's recording, with `scrollback` rows of what came before; undefined if none. */
	async lastScreen(id: string, scrollback: number): Promise<LastScreen | undefined> {
		const files = await recordingFiles(recordingFile(this.stateDir, id));
		return lastScreen(files, {
			scrollback,
			onProblem: problem => {
				this.options.log(`recording ${problem.file}: ${problem.message}`);
			},
		});
	}

	/**
	The daemon stops: sessions it stops are "interrupted" (restorable on the next start), everything recorded is
	written, within a bound.
	*/
	beginShutdown(): void {
		this.stopping = true;
	}

	async close(): Promise<void> {
		clearInterval(this.retryTimer);
		for (const tracked of this.tracked.values()) {
			const {session, record} = tracked;
			if (session.running && record.status === 'running') {
				this.noteCwd(tracked);
				this.noteAgent(tracked);
				this.finish(tracked, 'interrupted');
			}
		}

		const work = Promise.all([
			...[...this.tracked.values()].map(async tracked => {
				tracked.unsubscribe();
				await tracked.writer?.close();
			}),
			this.store.flush(),
		]);
		await Promise.race([work, new Promise(resolve => {
			setTimeout(resolve, shutdownFlushMs).unref();
		})]);
	}

	/** Keeps where the session's program works now in its record, written only when it moved. */
	private noteCwd(tracked: Tracked): void {
		const cwd = tracked.session.currentCwd();
		if (cwd === undefined || cwd === (tracked.record.lastCwd ?? tracked.record.cwd)) {
			return;
		}

		tracked.record.lastCwd = cwd;
		this.save(tracked.session.id);
	}

	/** Keeps which agent runs in the session and its conversation in the record, written only when that changed. */
	private noteAgent(tracked: Tracked): void {
		const {session, record} = tracked;
		if (session.running && recordAgent(record, session)) {
			this.save(session.id);
		}
	}

	// 'none' for a session without a process (nothing to record yet); 'append' continues an earlier recording.
	private track(session: Session, record: SessionRecord, recording: 'none' | 'fresh' | 'append'): Tracked {
		const previous = this.tracked.get(session.id);
		const tracked: Tracked = {session, record, writer: undefined, closing: previous?.closing ?? Promise.resolve(), unsubscribe: () => {}};
		tracked.writer = recording === 'none' || !this.options.record ? undefined : this.openWriter(tracked, recording === 'append');
		this.tracked.set(session.id, tracked);
		if (recording === 'none') {
			return tracked;
		}

		const recordInput = record.recordInput === true;
		// The writer of the moment: a recording that stopped on an error is resumed with another.
		const onOutput = (data: string) => tracked.writer?.output(data);
		const onInput = (data: string) => {
			if (recordInput) {
				tracked.writer?.input(data);
			}

			if (data.includes('\r') && !tracked.agentLook) {
				tracked.agentLook = setTimeout(() => {
					tracked.agentLook = undefined;
					this.noteAgent(tracked);
				}, agentLookAfterEnterMs).unref();
			}
		};

		const onResize = (cols: number, rows: number) => tracked.writer?.resize(cols, rows);
		// Every change of state (a shell back at its prompt, above all) is a moment the directory may have moved.
		const onChange = () => {
			this.noteCwd(tracked);
			this.noteAgent(tracked);
		};

		const onExit = () => {
			this.finish(tracked, this.stopping ? 'interrupted' : 'exited');
		};

		// Closed once the last output has been read, so an exited session holds no open file.
		const onEnded = () => {
			if (tracked.writer) {
				tracked.closing = tracked.writer.close();
			}
		};

		session.on('output', onOutput);
		session.on('input', onInput);
		session.on('resize', onResize);
		session.on('exit', onExit);
		session.on('ended', onEnded);
		session.on('change', onChange);
		tracked.unsubscribe = () => {
			clearTimeout(tracked.agentLook);
			session.off('change', onChange);
			session.off('output', onOutput);
			session.off('input', onInput);
			session.off('resize', onResize);
			session.off('exit', onExit);
			session.off('ended', onEnded);
		};
		return tracked;
	}

	private openWriter(tracked: Tracked, append: boolean): CastWriter {
		const {session, record} = tracked;
		const writer: CastWriter = new CastWriter({
			file: recordingFile(this.stateDir, session.id),
			width: session.cols,
			height: session.rows,
			command: [session.command, ...session.args].map(arg => quote(arg)).join(' '),
			title: record.name,
			maxBytes: this.options.maxBytes,
			generations: this.options.generations,
			// The screen at the moment of rotation, so the new file plays on its own.
			preamble: () => session.terminal.snapshot(preambleScrollback),
			append,
			onError: error => {
				if (tracked.writer !== writer) {
					return;
				}

				if (tracked.recordingStopped === undefined) {
					this.options.log(`recording of session ${session.name} (${session.id}) stopped: ${error.message}; trying again every ${retryEveryMs / 1000} s`);
				}

				tracked.recordingStopped = error.message;
				this.showProblem(tracked);
				this.retrySoon();
			},
		});
		return writer;
	}

	/**
	The recording goes on in the same file once the disk takes it again: a marker, then the screen as it is now (what
	was printed in between is lost, and the marker says where).
	*/
	private resumeRecording(tracked: Tracked): void {
		const writer = this.openWriter(tracked, true);
		tracked.writer = writer;
		writer.marker('recording resumed: output was lost before this point');
		writer.output('\u001B[H\u001B[2J' + tracked.session.terminal.snapshot(0));
		void writer.flush().then(() => {
			if (tracked.writer === writer && writer.recording && tracked.recordingStopped !== undefined) {
				tracked.recordingStopped = undefined;
				this.options.log(`recording of session ${tracked.session.name} (${tracked.session.id}) resumed`);
				this.showProblem(tracked);
			}
		});
	}

	private recordFailed(id: string, error: Error): void {
		const tracked = this.tracked.get(id);
		if (tracked?.recordError === undefined) {
			this.options.log(`could not write the record of session ${id}: ${error.message}${tracked ? `; trying again every ${retryEveryMs / 1000} s` : ''}`);
		}

		if (tracked) {
			tracked.recordError = error.message;
			this.showProblem(tracked);
			this.retrySoon();
		}
	}

	private recordSaved(id: string): void {
		const tracked = this.tracked.get(id);
		if (tracked?.recordError !== undefined) {
			tracked.recordError = undefined;
			this.options.log(`the record of session ${tracked.session.name} (${id}) is written`);
			this.showProblem(tracked);
		}
	}

	/** What clients are told (SessionInfo.recordingError) of a recording or a record that does not reach the disk. */
	private showProblem(tracked: Tracked): void {
		const {session, recordError, recordingStopped} = tracked;
		const message = recordingStopped ?? (recordError === undefined ? undefined : `its record could not be written (${recordError}): it is not restorable until it is`);
		if (session.reportRecordingProblem(message)) {
			this.options.onChange(session);
		}
	}

	private retrySoon(): void {
		this.retryTimer ??= setInterval(() => {
			this.retry();
		}, retryEveryMs).unref();
	}

	private retry(): void {
		let waiting = false;
		for (const tracked of this.tracked.values()) {
			if (tracked.recordError !== undefined) {
				waiting = true;
				this.save(tracked.session.id);
			}

			if (tracked.recordingStopped !== undefined && tracked.session.running && !this.stopping) {
				waiting = true;
				this.resumeRecording(tracked);
			}
		}

		if (!waiting) {
			clearInterval(this.retryTimer);
			this.retryTimer = undefined;
		}
	}

	private finish(tracked: Tracked, status: RecordStatus): void {
		recordFinished(tracked.record, tracked.session, status);
		this.save(tracked.session.id);
	}

	private save(id: string): void {
		const tracked = this.tracked.get(id);
		if (tracked) {
			void this.store.save(tracked.record);
		}
	}
}

function quote(arg: string): string {
	return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll('\'', '\'\\\'\'')}'`;
}
