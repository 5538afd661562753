/* fileio.c — reading inputs whole, hashing them, and writing outputs atomically. */
#define _POSIX_C_SOURCE 200809L
#include "core/fileio.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <dirent.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <sha2.h>

#include "core/csvtab.h"
#include "core/utf8.h"

/* The files this run has read, by device and inode (a hard link or a symlink to an input is the
 * input): kc_atomic_open refuses to write over any of them. Guarded by inputs_lock (sweeps and
 * compare may load from several threads). */
static struct kc_input_id {
  dev_t dev;
  ino_t ino;
} * inputs;
static size_t ninputs, inputs_cap;
static pthread_mutex_t inputs_lock = PTHREAD_MUTEX_INITIALIZER;

static int remember_input(const struct stat *st) {
  pthread_mutex_lock(&inputs_lock);
  int ok = 1;
  if (ninputs == inputs_cap) {
    size_t cap = inputs_cap ? 2 * inputs_cap : 16;
    struct kc_input_id *p = realloc(inputs, cap * sizeof *p);
    if (p) {
      inputs = p;
      inputs_cap = cap;
    } else {
      ok = 0;
    }
  }
  if (ok)
    inputs[ninputs++] = (struct kc_input_id){st->st_dev, st->st_ino};
  pthread_mutex_unlock(&inputs_lock);
  return ok;
}

static int is_input(const struct stat *st) {
  pthread_mutex_lock(&inputs_lock);
  int found = 0;
  for (size_t i = 0; i < ninputs && !found; i++)
    found = inputs[i].dev == st->st_dev && inputs[i].ino == st->st_ino;
  pthread_mutex_unlock(&inputs_lock);
  return found;
}

kc_rc kc_read_file(const char *path, char **buf, size_t *len, kc_error *err) {
  *buf = NULL;
  *len = 0;
  /* Non-blocking, so that a FIFO or a terminal given as an input cannot stop the run at open(); it
   * is refused below as not a regular file. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "cannot open: %s", strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0,
                   "not a regular file (a folder, a pipe or a device): inputs are read from plain files only");
  }
  if ((unsigned long long)st.st_size > KC_MAX_FILE) {
    close(fd);
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "file is larger than %u MiB", KC_MAX_FILE >> 20);
  }
  int fl = fcntl(fd, F_GETFL);
  FILE *fp = fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0 ? NULL : fdopen(fd, "rb");
  if (!fp) {
    close(fd);
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "cannot open: %s", strerror(errno));
  }
  size_t cap = (size_t)st.st_size + 1, n = 0;
  char *b = malloc(cap);
  if (!b || !remember_input(&st)) {
    free(b);
    fclose(fp);
    return kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "out of memory");
  }
  n = fread(b, 1, cap - 1, fp);
  int bad = ferror(fp);
  fclose(fp);
  if (bad) {
    free(b);
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "read error");
  }
  b[n] = '\0';
  *buf = b;
  *len = n;
  return KC_OK;
}

void kc_sha256_hex(const void *data, size_t len, char hex[65]) {
  SHA2_CTX ctx;
  uint8_t d[SHA256_DIGEST_LENGTH];
  SHA256Init(&ctx);
  SHA256Update(&ctx, data, len);
  SHA256Final(d, &ctx);
  for (int i = 0; i < SHA256_DIGEST_LENGTH; i++)
    snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

/* The temporary files open right now, for kc_atomic_remove_all to remove from a signal handler:
 * a slot's paths are written before it is marked used, and marked unused before it is reused. */
#define KC_MAX_OPEN_TMP 64
static char open_tmp[KC_MAX_OPEN_TMP][1040];
static char open_dir[KC_MAX_OPEN_TMP][1024];
static volatile sig_atomic_t open_used[KC_MAX_OPEN_TMP];

static void remember(kc_atomic *f) {
  f->slot = -1;
  for (int i = 0; i < KC_MAX_OPEN_TMP; i++)
    if (!open_used[i]) {
      memcpy(open_tmp[i], f->tmp, sizeof open_tmp[i]);
      memcpy(open_dir[i], f->dir, sizeof open_dir[i]);
      atomic_signal_fence(memory_order_seq_cst); /* the paths are in place before the slot is used */
      open_used[i] = 1;
      f->slot = i;
      return;
    }
}

/* Forgets f's temporary file, removing it (and its private folder) first when unlink_it; after a
 * publish only the emptied folder is left to remove. */
static void forget(kc_atomic *f, int unlink_it) {
  if (!f->tmp[0]) /* nothing open (also a zeroed, never-opened record) */
    return;
  if (f->slot >= 0 && f->slot < KC_MAX_OPEN_TMP)
    open_used[f->slot] = 0;
  f->slot = -1;
  if (unlink_it)
    unlink(f->tmp);
  if (f->dir[0])
    rmdir(f->dir);
  f->tmp[0] = f->dir[0] = '\0';
}

void kc_atomic_remove_all(void) {
  for (int i = 0; i < KC_MAX_OPEN_TMP; i++)
    if (open_used[i]) {
      unlink(open_tmp[i]);
      if (open_dir[i][0])
        rmdir(open_dir[i]);
      open_used[i] = 0;
    }
}

/* The mode of a new output: what the caller's umask allows of 0666, read once (umask can only be
 * read by setting it, so it is set back at once, before any output exists). */
static pthread_once_t umask_once = PTHREAD_ONCE_INIT;
static mode_t new_mode;
static void read_umask(void) {
  mode_t u = umask(022);
  umask(u);
  new_mode = 0666 & ~u;
}

/* Refuses what path must not become; sets *mode to the mode the output gets: a file replaced keeps
 * its own, a new one follows the umask. */
static kc_rc check_target(const char *path, mode_t *mode, kc_error *err) {
  pthread_once(&umask_once, read_umask);
  *mode = new_mode;
  struct stat st;
  if (stat(path, &st) != 0)
    return KC_OK;
  if (!S_ISREG(st.st_mode)) /* renaming over /dev/full or a folder: never */
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "cannot write: it exists and is not a regular file");
  if (is_input(&st))
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0,
                   "is one of this run's inputs; kcplan never writes over an input: choose another output path");
  *mode = st.st_mode & 07777;
  return KC_OK;
}

