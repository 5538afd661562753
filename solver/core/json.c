/* json.c — strict JSON: parsing with positions, the input rules JSON itself does not have, and
 * the value readers of program.json and scenarios. */
#define _POSIX_C_SOURCE 200809L
#include "core/json.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvtab.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/utf8.h"

/* The offset of the bracket that opens level KC_MAX_JSON_DEPTH + 1 (outside strings), or len when
 * the text never nests that deep: refused before parsing, so no input can exhaust the stack. */
static size_t too_deep(const char *text, size_t len) {
  int depth = 0, in_str = 0;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    if (in_str) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_str = 0;
    } else if (c == '"') {
      in_str = 1;
    } else if (c == '[' || c == '{') {
      if (++depth > KC_MAX_JSON_DEPTH)
        return i;
    } else if (c == ']' || c == '}') {
      depth--;
    }
  }
  return len;
}

/* Line and column (in characters) of byte offset off of text. */
static void line_col(const char *text, size_t off, int *line, int *col) {
  *line = 1;
  *col = 1;
  for (size_t i = 0; i < off; i++) {
    if (text[i] == '\n') {
      ++*line;
      *col = 1;
    } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
      ++*col;
    }
  }
}

/* A key of a JSON object, for the duplicate check: its object (numbered in the order the objects
 * open), its text (raw, between the quotes) and where it stands. */
typedef struct {
  size_t obj, off, len;
  int line, col;
} json_key;

static int cmp_key(const void *pa, const void *pb, void *text) {
  const json_key *a = pa, *b = pb;
  if (a->obj != b->obj)
    return a->obj < b->obj ? -1 : 1;
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp((const char *)text + a->off, (const char *)text + b->off, n);
  if (c || a->len != b->len)
    return c ? c : a->len < b->len ? -1 : 1;
  return a->off < b->off ? -1 : a->off > b->off;
}

/* 0 when a and b are the same key of the same object. */
static int cmp_same(const json_key *a, const json_key *b, const char *text) {
  return !(a->obj == b->obj && a->len == b->len && memcmp(text + a->off, text + b->off, a->len) == 0);
}

/* qsort_r is a GNU extension: sort with the text in a file-scope pointer instead (one thread at a
 * time holds keys_lock). */
static const char *sort_text;
static pthread_mutex_t keys_lock = PTHREAD_MUTEX_INITIALIZER;
static int cmp_key_global(const void *a, const void *b) {
  return cmp_key(a, b, (void *)sort_text);
}

/* What JSON syntax allows but an input must not have, found in the text before parsing, with its
 * line and column: a key twice in the same object (cJSON would keep the first silently), and a
 * number under one of amount_keys written in Vietnamese digit grouping (kc_grouped_number). Linear
 * in the text but for sorting the keys. */
/* Refuses the first key (in text order) that its object already has. The keys are grouped by object
 * (a counting sort: they come in text order, objects numbered as they open); a small object is
 * compared pairwise, a large one sorted, so the check stays linear on the usual objects of a few keys. */
static kc_rc check_duplicates(const char *path, const char *text, const json_key *keys, size_t nkeys, size_t nobj,
                              kc_error *err) {
  size_t *start = calloc(nobj + 1, sizeof *start);
  json_key *g = malloc(nkeys * sizeof *g);
  if (!start || !g) {
    free(start);
    free(g);
    return kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "out of memory");
  }
  for (size_t k = 0; k < nkeys; k++)
    start[keys[k].obj + 1]++;
  for (size_t o = 0; o < nobj; o++)
    start[o + 1] += start[o];
  for (size_t k = 0; k < nkeys; k++) /* stable: each object's keys stay in text order */
    g[start[keys[k].obj]++] = keys[k];
  const json_key *dup = NULL, *first = NULL;
  for (size_t lo = 0, hi; lo < nkeys; lo = hi) {
    for (hi = lo + 1; hi < nkeys && g[hi].obj == g[lo].obj; hi++)
      ;
    if (hi - lo <= 16) {
      for (size_t j = lo + 1; j < hi; j++)
        for (size_t i = lo; i < j; i++)
          if (!cmp_same(&g[i], &g[j], text) && (!dup || g[j].off < dup->off)) {
            dup = &g[j];
            first = &g[i];
            break;
          }
      continue;
    }
    pthread_mutex_lock(&keys_lock);
    sort_text = text;
    qsort(g + lo, hi - lo, sizeof *g, cmp_key_global);
    pthread_mutex_unlock(&keys_lock);
    /* equal keys are now neighbours, in text order: the second of each run is a duplicate */
    for (size_t k = lo + 1; k < hi; k++)
      if (!cmp_same(&g[k - 1], &g[k], text) && (k < lo + 2 || cmp_same(&g[k - 2], &g[k], text)) &&
          (!dup || g[k].off < dup->off)) {
        dup = &g[k];
        first = &g[k - 1];
      }
  }
  kc_rc rc = dup ? kc_fail(err, KC_ERR_INPUT, path, dup->line, dup->col,
                           "key \"%.*s\" appears twice in the same object (first at line %d): only one may stand",
                           (int)(dup->len < 100 ? dup->len : 100), text + dup->off, first->line)
                 : KC_OK;
  free(start);
  free(g);
  return rc;
}

