// prefix ?: every key, in place of the pane, until any key.
import React from 'react';
import {Help} from '../chrome/help.js';
import {renderChrome} from '../chrome/render.js';
import type {ModeBehavior, ModeOf} from './mode.js';

export const helpMode: ModeBehavior<ModeOf<'help'>> = {
	key(_mode, _key, host) {
		host.setMode({type: 'pane'});
	},
	screen: (_mode, width, height, host) => renderChrome(<Help width={width} height={height} prefix={host.prefixName} />, width),
};
