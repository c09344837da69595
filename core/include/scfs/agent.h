/* Containers: an OCI bundle's seccomp profile as scfs observes it, and the
 * agent that receives the listeners container runtimes hand over.
 *
 * The runtime wrapper (scfs-runtime) and the agent both go through
 * scfs_bundle_parse + scfs_bundle_compile on the same config.json: the
 * wrapper to write the observed program into the bundle, the agent to
 * check, byte for byte, that the program the runtime loaded is the one
 * that profile gives.  Only then does a listener get supervised. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "compile.h"
#include "diag.h"
#include "host.h"
#include "observe.h"
#include "profile.h"

/* Annotations scfs reads and writes in config.json. */
#define SCFS_ANN_MODE "io.scfs.mode"
#define SCFS_ANN_BPF "run.oci.seccomp_bpf_data" /* crun's raw program */
#define SCFS_LISTENER_METADATA "scfs"
/* The runc model (core/agent/runc_model.c): the original linux.seccomp
 * (JSON text) and the model's name. */
#define SCFS_ANN_SECCOMP "io.scfs.seccomp"
#define SCFS_ANN_MODEL "io.scfs.model"
/* The largest config.json read (Podman's are a few KiB). */
#define SCFS_BUNDLE_CONFIG_MAX (4u << 20)

struct scfs_bundle {
	char *config_path;       /* BUNDLE/config.json, for messages */
	void *doc;               /* the whole document (json_object *) */
	bool has_seccomp;        /* linux.seccomp is there */
	bool own_listener;       /* listenerPath, SCMP_ACT_NOTIFY rules or crun's run.oci.seccomp.receiver of its own */
	enum scfs_mode mode;     /* from io.scfs.mode (default enforce) */
	char *seccomp_text;      /* linux.seccomp without listenerPath/-Metadata, as compiled */
	size_t seccomp_len;
	const char *bpf_data;    /* the annotation, or NULL (points into doc) */
	/* Names from the annotations, NULL when absent (point into doc). */
	const char *container_name, *pod, *pod_namespace;
	char *docker_name;       /* scfs_bundle_docker_name's (malloc'd), or NULL */
	char **args;             /* process.args, NULL-terminated (never NULL) */
	struct scfs_host host;
	struct scfs_profile *src, *eff;
	struct scfs_filter *filter;
	struct scfs_observer obs; /* obs.prog: the observed program */
	bool compiled;
	/* The runc model: compiled with runc's ENOSYS stub; what the kernel
	 * decides alone (malloc'd, NULL when nothing). */
	bool enosys_stub, runc_model;
	char *unobservable;
};

/**
 * Parse config.json (@text, @len bytes) named @path.  @strip: drop the
 * listenerPath and listenerMetadata the wrapper added (the agent's view);
 * without it they count as the profile's own listener (own_listener).
 * Bad JSON or a bad io.scfs.mode: one error in @diag, -EINVAL.
 */
SCFS_API int scfs_bundle_parse(struct scfs_bundle *b, const char *text, size_t len, const char *path, bool strip,
			       struct scfs_diag *diag);
/* Compile linux.seccomp for this host as crun does (no ENOSYS stub) and
 * build the observed program.  Errors name config.json, the rule and the
 * field.  @cache_dir: the filter cache (fcache.h), or NULL to compile
 * afresh (the agent always does: its check must not rest on the cache).
 * Returns 0 or -errno. */
SCFS_API int scfs_bundle_compile(struct scfs_bundle *b, const char *cache_dir, struct scfs_diag *diag);
/* The observed program in base64, for SCFS_ANN_BPF; malloc'd. */
SCFS_API char *scfs_bundle_program_base64(const struct scfs_bundle *b);
/* Whether SCFS_ANN_BPF decodes (strict base64) to exactly the observed
 * program; if not, *why (malloc'd) says how it differs. */
SCFS_API bool scfs_bundle_program_matches(const struct scfs_bundle *b, char **why);
/* Add the observed program, listenerPath = @socket and listenerMetadata to
 * the document and write it back to config_path atomically, with the
 * file's owner and mode.  Returns 0 or -errno with *why. */
SCFS_API int scfs_bundle_rewrite(struct scfs_bundle *b, const char *socket, char **why);
SCFS_API void scfs_bundle_done(struct scfs_bundle *b);