static int key_in(const char *const *keys, const char *k, size_t n) {
  for (; keys && *keys; keys++)
    if (strlen(*keys) == n && memcmp(*keys, k, n) == 0)
      return 1;
  return 0;
}

/* Records path (len bytes) at line:col in L. 0 when out of memory. */
static int lines_add(kc_json_lines *L, const char *path, size_t len, int line, int col) {
  if (L->n == L->cap) {
    size_t cap = L->cap ? 2 * L->cap : 64;
    struct kc_json_line *e = realloc(L->e, cap * sizeof *e);
    if (!e)
      return 0;
    L->e = e;
    L->cap = cap;
  }
  if (L->plen + len + 1 > L->pcap) {
    size_t cap = L->pcap ? 2 * L->pcap : 1024;
    while (cap < L->plen + len + 1)
      cap *= 2;
    char *p = realloc(L->paths, cap);
    if (!p)
      return 0;
    L->paths = p;
    L->pcap = cap;
  }
  memcpy(L->paths + L->plen, path, len);
  L->paths[L->plen + len] = '\0';
  L->e[L->n++] = (struct kc_json_line){L->plen, line, col};
  L->plen += len + 1;
  return 1;
}

int kc_json_line(const kc_json_lines *L, const char *path, int *line, int *col) {
  for (size_t k = 0; L && k < L->n; k++)
    if (strcmp(L->paths + L->e[k].off, path) == 0) {
      *line = L->e[k].line;
      if (col)
        *col = L->e[k].col;
      return 1;
    }
  return 0;
}

void kc_json_line_near(const kc_json_lines *L, const char *path, int *line, int *col) {
  char p[600];
  snprintf(p, sizeof p, "%s", path);
  *line = *col = 0;
  while (*p && !kc_json_line(L, p, line, col)) {
    char *dot = strrchr(p, '.'), *br = strrchr(p, '[');
    char *cut = dot > br ? dot : br;
    if (!cut)
      break;
    *cut = '\0';
  }
}

kc_rc kc_json_vfail(kc_error *err, const char *path, const kc_json_lines *L, const char *keypath, int prefix,
                    const char *fmt, va_list ap) {
  char msg[800], en[800], kmsg[1024], ken[1024];
  kc_vsay(msg, en, sizeof msg, fmt, ap);
  int line, col;
  kc_json_line_near(L, keypath, &line, &col);
  snprintf(kmsg, sizeof kmsg, "%s%s%s", prefix ? keypath : "", prefix ? ": " : "", msg);
  snprintf(ken, sizeof ken, "%s%s%s", prefix ? keypath : "", prefix ? ": " : "", en);
  return kc_fail_text(err, KC_ERR_INPUT, path, line, col, kmsg, ken);
}

void kc_json_lines_free(kc_json_lines *L) {
  if (!L)
    return;
  free(L->paths);
  free(L->e);
  memset(L, 0, sizeof *L);
}

