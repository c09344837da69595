/* read -> parse -> expand -> compile (scfs/pipeline.h). */
#include <errno.h>

#include "scfs/expand.h"
#include "scfs/fcache.h"
#include "scfs/pipeline.h"

static int parse_expand(struct scfs_pipeline *pl, const char *name, const struct scfs_host *host,
			struct scfs_diag *diag)
{
	int r;

	pl->host = *host;
	r = scfs_profile_parse(pl->text, pl->len, name, &pl->src, diag);
	if (r == 0)
		r = scfs_profile_expand(pl->src, &pl->host, &pl->eff);
	return r;
}

int scfs_pipeline_load(struct scfs_pipeline *pl, const char *path, const struct scfs_host *host,
		       struct scfs_diag *diag)
{
	int r = scfs_profile_read(path, &pl->text, &pl->len, diag);

	if (r < 0)
		return r;
	return parse_expand(pl, path, host, diag);
}

int scfs_pipeline_parse(struct scfs_pipeline *pl, const char *text, size_t len, const char *name,
			const struct scfs_host *host, struct scfs_diag *diag)
{
	pl->text = scfs_xmalloc(len + 1);
	memcpy(pl->text, text, len);
	pl->text[len] = '\0';
	pl->len = len;
	return parse_expand(pl, name, host, diag);
}

int scfs_pipeline_compile(struct scfs_pipeline *pl, const struct scfs_compile_opts *o, const char *cache_dir,
			  struct scfs_diag *diag)
{
	const struct scfs_fcache_key key = { pl->text, pl->len, &pl->host };
	struct scfs_compile_opts co;

	if (!pl->eff)
		return -EINVAL;
	if (!o) {
		scfs_compile_opts_init(&co);
		o = &co;
	}
	return scfs_compile_cached(pl->eff, o, &key, cache_dir, &pl->filter, diag);
}

int scfs_pipeline_peek(struct scfs_pipeline *pl, const char *path, const struct scfs_host *host,
		       const struct scfs_compile_opts *o, const char *cache_dir, struct scfs_diag *notes,
		       struct scfs_diag *diag)
{
	struct scfs_fcache_key key;
	int r = scfs_profile_read(path, &pl->text, &pl->len, diag);

	if (r < 0)
		return r;
	pl->host = *host;
	key = (struct scfs_fcache_key){ pl->text, pl->len, &pl->host };
	return scfs_fcache_lookup(o, &key, cache_dir, &pl->filter, notes) < 0 ? 1 : 0;
}

int scfs_pipeline_settle(struct scfs_pipeline *pl, const char *name, struct scfs_diag *diag)
{
	int r = parse_expand(pl, name, &pl->host, diag);

	if (r < 0)
		return r;
	return scfs_fcache_verify(pl->filter, pl->eff) < 0 ? 1 : 0;
}

void scfs_pipeline_done(struct scfs_pipeline *pl)
{
	scfs_filter_free(pl->filter);
	scfs_profile_free(pl->eff);
	scfs_profile_free(pl->src);
	free(pl->text);
	scfs_diag_done(&pl->diag);
	*pl = (struct scfs_pipeline){ 0 };
}
