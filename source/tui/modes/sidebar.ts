// prefix s / Tab: the sidebar has the keys; arrows move the selection, Enter goes back to the pane, Esc goes back to
// the session it started on.
import {isCancel, isEnter, type ModeBehavior, type ModeOf} from './mode.js';

export const sidebarMode: ModeBehavior<ModeOf<'sidebar'>> = {
	key(mode, key, host) {
		if (key.name === 'up' || key.name === 'k') {
			host.selectRelative(-1);
		} else if (key.name === 'down' || key.name === 'j') {
			host.selectRelative(1);
		} else if (/^[1-9]$/.test(key.name)) {
			host.select(host.store.at(Number(key.name) - 1));
		} else if (isEnter(key)) {
			host.setMode({type: 'pane'});
		} else if (isCancel(key)) {
			host.setMode({type: 'pane'});
			host.select(mode.returnTo);
		} else if (key.name === 'x') {
			host.perform('kill');
		}
	},
	label: () => 'SIDEBAR',
};
