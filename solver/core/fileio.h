/* fileio.h — whole-file reading, SHA-256 and atomic writing. */
#ifndef KC_FILEIO_H
#define KC_FILEIO_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "core/kc_error.h"

#define KC_MAX_FILE (256u << 20) /* largest input file read, bytes */

/* Reads path into a new NUL-terminated buffer (*buf, owned by the caller, free()). Fails with
 * KC_ERR_INPUT naming the file when it cannot be read, is a directory or is larger than KC_MAX_FILE. */
KC_MUST_USE kc_rc kc_read_file(const char *path, char **buf, size_t *len, kc_error *err);

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

/* Writes the SHA-256 of data as 64 lower-case hex digits and a NUL into hex. */
void kc_sha256_hex(const void *data, size_t len, char hex[65]);

/* An output file written under a temporary name in the same folder and renamed into place on commit,
 * so that readers never see a half-written file. */
typedef struct {
  FILE *fp;
  char path[1024];
  char tmp[1040];
  char dir[1024]; /* the private folder holding tmp (kc_atomic_open_private), else "" */
  int slot;       /* its entry among the open temporary files (kc_atomic_remove_all), -1 when none */
} kc_atomic;

/* Opens a temporary file beside path. KC_ERR_INPUT when the folder is missing or not writable, when
 * path exists and is not a regular file, or when it is one of the files this process has read with
 * kc_read_file (the same device and inode: an output never replaces an input). A new output gets
 * 0666 less the umask; a file it replaces keeps its mode. */
KC_MUST_USE kc_rc kc_atomic_open(kc_atomic *f, const char *path, kc_error *err);
/* The same; with private_dir the temporary file is f->tmp inside a folder beside path that only this
 * user can enter (mkdtemp, 0700), for a library that reopens the file by name (GLPK's writers,
 * libxlsxwriter): in a folder others may write, nobody can swap it for a symlink in between. The
 * folder goes when the file is published or aborted. */
KC_MUST_USE kc_rc kc_atomic_open_private(kc_atomic *f, const char *path, int private_dir, kc_error *err);
/* Flushes, fsyncs and closes the temporary file. On failure (full device, I/O error) removes it and
 * returns KC_ERR_INPUT. Several files are closed first and published together so that a failure in
 * any of them leaves none in place. */
KC_MUST_USE kc_rc kc_atomic_close(kc_atomic *f, kc_error *err);
/* Renames a closed temporary file into place. */
KC_MUST_USE kc_rc kc_atomic_publish(kc_atomic *f, kc_error *err);
/* Publishes n closed files (all in one folder) with SIGINT, SIGTERM, SIGHUP and SIGQUIT held back,
 * so that a signal cannot leave some of them in place and not the others, and under an exclusive
 * flock on their folder, so that two runs publishing there never leave a mix; a failure aborts the
 * rest. */
KC_MUST_USE kc_rc kc_atomic_publish_all(kc_atomic *f, int n, kc_error *err);
/* Writes one file of a set: file i of the names given to kc_write_file_set, into fp. */
typedef void (*kc_file_writer)(void *ctx, int i, FILE *fp);

#define KC_MAX_FILE_SET 8

/* Writes the files names[0..n-1] (n <= KC_MAX_FILE_SET) into the folder dir with write, all of them
 * or none (kc_atomic_close, then kc_atomic_publish_all): the one writer of every output folder. */
KC_MUST_USE kc_rc kc_write_file_set(const char *dir, const char *const *names, int n, kc_file_writer write, void *ctx,
                                    kc_error *err);

/* Removes every temporary file kc_atomic_open made that is not yet published or aborted. Only
 * async-signal-safe calls: for a SIGINT/SIGTERM handler, so an interrupted run leaves nothing. */
void kc_atomic_remove_all(void);
/* close + publish. */
KC_MUST_USE kc_rc kc_atomic_commit(kc_atomic *f, kc_error *err);
/* Closes and removes the temporary file; a no-op after commit or on a never-opened record. */
void kc_atomic_abort(kc_atomic *f);

#endif
