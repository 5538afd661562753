/* utf8.c — UTF-8 validation, names' limits and cutting on character boundaries. */
#include "core/utf8.h"

#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

int kc_utf8_seq_len(unsigned char c) {
  return c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
}

/* The code point of the valid sequence of n bytes at p, or -1 when it is not one (RFC 3629). */
static long decode(const unsigned char *p, int n) {
  long cp = n == 1 ? p[0] : n == 2 ? p[0] & 0x1F : n == 3 ? p[0] & 0x0F : p[0] & 0x07;
  for (int k = 1; k < n; k++) {
    if ((p[k] & 0xC0) != 0x80)
      return -1;
    cp = (cp << 6) | (p[k] & 0x3F);
  }
  static const long least[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return -1;
  return cp;
}

kc_utf8_status kc_utf8_check(const char *s, size_t len, size_t *at) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < len;) {
    int n = kc_utf8_seq_len(p[i]);
    long cp = n == 0 || i + (size_t)n > len ? -1 : decode(p + i, n);
    kc_utf8_status st = cp < 0                                                                    ? KC_UTF8_INVALID
                        : cp == 0                                                                 ? KC_UTF8_NUL
                        : (cp < 0x20 && !strchr("\t\r\n", (int)cp)) || (cp >= 0x7F && cp <= 0x9F) ? KC_UTF8_CONTROL
                                                                                                  : KC_UTF8_OK;
    if (st != KC_UTF8_OK) {
      if (at)
        *at = i;
      return st;
    }
    i += (size_t)n;
  }
  return KC_UTF8_OK;
}

const char *kc_utf8_name_problem(const char *s) {
  static _Thread_local char msg[200];
  size_t len = strlen(s);
  if (len > KC_MAX_NAME) {
    snprintf(msg, sizeof msg, _("is %zu bytes long; a name may have at most %d"), len, KC_MAX_NAME);
    return msg;
  }
  size_t at;
  if (kc_utf8_check(s, len, &at) == KC_UTF8_CONTROL || strpbrk(s, "\t\r\n"))
    return _("holds a control character, tab or line break; a name is one line of plain text");
  return NULL;
}

void kc_utf8_append(char *buf, size_t n, const char *text) {
  size_t len = strlen(buf);
  const unsigned char *t = (const unsigned char *)text;
  size_t k = 0;
  for (;;) {
    int c = t[k] ? kc_utf8_seq_len(t[k]) : 0;
    if (c == 0 || len + k + (size_t)c >= n)
      break;
    k += (size_t)c;
  }
  memcpy(buf + len, text, k);
  buf[len + k] = '\0';
}