static kc_rc json_lint(const char *path, const char *text, size_t len, const char *const *amount_keys,
                       const char *const *name_keys, kc_json_lines *L, kc_error *err) {
  /* the path of the value being read ("sources.local.ceiling", "annual_ceilings[2].year") for L:
   * base[d] is the length of the path of the container open at depth d, elems[d] its elements so
   * far when it is an array, fresh[d] set after its [ or a comma, until the next element starts */
  char vpath[2048];
  size_t vlen = 0, base[KC_MAX_JSON_DEPTH + 2] = {0};
  long elems[KC_MAX_JSON_DEPTH + 2] = {0};
  int fresh[KC_MAX_JSON_DEPTH + 2] = {0};
  json_key *keys = NULL;
  size_t nkeys = 0, cap = 0, nobj = 0, depth = 0;
  size_t objs[KC_MAX_JSON_DEPTH + 2];
  int in_obj[KC_MAX_JSON_DEPTH + 2];
  int line = 1, col = 1;
  size_t str_off = 0, str_len = 0, last_key_off = 0, last_key_len = 0;
  int str_line = 0, str_col = 0, have_str = 0;
  kc_rc rc = KC_OK;
  for (size_t i = 0; i < len && rc == KC_OK;) {
    char c = text[i];
    if (L && depth > 0 && !in_obj[depth] && fresh[depth] && !strchr(" \t\r\n],", c)) {
      fresh[depth] = 0; /* an array element starts here */
      int n = snprintf(vpath + base[depth], sizeof vpath - base[depth], "[%ld]", elems[depth]++);
      vlen = base[depth] + (n > 0 && (size_t)n < sizeof vpath - base[depth] ? (size_t)n : 0);
      if (!lines_add(L, vpath, vlen, line, col)) {
        rc = kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "out of memory");
        break;
      }
    }
    if (c == '"') {
      size_t j = i + 1, ctrl = 0; /* ctrl: offset of the first escaped control character, 0 = none */
      size_t bytes = 0;           /* the string's length once its escapes are decoded */
      while (j < len && text[j] != '"') {
        if (text[j] != '\\' || j + 1 >= len) {
          bytes++, j++;
          continue;
        }
        unsigned v = 0x20; /* the escaped character; 0x20 stands for any harmless one */
        size_t step = 2, b = 1;
        if (strchr("bfnrt", text[j + 1])) {
          v = 0;
        } else if (text[j + 1] == 'u' && j + 5 < len && isxdigit((unsigned char)text[j + 2]) &&
                   isxdigit((unsigned char)text[j + 3]) && isxdigit((unsigned char)text[j + 4]) &&
                   isxdigit((unsigned char)text[j + 5])) {
          char hex[5] = {text[j + 2], text[j + 3], text[j + 4], text[j + 5], 0};
          v = (unsigned)strtoul(hex, NULL, 16);
          step = 6;
          b = v < 0x80 ? 1 : v < 0x800 || (v >= 0xD800 && v < 0xE000) ? 2 : 3; /* a surrogate pair: 4 */
        }
        if (!ctrl && (v < 0x20 || (v >= 0x7F && v <= 0x9F)))
          ctrl = j;
        bytes += b;
        j += step;
      }
      size_t after = j + 1;
      while (after < len && strchr(" \t\r\n", text[after]))
        after++;
      int is_key = after < len && text[after] == ':';
      if (!is_key && bytes > KC_MAX_NAME && key_in(name_keys, text + last_key_off, last_key_len)) {
        int l, cc;
        line_col(text, i, &l, &cc);
        rc = kc_fail(err, KC_ERR_INPUT, path, l, cc, "%.*s: the text is %zu bytes long; a name may have at most %d",
                     (int)last_key_len, text + last_key_off, bytes, KC_MAX_NAME);
        break;
      }
      if (ctrl && (is_key || last_key_len == 0 || text[last_key_off] != '_')) { /* only a note may hold them */
        int l, cc;
        line_col(text, ctrl, &l, &cc);
        rc = kc_fail(err, KC_ERR_INPUT, path, l, cc,
                     "an escaped control character or line break (%.*s) in a %s: only notes (keys starting with _) "
                     "may hold them",
                     text[ctrl + 1] == 'u' ? 6 : 2, text + ctrl, is_key ? _("key") : _("text"));
        break;
      }
      str_off = i + 1;
      str_len = (j < len ? j : len) - str_off;
      str_line = line;
      str_col = col;
      have_str = 1;
      for (size_t k = i; k <= j && k < len; k++)
        col += ((unsigned char)text[k] & 0xC0) != 0x80;
      i = j + 1;
      continue;
    }
    if (c == ':' && have_str) {
      last_key_off = str_off;
      last_key_len = str_len;
      if (depth > 0 && in_obj[depth]) {
        if (nkeys == cap) {
          cap = cap ? 2 * cap : 64;
          json_key *p = realloc(keys, cap * sizeof *p);
          if (!p) {
            rc = kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "out of memory");
            break;
          }
          keys = p;
        }
        keys[nkeys++] = (json_key){objs[depth], str_off, str_len, str_line, str_col};
        if (L) { /* the member's path: its object's, a dot, its key (raw, as written) */
          vlen = base[depth];
          if (vlen && vlen + 1 < sizeof vpath)
            vpath[vlen++] = '.';
          size_t k = str_len < sizeof vpath - vlen - 1 ? str_len : sizeof vpath - vlen - 1;
          memcpy(vpath + vlen, text + str_off, k);
          vlen += k;
          if (!lines_add(L, vpath, vlen, str_line, str_col)) {
            rc = kc_fail(err, KC_ERR_INTERNAL, path, 0, 0, "out of memory");
            break;
          }
        }
      }
    }
    if (c == ',' && depth > 0 && !in_obj[depth])
      fresh[depth] = 1;
    if (c == '{' || c == '[') {
      if (depth + 1 < sizeof objs / sizeof objs[0]) {
        depth++;
        objs[depth] = nobj++;
        in_obj[depth] = c == '{';
        base[depth] = vlen;
        elems[depth] = 0;
        fresh[depth] = c == '[';
      }
    } else if ((c == '}' || c == ']') && depth > 0) {
      depth--;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      size_t j = i;
      while (j < len && strchr("+-.0123456789eE", text[j]))
        j++;
      char plain[64];
      int g = kc_grouped_number(text + i, j - i, plain, sizeof plain);
      if (g && key_in(amount_keys, text + last_key_off, last_key_len)) {
        char tok[64];
        snprintf(tok, sizeof tok, "%.*s", (int)(j - i < 60 ? j - i : 60), text + i);
        rc = kc_fail(err, KC_ERR_INPUT, path, line, col, "%.*s: %s", (int)(last_key_len < 60 ? last_key_len : 60),
                     text + last_key_off, kc_grouping_message(tok, g, plain));
      }
      col += (int)(j - i);
      i = j;
      have_str = 0;
      continue;
    }
    if (c == '\n') {
      line++;
      col = 1;
    } else if (((unsigned char)c & 0xC0) != 0x80) {
      col++;
    }
    if (!strchr(" \t\r\n:", c))
      have_str = 0;
    i++;
  }
  if (rc == KC_OK && nkeys > 1)
    rc = check_duplicates(path, text, keys, nkeys, nobj, err);
  free(keys);
  return rc;
}

