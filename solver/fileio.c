/* fileio.c — reading inputs whole, hashing them, and writing outputs atomically. */
#define _POSIX_C_SOURCE 200809L
#include "fileio.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <sha2.h>

kc_rc kc_read_file(const char *path, char **buf, size_t *len, kc_error *err) {
  *buf = NULL;
  *len = 0;
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "cannot open: %s", strerror(errno));
  struct stat st;
  if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
    fclose(fp);
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "not a regular file");
  }
  if ((unsigned long long)st.st_size > KC_MAX_FILE) {
    fclose(fp);
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "file is larger than %u MiB", KC_MAX_FILE >> 20);
  }
  size_t cap = (size_t)st.st_size + 1, n = 0;
  char *b = malloc(cap);
  if (!b) {
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

kc_rc kc_json_parse(const char *path, const char *text, size_t len, cJSON **out, kc_error *err) {
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    text += 3;
    len -= 3;
  }
  const char *end = NULL, *nul = memchr(text, '\0', len);
  *out = nul ? NULL : cJSON_ParseWithLengthOpts(text, len, &end, 0);
  if (*out)
    return KC_OK;
  size_t off = nul ? (size_t)(nul - text) : end && end >= text ? (size_t)(end - text) : 0, rest;
  int line = 1, col = 1;
  for (size_t i = 0; i < off && i < len; i++) {
    if (text[i] == '\n') {
      line++;
      col = 1;
    } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
      col++;
    }
  }
  if (nul)
    return kc_fail(err, KC_ERR_INPUT, path, line, col, "a NUL byte: this is a binary file, not JSON text");
  for (rest = off; rest < len && strchr(" \t\r\n", text[rest]); rest++)
    ;
  return kc_fail(err, KC_ERR_INPUT, path, line, col,
                 rest + 1 >= len ? "JSON syntax error: the text ends too early (a missing } or ])"
                                 : "JSON syntax error (check commas, quotes and brackets near here)");
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

kc_rc kc_atomic_open(kc_atomic *f, const char *path, kc_error *err) {
  memset(f, 0, sizeof *f);
  if (strlen(path) >= sizeof f->path)
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "path too long");
  snprintf(f->path, sizeof f->path, "%s", path);
  snprintf(f->tmp, sizeof f->tmp, "%s.tmpXXXXXX", path);
  int fd = mkstemp(f->tmp);
  if (fd < 0) {
    f->tmp[0] = '\0';
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "cannot write: %s", strerror(errno));
  }
  fchmod(fd, 0644);
  f->fp = fdopen(fd, "wb");
  if (!f->fp) {
    close(fd);
    unlink(f->tmp);
    f->tmp[0] = '\0';
    return kc_fail(err, KC_ERR_INPUT, path, 0, 0, "cannot write: %s", strerror(errno));
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
    unlink(f->tmp);
    f->tmp[0] = '\0';
    return kc_fail(err, KC_ERR_INPUT, f->path, 0, 0, "cannot write: %s", strerror(e ? e : EIO));
  }
  return KC_OK;
}

kc_rc kc_atomic_publish(kc_atomic *f, kc_error *err) {
  if (!f->tmp[0])
    return kc_fail(err, KC_ERR_INPUT, f->path, 0, 0, "nothing to publish");
  if (rename(f->tmp, f->path) != 0) {
    int e = errno;
    unlink(f->tmp);
    f->tmp[0] = '\0';
    return kc_fail(err, KC_ERR_INPUT, f->path, 0, 0, "cannot write: %s", strerror(e));
  }
  f->tmp[0] = '\0';
  return KC_OK;
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
  if (f->tmp[0]) {
    unlink(f->tmp);
    f->tmp[0] = '\0';
  }
}
