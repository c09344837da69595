/* A line diff for showing what an edit did to a profile document. */
#pragma once

/**
 * Compare @a and @b line by line (a longest common subsequence over the
 * lines between the common head and tail) and write unified-style hunks:
 * "@@ -START,N +START,N @@" then lines prefixed " ", "-" or "+", with
 * @context unchanged lines around each change.  Very large differing
 * middles (over 4M line pairs) are shown as one removal and one addition.
 * Returns a malloc'd string, "" when the texts are equal.
 */
char *sctui_diff(const char *a, const char *b, unsigned context);
