/* fileio.h — whole-file reading, SHA-256 and atomic writing. */
#ifndef KC_FILEIO_H
#define KC_FILEIO_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "core/kc_error.h"

#define KC_MAX_FILE (256u << 20) /* largest input file read, bytes */

/* Reads path into a new NUL-terminated buffer (*buf, owned by the caller, free()). Fails with
 * KC_ERR_INPUT naming the file when it cannot be read, is a directory or is larger than KC_MAX_FILE. */
KC_MUST_USE kc_rc kc_read_file(const char *path, char **buf, size_t *len, kc_error *err);

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
