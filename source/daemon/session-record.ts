// What a session's record (history/records.ts) says of it as it runs: written when it starts, when it is restored,
// when the agent in it or its conversation changes, and when it ends. When records are written is history.ts's.
import {followAgent} from '../agents/follow.js';
import type {RecordStatus, SessionRecord} from '../history/records.js';
import type {RestoreCommand} from '../history/restore.js';
import type {Session} from './session.js';

export type NewRecordExtra = {
	env: Record<string, string>;
	conversationId: string | undefined;
	recordInput: boolean;
	/** The daemon's socket and identity: no other daemon adopts the session while this one runs it. */
	socket: string;
	daemon: string;
};

/** The record of a session that has just started. */
export function newRecord(session: Session, extra: NewRecordExtra): SessionRecord {
	return {
		version: 1,
		id: session.id,
		name: session.name,
		cwd: session.cwd,
		command: session.command,
		args: session.args,
		env: extra.env,
		createdAt: session.createdAt.toISOString(),
		status: 'running',
		cols: session.cols,
		rows: session.rows,
		socket: extra.socket,
		daemon: extra.daemon,
		recordInput: extra.recordInput,
		...(extra.conversationId === undefined ? {} : {conversationId: extra.conversationId}),
	};
}

/** The session runs again. The record keeps the original command and arguments: restore computes its own from them. */
export function recordRestored(record: SessionRecord, session: Session, plan: RestoreCommand): void {
	Object.assign(record, {
		status: 'running' satisfies RecordStatus,
		restoredAt: session.restoredAt?.toISOString(),
		cols: session.cols,
		rows: session.rows,
	});
	delete record.exitCode;
	delete record.signal;
	delete record.exitedAt;
	if (plan.conversationId !== undefined) {
		record.conversationId = plan.conversationId;
	}
}

/** Which agent runs in the running session now, and its conversation. Whether that changed the record. */
export function recordAgent(record: SessionRecord, session: Session): boolean {
	const {agent, agentFrom} = session.info().stateReason;
	const followed = followAgent({command: session.command, args: session.args, pid: session.pid, agent, agentFrom: agentFrom ?? 'command'});
	const before = JSON.stringify([record.agent, record.nested, record.conversationId]);
	if (followed?.agent === undefined) {
		// Only a screen tells: an agent that left the screen for the shell keeps its mark until the shell shows.
		if (agentFrom === 'command') {
			delete record.agent;
		}
	} else {
		record.agent = followed.agent;
	}

	if (followed?.nested) {
		record.nested = followed.nested;
	} else if (agentFrom === 'command' || followed?.agent !== undefined) {
		delete record.nested;
	}

	if (followed?.conversationId !== undefined) {
		record.conversationId = followed.conversationId;
	}

	return JSON.stringify([record.agent, record.nested, record.conversationId]) !== before;
}

/** The session's program ended (`exited`), or the daemon stopped it (`interrupted`): how, when, at what size. */
export function recordFinished(record: SessionRecord, session: Session, status: RecordStatus): void {
	Object.assign(record, {
		status,
		exitedAt: session.exitedAt?.toISOString() ?? new Date().toISOString(),
		cols: session.cols,
		rows: session.rows,
	});
	if (session.exitCode === undefined) {
		delete record.exitCode;
	} else {
		record.exitCode = session.exitCode;
	}

	if (session.signal === undefined) {
		delete record.signal;
	} else {
		record.signal = session.signal;
	}

	if (session.title !== '') {
		record['title'] = session.title;
	}
}