kc_rc kc_json_parse(const char *path, const char *text, size_t len, const char *const *amount_keys,
                    const char *const *name_keys, kc_json_lines *lines, cJSON **out, kc_error *err) {
  *out = NULL;
  if (lines)
    kc_json_lines_free(lines);
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    text += 3;
    len -= 3;
  }
  int line, col;
  size_t bad;
  kc_utf8_status u = kc_utf8_check(text, len, &bad);
  if (u == KC_UTF8_INVALID && kc_utf8_seq_len((unsigned char)text[bad]) > 1 &&
      bad + (size_t)kc_utf8_seq_len((unsigned char)text[bad]) > len &&
      kc_utf8_check(text, bad, NULL) == KC_UTF8_OK) /* a file cut inside its last character */
    len = bad, u = KC_UTF8_OK;                      /* parses as cut short: "ends too early" */
  if (u != KC_UTF8_OK) {
    line_col(text, bad, &line, &col);
    return kc_fail(err, KC_ERR_INPUT, path, line, col,
                   u == KC_UTF8_NUL ? N_("a NUL byte: this is a binary file, not JSON text")
                   : u == KC_UTF8_CONTROL
                       ? N_("a control character (an escape code or the like): JSON text must be plain")
                       : N_("not valid UTF-8 (save the file as UTF-8 text)"));
  }
  size_t deep = too_deep(text, len);
  if (deep < len) {
    line_col(text, deep, &line, &col);
    return kc_fail(err, KC_ERR_INPUT, path, line, col,
                   "JSON nested more than %d levels deep here: no model or scenario needs that", KC_MAX_JSON_DEPTH);
  }
  kc_rc rc = json_lint(path, text, len, amount_keys, name_keys, lines, err);
  if (rc != KC_OK)
    return rc;
  const char *end = NULL;
  if ((*out = cJSON_ParseWithLengthOpts(text, len, &end, 0)))
    return KC_OK;
  size_t off = end && end >= text ? (size_t)(end - text) : 0, rest;
  line_col(text, off < len ? off : len, &line, &col);
  for (rest = off; rest < len && strchr(" \t\r\n", text[rest]); rest++)
    ;
  /* a comma before a closing bracket, at the error or just before it (where cJSON stops varies) */
  size_t at[2] = {rest, off < len ? off : len}, close = 0, comma = 0;
  while (at[1] > 0 && strchr(" \t\r\n", text[at[1] - 1]))
    at[1]--;
  at[1] = at[1] > 0 ? at[1] - 1 : len;
  for (int k = 0; k < 2 && comma == 0; k++) {
    close = at[k];
    if (close >= len || (text[close] != '}' && text[close] != ']'))
      continue;
    for (comma = close; comma > 0 && strchr(" \t\r\n", text[comma - 1]); comma--)
      ;
    if (comma == 0 || text[comma - 1] != ',')
      comma = 0;
  }
  if (comma > 0) { /* JSON allows no comma before a closing bracket */
    line_col(text, comma - 1, &line, &col);
    return kc_fail(err, KC_ERR_INPUT, path, line, col,
                   "JSON syntax error: a trailing comma before '%c' (JSON allows none after the last item; "
                   "delete this comma)",
                   text[close]);
  }
  return kc_fail(err, KC_ERR_INPUT, path, line, col,
                 rest + 1 >= len ? N_("JSON syntax error: the text ends too early (a missing } or ])")
                                 : N_("JSON syntax error (check commas, quotes and brackets near here)"));
}

