// The clients connected to the daemon: the one set of connections, and what is asked of all of them at once (who is
// attached to a session, the size its clients share, what a session shows them, the notifications they are sent).
import type {Notifications} from '../protocol.js';
import type {Attachment, Connection} from './connection.js';
import type {Session} from './session.js';

/** The notifications about one session's place in the list. */
export type SessionNotification = 'session.added' | 'session.updated' | 'session.exited' | 'session.removed';

export class Clients {
	private readonly connections = new Set<Connection>();

	add(connection: Connection): void {
		this.connections.add(connection);
	}

	delete(connection: Connection): void {
		this.connections.delete(connection);
	}

	get size(): number {
		return this.connections.size;
	}

	/** Every client's attachment to the session. */
	* attachmentsTo(sessionId: string): Generator<Attachment> {
		for (const connection of this.connections) {
			const attachment = connection.attachments.get(sessionId);
			if (attachment) {
				yield attachment;
			}
		}
	}

	/** How many clients are attached to the session: what SessionInfo.clients says. */
	attachedCount(sessionId: string): number {
		let count = 0;
		for (const connection of this.connections) {
			if (connection.attachments.has(sessionId)) {
				count++;
			}
		}

		return count;
	}

	/**
	The size of the most recently active client still attached that may size the session (not read-only, its size
	known): tmux's "latest". Undefined when there is none.
	*/
	latestSize(sessionId: string): {cols: number; rows: number} | undefined {
		let latest: {cols: number; rows: number; activeAt: number} | undefined;
		for (const attachment of this.attachmentsTo(sessionId)) {
			if (!attachment.readOnly && attachment.cols !== undefined && attachment.rows !== undefined) {
				const activeAt = attachment.activeAt ?? 0;
				if (!latest || activeAt > latest.activeAt) {
					latest = {cols: attachment.cols, rows: attachment.rows, activeAt};
				}
			}
		}

		return latest && {cols: latest.cols, rows: latest.rows};
	}

	/** What the session shows goes to the feeds of the clients attached to it (feed.ts, screen-feed.ts). */
	feedFrom(session: Session): void {
		session.on('output', data => {
			// Raw output, or (flooding, or the client lagging) nothing now and frames later: see feed.ts.
			for (const attachment of this.attachmentsTo(session.id)) {
				attachment.feed.output(data);
			}
		});
		session.on('screen', () => {
			for (const attachment of this.attachmentsTo(session.id)) {
				attachment.feed.changed();
			}
		});
		session.on('bell', () => {
			for (const attachment of this.attachmentsTo(session.id)) {
				attachment.feed.bell();
			}
		});
		session.on('clipboard', write => {
			for (const attachment of this.attachmentsTo(session.id)) {
				attachment.feed.clipboard(write);
			}
		});
	}

	/** Detaches every client from the session (it is being removed). */
	detachAll(sessionId: string): void {
		for (const connection of this.connections) {
			connection.detach(sessionId);
		}
	}

	/** Tells subscribers of a change to a session; its attached clients hear of everything but updates too. */
	broadcast(event: SessionNotification, session: Session): void {
		const info = session.info();
		for (const connection of this.connections) {
			if (connection.subscribed || (event !== 'session.updated' && connection.attachments.has(session.id))) {
				connection.notify(event, {session: info});
			}
		}
	}

	notifyAll(method: 'daemon.shutdown', params: Notifications['daemon.shutdown']): void {
		for (const connection of this.connections) {
			connection.notify(method, params);
		}
	}

	closeAll(): void {
		for (const connection of this.connections) {
			connection.close();
		}
	}
}
