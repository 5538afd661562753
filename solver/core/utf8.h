/* utf8.h — UTF-8 text as inputs must be and as outputs cut it: validation (no overlong forms, no
 * surrogates, nothing above U+10FFFF), control characters, names' limits, appending whole
 * characters only. */
#ifndef KC_UTF8_H
#define KC_UTF8_H

#include <stddef.h>

#define KC_MAX_NAME 400 /* longest name, unit, group or scenario name, in bytes (130+ Vietnamese letters) */

typedef enum {
  KC_UTF8_OK,
  KC_UTF8_INVALID, /* not UTF-8: a stray or truncated sequence, an overlong form, a surrogate, > U+10FFFF */
  KC_UTF8_NUL,     /* a NUL byte */
  KC_UTF8_CONTROL  /* a control character other than tab, CR and LF: C0, DEL or C1 (U+0080-U+009F) */
} kc_utf8_status;

/* Checks the len bytes at s; on a problem *at gets its byte offset. */
kc_utf8_status kc_utf8_check(const char *s, size_t len, size_t *at);

/* The length of the UTF-8 sequence starting with byte c (1-4), 0 for a continuation or invalid byte. */
int kc_utf8_seq_len(unsigned char c);

/* Why s cannot be a name (activity name, unit, group, source, programme or scenario name), or NULL:
 * longer than KC_MAX_NAME bytes, or holding a control character, tab or line break (names go into
 * one-line tables, terminals and error messages). s must already be valid UTF-8. */
const char *kc_utf8_name_problem(const char *s);

/* Appends text to the NUL-terminated buf of size n, as much as fits in whole characters. */
void kc_utf8_append(char *buf, size_t n, const char *text);

#endif
