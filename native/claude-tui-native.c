// claude-tui's native addon: what Node has no API for.
// - peerCredentials(fd): who is at the other end of a connected Unix socket, from the kernel (SO_PEERCRED on Linux,
//   getpeereid elsewhere), so the daemon can refuse other users' clients and a client can refuse another user's
//   daemon, whatever happened to the socket's path between a check and the connect.
// - trimMemory(): gives the C heap's free pages back to the system (glibc's malloc_trim), which it otherwise keeps
//   after hundreds of sessions' terminals were freed.
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#include <node_api.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__APPLE__)
#include <sys/un.h>
#endif

static napi_value throw_errno(napi_env env, const char *what) {
	char message[256];
	snprintf(message, sizeof message, "%s: %s", what, strerror(errno));
	napi_throw_error(env, NULL, message);
	return NULL;
}

static napi_value set_number(napi_env env, napi_value object, const char *key, double value) {
	napi_value number;
	napi_create_double(env, value, &number);
	napi_set_named_property(env, object, key, number);
	return object;
}

// peerCredentials(fd: number): {uid, gid, pid?}
static napi_value peer_credentials(napi_env env, napi_callback_info info) {
	size_t argc = 1;
	napi_value argv[1];
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	int32_t fd = -1;
	if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) {
		napi_throw_type_error(env, NULL, "peerCredentials(fd): fd must be a file descriptor");
		return NULL;
	}

	napi_value result;
	napi_create_object(env, &result);
#if defined(__linux__)
	struct ucred credentials;
	socklen_t length = sizeof credentials;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) {
		return throw_errno(env, "getsockopt(SO_PEERCRED)");
	}

	set_number(env, result, "uid", credentials.uid);
	set_number(env, result, "gid", credentials.gid);
	set_number(env, result, "pid", credentials.pid);
#else
	uid_t uid;
	gid_t gid;
	if (getpeereid(fd, &uid, &gid) != 0) {
		return throw_errno(env, "getpeereid");
	}

	set_number(env, result, "uid", uid);
	set_number(env, result, "gid", gid);
#if defined(__APPLE__) && defined(LOCAL_PEERPID)
	pid_t pid;
	socklen_t length = sizeof pid;
	if (getsockopt(fd, SOL_LOCAL, LOCAL_PEERPID, &pid, &length) == 0) {
		set_number(env, result, "pid", pid);
	}
#endif
#endif
	return result;
}

// trimMemory(): whether anything could be trimmed (false where the C library has no malloc_trim).
static napi_value trim_memory(napi_env env, napi_callback_info info) {
	(void)info;
	napi_value result;
#if defined(__GLIBC__)
	napi_get_boolean(env, malloc_trim(0) == 1, &result);
#else
	napi_get_boolean(env, false, &result);
#endif
	return result;
}

static napi_value init(napi_env env, napi_value exports) {
	napi_property_descriptor properties[] = {
		{"peerCredentials", NULL, peer_credentials, NULL, NULL, NULL, napi_default, NULL},
		{"trimMemory", NULL, trim_memory, NULL, NULL, NULL, napi_default, NULL},
	};
	napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties);
	return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
