/* Syscall arguments by their signatures (decode_tables.c): flags and enums
 * by name, fds and pids as numbers, strings read from the caller. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "decode_tables.h"
#include "scfs/decode.h"
#include "scfs/escape.h"

/* Tables whose value is an enum in the low bits and flags above, or (for
 * clone) flags above an exit signal in the low byte. */
struct composite {
	const char *table;
	uint64_t low_mask;
	const char *rest; /* table for the bits above, NULL: the low part is a signal */
};

static const struct composite composites[] = {
	{ "socket_type", 0xf, "socket_type_flags" },
	{ "open_access", O_ACCMODE, "open_flags" },
	{ "personality_persona", 0xff, "personality_flags" },
	{ "clone_flags", 0xff, NULL },
};

/* A bounded appender: keeps counting past the end, as snprintf does. */
struct out {
	char *buf;
	size_t len, pos;
	unsigned flags; /* SCFS_DECODE_* */
};

static void put_raw(struct out *o, const char *s, size_t n)
{
	if (o->pos + 1 < o->len) {
		size_t room = o->len - o->pos - 1, k = n < room ? n : room;

		memcpy(o->buf + o->pos, s, k);
		o->buf[o->pos + k] = '\0';
	}
	o->pos += n;
}

/* Only text and %s: no number to convert. */
static bool only_strings(const char *fmt)
{
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p + 2, '%'))
		if (p[1] != 's')
			return false;
	return true;
}

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	/* A supervisor's log thread decodes every denial: vsnprintf's parsing
	 * was most of a call's decoding, for pieces that are mostly names. */
	if (only_strings(fmt)) {
		for (const char *p = fmt; *p;) {
			size_t run = strcspn(p, "%");
			const char *arg;

			put_raw(o, p, run);
			p += run;
			if (!*p)
				break;
			arg = va_arg(ap, const char *);
			arg = arg ? arg : "(null)";
			put_raw(o, arg, strlen(arg));
			p += 2;
		}
		va_end(ap);
		return;
	}
	n = vsnprintf(o->pos < o->len ? o->buf + o->pos : NULL, o->pos < o->len ? o->len - o->pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

static const struct composite *composite_of(const struct decode_table *t)
{
	for (size_t i = 0; i < ELEMENTSOF(composites); i++)
		if (strcmp(composites[i].table, t->name) == 0)
			return &composites[i];
	return NULL;
}

static const char *enum_name(const struct decode_table *t, uint64_t v)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].value == v)
			return t->v[i].name;
	return NULL;
}

/* "A|B|0x40", or "0" when nothing is set. */
static void put_flags(struct out *o, const struct decode_table *t, uint64_t v, bool lead_bar)
{
	bool any = lead_bar;

	for (size_t i = 0; i < t->n && v; i++) {
		uint64_t bit = t->v[i].value;

		if (bit && (v & bit) == bit) {
			put(o, "%s%s", any ? "|" : "", t->v[i].name);
			v &= ~bit;
			any = true;
		}
	}
	if (v || !any)
		put(o, "%s%#" PRIx64, any ? "|" : "", v);
}

static void put_signal(struct out *o, uint64_t sig, bool lead_bar)
{
	const char *s = sig < 65 ? sigabbrev_np((int)sig) : NULL;

	if (s)
		put(o, "%sSIG%s", lead_bar ? "|" : "", s);
	else
		put(o, "%s%" PRIu64, lead_bar ? "|" : "", sig);
}

static void put_enum(struct out *o, const struct decode_table *t, uint64_t v)
{
	const char *n = enum_name(t, v);

	if (n)
		put(o, "%s", n);
	else
		put(o, v > 9 ? "%#" PRIx64 : "%" PRIu64, v);
}

static void put_table(struct out *o, const struct decode_table *t, uint64_t v)
{
	const struct composite *c = composite_of(t);
	uint64_t low, high;

	/* A mask of everything but a few flags reads better negated. */
	if ((t->is_flags || (c && !c->rest)) && __builtin_popcountll(v) > 32) {
		put(o, "~(");
		put_table(o, t, ~v);
		put(o, ")");
		return;
	}

	if (!c) {
		if (t->is_flags)
			put_flags(o, t, v, false);
		else
			put_enum(o, t, v);
		return;
	}
	if (v == UINT32_MAX || v == UINT64_MAX) { /* -1: a query, never a set of flags */
		put(o, "%#" PRIx64, v);
		return;
	}
	low = v & c->low_mask;
	high = v & ~c->low_mask;
	if (!c->rest) { /* clone: flags, then the exit signal if any */
		if (high || !low)
			put_flags(o, t, high, false);
		if (low)
			put_signal(o, low, high != 0);
		return;
	}
	if (!enum_name(t, low)) { /* not this argument's kind of value at all */
		put(o, "%#" PRIx64, v);
		return;
	}
	put_enum(o, t, low);
	if (high)
		put_flags(o, decode_table_lookup(c->rest, strlen(c->rest)), high, true);
}

