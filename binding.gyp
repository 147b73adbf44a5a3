{
	"targets": [
		{
			"target_name": "claude_tui_native",
			"sources": ["native/claude-tui-native.c"],
			"cflags": ["-Wall", "-Wextra", "-O2"]
		}
	]
}
