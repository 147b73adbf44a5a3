// The native addon (native/claude-tui-native.c, built by node-gyp when the package installs): who is at the other
// end of a Unix socket, and giving freed C heap back to the system. Node has an API for neither.
import {createRequire} from 'node:module';
import type {Socket} from 'node:net';

export type PeerCredentials = {uid: number; gid: number; pid?: number};

type NativeAddon = {
	peerCredentials: (fd: number) => PeerCredentials;
	trimMemory: () => boolean;
};

export class NativeAddonError extends Error {}

let addon: NativeAddon | Error | undefined;

function load(): NativeAddon {
	if (addon === undefined) {
		try {
			// From dist/ and from source/ alike: the package's build/ is one level up.
			addon = createRequire(import.meta.url)('../build/Release/claude_tui_native.node') as NativeAddon;
		} catch (error) {
			addon = error as Error;
		}
	}

	if (addon instanceof Error) {
		throw new NativeAddonError(`claude-tui's native addon is not built (${addon.message.split('\n')[0]}); run \`npm rebuild claude-tui\` (it needs a C compiler), or \`npm run install\` in a checkout`);
	}

	return addon;
}

/** Throws NativeAddonError when the addon is missing: checked before a daemon listens or a client connects. */
export function assertNativeAddon(): void {
	load();
}

/** The user (and process) at the other end of a connected Unix socket, as the kernel says. */
export function peerCredentials(socket: Socket): PeerCredentials {
	// A connected net.Socket's handle is a libuv pipe; its fd is the socket's.
	const fd = (socket as unknown as {_handle?: {fd?: number}})._handle?.fd;
	if (typeof fd !== 'number' || fd < 0) {
		throw new Error('the socket has no file descriptor');
	}

	return load().peerCredentials(fd);
}

/** Gives the C heap's free pages back to the system (glibc); false where there is nothing to do or no way. */
export function trimMemory(): boolean {
	try {
		return load().trimMemory();
	} catch {
		return false;
	}
}