/* A string the target passed: quoted, escaped (scfs/escape.h: controls,
 * C1 and invalid UTF-8 as \xNN, '"' and '\\' with a backslash; in a log
 * field blanks and '=' too), cut at SCFS_DECODE_STR_MAX. */
static void put_string(struct out *o, uint64_t addr, scfs_read_string_fn rd, void *ud)
{
	/* Each byte escapes to at most 4 ("\\xNN"). */
	char s[SCFS_DECODE_STR_MAX + 1], esc[4 * SCFS_DECODE_STR_MAX + 1];
	bool field = o->flags & SCFS_DECODE_FIELD;
	int n;

	if (!addr) {
		put(o, "NULL");
		return;
	}
	n = rd ? rd(ud, addr, s, sizeof(s)) : -ENOSYS;
	if (n < 0) {
		put(o, field ? "%#" PRIx64 "(unread:%s)" : "%#" PRIx64 " (unread: %s)", addr,
		    strerrorname_np(-n) ? strerrorname_np(-n) : "?");
		return;
	}
	/* The target's bytes: escaped as every byte from a target is. */
	scfs_escape_buf(esc, sizeof(esc), s, (size_t)(n < SCFS_DECODE_STR_MAX ? n : SCFS_DECODE_STR_MAX),
			SCFS_ESC_QUOTED, field ? " =" : NULL);
	put(o, "\"%s\"%s", esc, n > SCFS_DECODE_STR_MAX ? "..." : "");
}

static void put_arg(struct out *o, const char *kind, size_t klen, uint64_t v, scfs_read_string_fn rd, void *ud)
{
	const struct decode_table *t;

	if (kind[0] == '%' && (t = decode_table_lookup(kind + 1, klen - 1))) {
		put_table(o, t, v);
		return;
	}
	switch (kind[0]) {
	case 'D':
		if ((int32_t)v == AT_FDCWD) {
			put(o, "AT_FDCWD");
			break;
		}
		/* fall through */
	case 'd':
	case 'i':
	case 'P':
		/* An int in a 64-bit register: upper bits that are not the sign
		 * extension are shown, as the filter compares all 64. */
		if ((int64_t)v == (int32_t)v)
			put(o, "%d", (int32_t)v);
		else
			put(o, "%#" PRIx64, v);
		break;
	case 'u':
		put(o, "%" PRIu64, v);
		break;
	case 'o':
		put(o, v ? "0%" PRIo64 : "0", v);
		break;
	case 's':
		put_signal(o, v, false);
		break;
	case 'p':
		put_string(o, v, rd, ud);
		break;
	case 'x':
		put(o, v ? "%#" PRIx64 : "NULL", v);
		break;
	default:
		put(o, "%#" PRIx64, v);
	}
}

/* The @i-th blank-separated kind of @sig, its length in *@klen; NULL past the end. */
static const char *nth_kind(const struct decode_sig *sig, unsigned i, size_t *klen)
{
	const char *k = sig->args;

	for (;;) {
		k += strspn(k, " ");
		if (!*k)
			return NULL;
		*klen = strcspn(k, " ");
		if (i-- == 0)
			return k;
		k += *klen;
	}
}

unsigned scfs_decode_string_args(const char *name)
{
	const struct decode_sig *sig = decode_sig_lookup(name);
	unsigned mask = 0;
	const char *k;
	size_t klen;

	for (unsigned i = 0; sig && i < 6 && (k = nth_kind(sig, i, &klen)); i++)
		if (k[0] == 'p') /* as put_arg: a string (a '%' table is not) */
			mask |= 1u << i;
	return mask;
}

int scfs_decode_nargs(const char *name)
{
	const struct decode_sig *sig = decode_sig_lookup(name);
	size_t klen;
	int n = 0;

	if (!sig)
		return -1;
	while (nth_kind(sig, (unsigned)n, &klen))
		n++;
	return n;
}