kc_rc kc_json_fail(const kc_json_doc *d, const char *keypath, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kc_rc rc = kc_json_vfail(d->err, d->path, d->lines, keypath, 1, fmt, ap);
  va_end(ap);
  return rc;
}

kc_rc kc_json_keys(const kc_json_doc *d, const cJSON *obj, const char *where, const char *const *allowed) {
  if (!cJSON_IsObject(obj))
    return kc_json_fail(d, where, "must be an object");
  for (const cJSON *it = obj->child; it; it = it->next) {
    if (it->string[0] == '_')
      continue;
    int ok = 0;
    for (const char *const *a = allowed; *a && !ok; a++)
      ok = strcmp(*a, it->string) == 0;
    if (!ok) {
      char kp[300], hint[600];
      snprintf(kp, sizeof kp, "%s%s%.100s", where, where[0] ? "." : "", it->string);
      kc_suggest(it->string, allowed, -1, _("keys are"), hint, sizeof hint);
      return kc_json_fail(d, kp, "unknown key \"%.100s\"%s (keys starting with _ are notes)", it->string, hint);
    }
  }
  return KC_OK;
}

kc_rc kc_json_number(const kc_json_doc *d, const cJSON *v, const char *keypath, double lo, double hi, double *out) {
  *out = 0;
  if (cJSON_IsNumber(v) && !isfinite(v->valuedouble))
    return kc_json_fail(d, keypath, "is too large: not a finite number");
  if (!cJSON_IsNumber(v))
    return kc_json_fail(d, keypath, "must be a number");
  if (v->valuedouble < lo || v->valuedouble > hi)
    return kc_json_fail(d, keypath, "%g is out of range (%g to %g)", v->valuedouble, lo, hi);
  *out = v->valuedouble;
  return KC_OK;
}

kc_rc kc_json_whole(const kc_json_doc *d, const cJSON *v, const char *keypath, long lo, long hi, int *out) {
  *out = 0;
  if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < (double)lo ||
      v->valuedouble > (double)hi)
    return kc_json_fail(d, keypath, "must be a whole number from %ld to %ld", lo, hi);
  *out = (int)v->valuedouble;
  return KC_OK;
}

kc_rc kc_json_string(const kc_json_doc *d, const cJSON *obj, const char *key, const char *where, const char **out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  char kp[300];
  snprintf(kp, sizeof kp, "%s%s%s", where, where[0] ? "." : "", key);
  if (!v)
    return kc_json_fail(d, kp, "is required");
  if (!cJSON_IsString(v))
    return kc_json_fail(d, kp, "must be a string");
  *out = v->valuestring;
  return KC_OK;
}