/* ---- the runc model (core/agent/runc_model.c) --------------------------
 * runc takes no raw program: explicit ERRNO and TRACE rules become
 * SCMP_ACT_NOTIFY (the agent answers them from the real filter); the
 * default action, runc's ENOSYS stub and rules on write stay the kernel's
 * and are unobservable (b->unobservable says which). */

/* Wrapper, after scfs_bundle_parse: compile from the original profile
 * (the annotation, when the bundle was prepared before), with the stub.
 * Returns 0 or -errno with *why. */
SCFS_API int scfs_bundle_runc_prepare(struct scfs_bundle *b, char **why);
/* Wrapper, after scfs_bundle_compile and before scfs_bundle_rewrite: put
 * the NOTIFY form in linux.seccomp and the original in SCFS_ANN_SECCOMP. */
SCFS_API int scfs_bundle_runc_transform(struct scfs_bundle *b, char **why);
/* Agent, after scfs_bundle_parse (stripped): for a runc-model bundle,
 * require linux.seccomp to be exactly the NOTIFY form of the original and
 * compile the original from then on; 0 for a crun-model bundle too. */
SCFS_API int scfs_bundle_runc_check(struct scfs_bundle *b, char **why);

/**
 * Read BUNDLE/config.json for the agent: @bundle absolute, the file opened
 * without following a final link, a regular file owned by root (or by
 * @owner, the agent's own uid), not writable by group or others, at most
 * SCFS_BUNDLE_CONFIG_MAX bytes.  Returns 0, or -errno with *why.
 */
SCFS_API int scfs_bundle_read_trusted(const char *bundle, uid_t owner, char **text, size_t *len, char **why);
/* Docker's name for container @id, which it keeps out of config.json: read
 * from config.v2.json beside the source of the /etc/hostname bind mount
 * (DATA_ROOT/containers/ID/), trusted as scfs_bundle_read_trusted trusts
 * config.json, its "ID" @id.  Sets b->docker_name; 0, or -ENOENT. */
SCFS_API int scfs_bundle_docker_name(struct scfs_bundle *b, const char *id, uid_t owner);

/* ---- the state message (core/agent/message.c) -------------------------- */

/* The largest message accepted (runtimes send a few KiB). */
#define SCFS_AGENT_MSG_MAX (64u << 10)

struct scfs_agent_msg {
	pid_t pid;          /* the process whose listener this is */
	pid_t init_pid;     /* state.pid: the container's init (may equal pid) */
	char id[129];       /* state.id */
	char *bundle;       /* state.bundle, absolute; NULL in the exec form */
	char *status;       /* state.status */
	/* crun's message for an exec'd process: pid 0, bundle "." and status
	 * running; it names a container the agent must already supervise. */
	bool exec_form;
};

/**
 * Validate a runtime's state message strictly: a JSON object with
 * ociVersion, fds ["seccompFd"], pid > 0, metadata SCFS_LISTENER_METADATA
 * and state {ociVersion, id [A-Za-z0-9_.-]{1,128}, status, pid, bundle
 * (absolute, no "..")}, annotations optional; nothing else.  Or crun's
 * exec form (see exec_form).  Returns 0,
 * or -EINVAL with *why (malloc'd).
 */
SCFS_API int scfs_agent_msg_parse(const char *text, size_t len, struct scfs_agent_msg *m, char **why);
SCFS_API void scfs_agent_msg_done(struct scfs_agent_msg *m);
/* Whether @fd is a seccomp listener ("anon_inode:seccomp notify"). */
SCFS_API bool scfs_agent_fd_is_listener(int fd);

/* ---- the agent (core/agent/agent.c) ------------------------------------ */

struct scfs_agent_opts {
	const char *socket;     /* the Unix socket path */
	const char *state_base; /* where container state goes */
	int log_fd;             /* one line per event (stderr, or a file) */
	const char *runtime;    /* "info" runtime key, e.g. "crun" */
};

/* Make the socket: the parent made 0700 if missing, the socket 0600,
 * an old socket nobody answers replaced.  Returns a listening fd or
 * -errno with *why. */
SCFS_API int scfs_agent_listen(const char *path, char **why);
/* Serve on @lfd until SIGTERM/SIGINT.  Returns 0 or -errno. */
SCFS_API int scfs_agent_serve(const struct scfs_agent_opts *o, int lfd);