size_t scfs_decode_call(const char *name, const uint64_t args[6], bool compat32, scfs_read_string_fn rd,
			void *userdata, char *out, size_t len)
{
	return scfs_decode_call_flags(name, args, compat32, 0, rd, userdata, out, len);
}

size_t scfs_decode_call_flags(const char *name, const uint64_t args[6], bool compat32, unsigned flags,
			      scfs_read_string_fn rd, void *userdata, char *out, size_t len)
{
	const struct decode_sig *sig = decode_sig_lookup(name);
	struct out o = { out, len, 0, flags };
	size_t klen;

	if (len)
		out[0] = '\0';
	put(&o, "%s(", name);
	for (unsigned i = 0; i < 6; i++) {
		uint64_t v = compat32 ? (uint32_t)args[i] : args[i];
		const char *k = sig ? nth_kind(sig, i, &klen) : "h";

		if (!k)
			break;
		put(&o, "%s", !i ? "" : flags & SCFS_DECODE_FIELD ? "," : ", ");
		put_arg(&o, k, sig ? klen : 1, v, rd, userdata);
	}
	put(&o, ")");
	return o.pos;
}

size_t scfs_decode_arg(const char *name, unsigned i, uint64_t v, char *out, size_t len)
{
	const struct decode_sig *sig = decode_sig_lookup(name);
	struct out o = { out, len, 0, 0 };
	size_t klen = 1;
	const char *k = sig ? nth_kind(sig, i, &klen) : NULL;

	if (len)
		out[0] = '\0';
	/* Strings are in the target's memory: a condition compares the address. */
	if (!k || k[0] == 'p')
		k = "h", klen = 1;
	put_arg(&o, k, klen, v, NULL, NULL);
	return o.pos;
}

/* "SIGKILL" (n bytes at @tok) as its number. */
static int parse_signal(const char *tok, size_t n, uint64_t *v)
{
	if (n <= 3 || strncmp(tok, "SIG", 3) != 0)
		return -EINVAL;
	for (int s = 1; s < 65; s++) {
		const char *a = sigabbrev_np(s);

		if (a && strlen(a) == n - 3 && strncmp(a, tok + 3, n - 3) == 0) {
			*v = (uint64_t)s;
			return 0;
		}
	}
	return -EINVAL;
}

/* One '|'-separated token of a symbolic value. */
static int parse_token(const struct decode_table *t, const char *tok, size_t n, uint64_t *v)
{
	const struct composite *c = t ? composite_of(t) : NULL;
	const struct decode_table *tabs[2] = { t, c && c->rest ? decode_table_lookup(c->rest, strlen(c->rest)) : NULL };

	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; tabs[k] && i < tabs[k]->n; i++)
			if (strlen(tabs[k]->v[i].name) == n && strncmp(tabs[k]->v[i].name, tok, n) == 0) {
				*v = tabs[k]->v[i].value;
				return 0;
			}
	/* clone's low byte is the exit signal */
	return c && !c->rest ? parse_signal(tok, n, v) : -EINVAL;
}

static int parse_number(const char *text, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = text[0] == '-' ? (uint64_t)strtoll(text, &end, 0) : strtoull(text, &end, 0);
	return errno || end == text || *end ? -EINVAL : 0;
}

int scfs_decode_parse(const char *name, unsigned i, const char *text, uint64_t *v)
{
	const struct decode_sig *sig = decode_sig_lookup(name);
	size_t klen = 0;
	const char *k = sig ? nth_kind(sig, i, &klen) : NULL;
	const struct decode_table *t = k && k[0] == '%' ? decode_table_lookup(k + 1, klen - 1) : NULL;
	uint64_t acc = 0;

	if (parse_number(text, v) == 0)
		return 0;
	if (k && k[0] == 'D' && strcmp(text, "AT_FDCWD") == 0) {
		*v = (uint64_t)(int64_t)AT_FDCWD;
		return 0;
	}
	if (k && k[0] == 's')
		return parse_signal(text, strlen(text), v);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "|");
		uint64_t one;

		if (parse_token(t, p, n, &one) < 0) {
			_cleanup_free_ char *tok = strndup(p, n);

			if (!tok || parse_number(tok, &one) < 0)
				return -EINVAL;
		}
		acc |= one;
		p += n + (p[n] == '|');
	}
	*v = acc;
	return 0;
}