/* The folder holding path, into dir: "." for a bare name, "/" for a file at the root. */
static void folder_of(const char *path, char *dir, size_t n) {
  snprintf(dir, n, "%s", path);
  char *slash = strrchr(dir, '/');
  if (!slash)
    snprintf(dir, n, ".");
  else if (slash == dir)
    dir[1] = '\0';
  else
    *slash = '\0';
}

/* Removes, from the folder of path, the temporary files and folders ("NAME.tmp-PID-XXXXXX") that a
 * kcplan run killed before it could clean up (SIGKILL, a power cut) left behind: those whose process
 * no longer exists. A live run's, this one's included, are left alone. Once per folder and process. */
static void remove_stale(const char *path) {
  static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  static char done[1024];
  char dir[1024];
  folder_of(path, dir, sizeof dir);
  pthread_mutex_lock(&lock);
  int again = strcmp(done, dir) == 0;
  snprintf(done, sizeof done, "%s", dir);
  pthread_mutex_unlock(&lock);
  DIR *d = again ? NULL : opendir(dir);
  for (struct dirent *e; d && (e = readdir(d));) {
    const char *t = strstr(e->d_name, ".tmp-");
    char *end;
    long pid = t ? strtol(t + 5, &end, 10) : 0;
    if (!t || pid <= 0 || end == t + 5 || *end != '-' || strlen(end + 1) != 6 || strchr(end + 1, '.') ||
        pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
      continue;
    char p[2100];
    snprintf(p, sizeof p, "%s/%s/out", dir, e->d_name);
    unlink(p); /* a private folder's file, if it is one */
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    if (unlink(p) != 0)
      rmdir(p);
  }
  if (d)
    closedir(d);
}

kc_rc kc_atomic_open(kc_atomic *f, const char *path, kc_error *err) {
  return kc_atomic_open_private(f, path, 0, err);
}

kc_rc kc_atomic_open_private(kc_atomic *f, const char *path, int private_dir, kc_error *err) {
  memset(f, 0, sizeof *f);
  f->slot = -1;
  if (strlen(path) >= sizeof f->path - 32)
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "path too long");
  mode_t mode;
  kc_rc rc = check_target(path, &mode, err);
  if (rc != KC_OK)
    return rc;
  remove_stale(path);
  snprintf(f->path, sizeof f->path, "%s", path);
  int fd = -1;
  if (private_dir) {
    snprintf(f->dir, sizeof f->dir, "%s.tmp-%ld-XXXXXX", path, (long)getpid());
    if (mkdtemp(f->dir)) { /* mode 0700: no other user can put anything in it */
      snprintf(f->tmp, sizeof f->tmp, "%s/out", f->dir);
      fd = open(f->tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    }
  } else {
    snprintf(f->tmp, sizeof f->tmp, "%s.tmp-%ld-XXXXXX", path, (long)getpid());
    fd = mkstemp(f->tmp);
  }
  if (fd < 0) {
    int e = errno;
    if (f->dir[0])
      rmdir(f->dir);
    f->tmp[0] = f->dir[0] = '\0';
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "cannot write: %s", strerror(e));
  }
  remember(f);
  fchmod(fd, mode);
  f->fp = fdopen(fd, "wb");
  if (!f->fp) {
    int e = errno;
    close(fd);
    forget(f, 1);
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "cannot write: %s", strerror(e));
  }
  return KC_OK;
}

