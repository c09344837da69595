/* Exporting a profile to other tools' formats.  The JSON forms (OCI,
 * Docker) and the program (BPF, PFC) come straight from the model and the
 * compiler; the systemd and Security Profiles Operator forms are written
 * from the expanded profile and its per-syscall decisions (diff.h), and
 * whatever the target format cannot express is written down as comments,
 * never dropped silently. */
#pragma once

#include <errno.h>

#include "compile.h"
#include "host.h"
#include "profile.h"
#include "util.h"

enum scfs_export_format {
	SCFS_EXPORT_OCI,     /* the effective OCI linux.seccomp object */
	SCFS_EXPORT_DOCKER,  /* the source profile, re-rendered */
	SCFS_EXPORT_BPF,     /* the exact program, raw struct sock_filter */
	SCFS_EXPORT_PFC,     /* libseccomp's listing, with the stub */
	SCFS_EXPORT_SYSTEMD, /* SystemCallFilter= and friends */
	SCFS_EXPORT_SPO,     /* a Security Profiles Operator SeccompProfile */
	_SCFS_EXPORT_MAX,
	_SCFS_EXPORT_INVALID = -EINVAL,
};

SCFS_API enum scfs_export_format scfs_export_format_from_string(const char *s);
SCFS_API const char *scfs_export_format_to_string(enum scfs_export_format f);

/**
 * systemd unit settings ([Service] section) for @f, compiled from an
 * expanded profile for @host.  Rules systemd cannot express (argument
 * rules, per-rule errnos in an allow list, kill/trap/errno mixes, the
 * ENOSYS stub) are listed as comments; the settings never allow a call
 * the profile denies, except where a comment says systemd insists.
 * Returns a malloc'd string.
 */
SCFS_API char *scfs_export_systemd(const struct scfs_filter *f, const struct scfs_host *host);

/**
 * A SeccompProfile (security-profiles-operator.x-k8s.io/v1beta1) in YAML
 * for the expanded profile @eff, named @name (made a valid Kubernetes
 * name).  What the CRD cannot hold (defaultErrnoRet, arches outside its
 * enum) is written as comments.  Returns a malloc'd string.
 */
SCFS_API char *scfs_export_spo(const struct scfs_profile *eff, const char *name, const struct scfs_host *host);
