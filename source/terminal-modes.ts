// Switching off every input mode a program may have turned on in a terminal: mouse reporting (X10, normal, button,
// any motion, and the UTF-8, SGR and urxvt encodings), focus events, bracketed paste, application cursor keys and
// application keypad. Used wherever a terminal is handed on: the TUI giving the user's terminal back, a restored
// session's new program, a replay that ends.
export const inputModesOff =
	'\u001B[?9l\u001B[?1000l\u001B[?1002l\u001B[?1003l\u001B[?1005l\u001B[?1006l\u001B[?1015l'
	+ '\u001B[?1004l\u001B[?2004l'
	+ '\u001B[?1l\u001B>';