kc_rc kc_atomic_close(kc_atomic *f, kc_error *err) {
  if (!f->fp)
    return kc_fail(err, KC_ERR_INPUT, f->path, 0, 0, "not open");
  int bad = fflush(f->fp) != 0 || ferror(f->fp) || fsync(fileno(f->fp)) != 0;
  int e = errno;
  if (fclose(f->fp) != 0 && !bad) {
    bad = 1;
    e = errno;
  }
  f->fp = NULL;
  if (bad) {
    forget(f, 1);
    return kc_fail(err, KC_ERR_INPUT, f->path, 0, 0, "cannot write: %s", strerror(e ? e : EIO));
  }
  return KC_OK;
}

kc_rc kc_atomic_publish(kc_atomic *f, kc_error *err) {
  if (!f->tmp[0])
    return kc_fail(err, KC_ERR_INPUT, f->path, 0, 0, "nothing to publish");
  if (rename(f->tmp, f->path) != 0) {
    int e = errno;
    forget(f, 1);
    return kc_fail(err, KC_ERR_INPUT, f->path, 0, 0, "cannot write: %s", strerror(e));
  }
  forget(f, 0);
  return KC_OK;
}

/* An exclusive advisory lock (flock) on the folder holding path, held while the descriptor returned
 * stays open; -1 when the folder cannot be opened (the renames then go ahead unlocked). */
static int lock_folder(const char *path) {
  char dir[1024];
  folder_of(path, dir, sizeof dir);
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
      ;
  return fd;
}

kc_rc kc_atomic_publish_all(kc_atomic *f, int n, kc_error *err) {
  /* Another run publishing into the same folder waits for this one's renames to end, so the folder
   * never holds a mix of both runs' files. Taken before the signals are held: a wait stays
   * interruptible. */
  int lock = n > 0 ? lock_folder(f[0].path) : -1;
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGHUP);
  sigaddset(&block, SIGQUIT);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  kc_rc rc = KC_OK;
  for (int i = 0; i < n; i++)
    if (rc == KC_OK)
      rc = kc_atomic_publish(&f[i], err);
    else
      kc_atomic_abort(&f[i]);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (lock >= 0)
    close(lock); /* releases the lock */
  return rc;
}

kc_rc kc_atomic_commit(kc_atomic *f, kc_error *err) {
  kc_rc rc = kc_atomic_close(f, err);
  return rc != KC_OK ? rc : kc_atomic_publish(f, err);
}

void kc_atomic_abort(kc_atomic *f) {
  if (f->fp) {
    fclose(f->fp);
    f->fp = NULL;
  }
  forget(f, 1);
}

kc_rc kc_write_file_set(const char *dir, const char *const *names, int n, kc_file_writer write, void *ctx,
                        kc_error *err) {
  kc_atomic f[KC_MAX_FILE_SET];
  char path[1024];
  kc_rc rc = KC_OK;
  if (n > KC_MAX_FILE_SET)
    return kc_fail(err, KC_ERR_INTERNAL, dir, 0, 0, "too many files in one set");
  memset(f, 0, sizeof f);
  for (int i = 0; i < n && rc == KC_OK; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if ((rc = kc_atomic_open(&f[i], path, err)) != KC_OK)
      break;
    write(ctx, i, f[i].fp);
    rc = kc_atomic_close(&f[i], err);
  }
  if (rc == KC_OK)
    rc = kc_atomic_publish_all(f, n, err);
  for (int i = 0; i < n; i++)
    kc_atomic_abort(&f[i]);
  return rc;
}
