/* Typed field access over json-c objects with diagnostics: each getter
 * reports a wrong type or range against the field's JSON path. */
#pragma once

#include <json-c/json.h>
#include <json-c/linkhash.h>
#include <stdbool.h>
#include <stdint.h>

#include "scfs/diag.h"

/* Result of a getter: the key was absent (or null), present and valid, or
 * present and invalid (an error has been recorded). */
enum jfield {
	JF_ABSENT,
	JF_OK,
	JF_BAD,
};

char *jpath_key(const char *base, const char *key);
char *jpath_idx(const char *base, size_t i);

/* "an object", "a string", ... for messages like "must be X, not Y". */
const char *jtype_name(json_object *v);

/* A child that is present and not JSON null. */
json_object *jchild(json_object *obj, const char *key);

enum jfield jget_string(struct scfs_diag *d, json_object *obj, const char *key, const char *base, char **ret);
enum jfield jget_uint(struct scfs_diag *d, json_object *obj, const char *key, const char *base, uint64_t max,
		      uint64_t *ret);
/* An array of non-empty strings; NULL items are errors. */
enum jfield jget_strings(struct scfs_diag *d, json_object *obj, const char *key, const char *base, char ***ret,
			 size_t *ret_n);
enum jfield jget_array(struct scfs_diag *d, json_object *obj, const char *key, const char *base,
		       json_object **ret);
enum jfield jget_object(struct scfs_diag *d, json_object *obj, const char *key, const char *base,
			json_object **ret);

/* Report keys of @obj that are not in @known: a case variant of a known
 * key as a warning (the format is case-sensitive here), others as notes;
 * with @strict, both as errors (where ignoring a key widens what the
 * profile allows). */
void jcheck_keys(struct scfs_diag *d, json_object *obj, const char *base, const char *const *known, bool strict);

/* The deepest nesting a profile may have: json-c's default, shared by the
 * tokener and the second pass (jscan_document). */
#define JPARSE_MAX_DEPTH JSON_TOKENER_DEFAULT_DEPTH

/* Parse a whole document; syntax errors are reported with line and column,
 * then the problems json-c does not report (jscan_document). */
json_object *jparse_document(struct scfs_diag *d, const char *text, size_t len);

/* On a text json-c has accepted: duplicate keys (the path of the second),
 * keys holding a NUL, strings that are not valid UTF-8.  All are errors.
 * Returns 0, or -EINVAL when one was reported.  json_scan.c says why
 * json-c cannot do this itself. */
int jscan_document(struct scfs_diag *d, const char *text, size_t len);

void strv_free(char **v, size_t n);

/* json-c string-keyed tables that own their (malloc'd) keys, or their keys
 * and values: freed with the table.  Abort when json-c cannot allocate. */
struct lh_table *jtable_new(int size);
struct lh_table *jtable_new_owning(int size);
