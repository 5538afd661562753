/* json.h — JSON inputs (program.json, scenarios) read strictly, with the line and column of every
 * member for messages, and the one set of value readers both use. */
#ifndef KC_JSON_H
#define KC_JSON_H

#include <stdarg.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "core/kc_error.h"

#define KC_MAX_JSON_DEPTH 64 /* deepest JSON nesting accepted (scenarios use 4 levels) */

typedef struct kc_json_lines kc_json_lines;

/* Parses JSON text (a leading byte-order mark allowed) into *out (cJSON_Delete when done). A syntax
 * error is KC_ERR_INPUT naming path, the line and column where parsing stopped; so is, with its
 * line and column, what JSON allows but an input must not hold: text that is not UTF-8 or holds a
 * control character (escaped ones are allowed only in notes, keys starting with _), a key twice in
 * one object, a number under one of amount_keys in Vietnamese digit grouping ("ceiling": 11.900),
 * and a text under one of name_keys longer than KC_MAX_NAME bytes. Both lists NULL-terminated; NULL
 * for none. With lines (may be NULL), where every member and element stands. */
KC_MUST_USE kc_rc kc_json_parse(const char *path, const char *text, size_t len, const char *const *amount_keys,
                                const char *const *name_keys, kc_json_lines *lines, cJSON **out, kc_error *err);

/* Where each member and array element of a parsed JSON text starts: its path ("sources.local.ceiling",
 * "annual_ceilings[2].year", "sources[0].id"; keys as written) and line:col. Filled by kc_json_parse
 * when given (zero it first; kc_json_lines_free when done). */
struct kc_json_line {
  size_t off; /* into paths */
  int line, col;
};
typedef struct kc_json_lines {
  char *paths; /* NUL-separated */
  size_t plen, pcap;
  struct kc_json_line *e;
  size_t n, cap;
} kc_json_lines;

/* The line (and column, when col is not NULL) of path in L: 1 when found, else 0. */
int kc_json_line(const kc_json_lines *L, const char *path, int *line, int *col);
/* The same for path or, when it is not there, the nearest member enclosing it ("a.b[2].c", then
 * "a.b[2]", "a.b", "a"); 0 and 0 when none is (or L is NULL). */
void kc_json_line_near(const kc_json_lines *L, const char *path, int *line, int *col);
void kc_json_lines_free(kc_json_lines *L);

/* Fails with KC_ERR_INPUT at keypath's line and column in L (kc_json_line_near) in file path, the
 * message formatted from fmt and ap, after "keypath: " when prefix. */
kc_rc kc_json_vfail(kc_error *err, const char *path, const kc_json_lines *L, const char *keypath, int prefix,
                    const char *fmt, va_list ap);

/* A JSON input being read: its name in messages, where its members stand (may be NULL) and the
 * error to fill. Every reader below fails with KC_ERR_INPUT as "FILE:LINE:COL: KEYPATH: message",
 * at the member's position (or the nearest enclosing one). */
typedef struct {
  const char *path;
  const kc_json_lines *lines;
  kc_error *err;
} kc_json_doc;

kc_rc kc_json_fail(const kc_json_doc *d, const char *keypath, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Refuses obj when it is not an object, or holds a key not in allowed (NULL-terminated) that is not
 * a note (starting with _). where is obj's key path ("" for the top level). */
KC_MUST_USE kc_rc kc_json_keys(const kc_json_doc *d, const cJSON *obj, const char *where, const char *const *allowed);

/* v as a finite number from lo to hi into *out (0 on failure; set either way). */
KC_MUST_USE kc_rc kc_json_number(const kc_json_doc *d, const cJSON *v, const char *keypath, double lo, double hi,
                                 double *out);

/* v as a whole number from lo to hi into *out (0 on failure). */
KC_MUST_USE kc_rc kc_json_whole(const kc_json_doc *d, const cJSON *v, const char *keypath, long lo, long hi, int *out);

/* The string under obj's key (required) into *out (borrowed from obj); where is obj's key path. */
KC_MUST_USE kc_rc kc_json_string(const kc_json_doc *d, const cJSON *obj, const char *key, const char *where,
                                 const char **out);

#endif
