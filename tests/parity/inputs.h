/* Building the inputs of the differential test: which argument words a
 * program compares for one (arch, nr), and with which constants. */
#pragma once

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One comparison of a seccomp_data word (offset 8 + 4*word: 0-1 the
 * instruction pointer, 2+2i / 3+2i the low / high half of argument i). */
struct cmpk {
	uint8_t word;
	uint8_t op; /* BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET */
	uint32_t k;
	uint32_t mask; /* AND applied to the word before the jump (~0 if none) */
};

struct kset {
	struct cmpk *v;
	size_t n, cap;
};

struct u32set {
	uint32_t *v;
	size_t n, cap;
};

void kset_add(struct kset *ks, struct cmpk c);
bool kset_has_word(const struct kset *ks, uint8_t word);
void u32set_add(struct u32set *s, uint32_t v);
void u32set_sort(struct u32set *s); /* and drop duplicates */

/* Comparisons of argument words reachable with @d's arch and nr.  False if
 * the program does something walk() does not model (then use scan_all). */
bool walk(const struct sock_filter *prog, size_t len, const struct seccomp_data *d, struct kset *out);
void scan_all(const struct sock_filter *prog, size_t len, struct kset *out);
void scan_nrs(const struct sock_filter *prog, size_t len, struct u32set *out);

/* Values of @word worth trying, given the comparisons in @ks (sorted). */
void word_values(const struct kset *ks, uint8_t word, struct u32set *out);
