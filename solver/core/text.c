/* text.c — number formats, Roman numerals and escaping for proposals and reports. */
#include "core/text.h"

#include "core/i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int kc_lang_parse(const char *s, kc_lang *out) {
  if (s && strcmp(s, "vi") == 0)
    *out = KC_LANG_VI;
  else if (s && strcmp(s, "en") == 0)
    *out = KC_LANG_EN;
  else
    return -1;
  return 0;
}

/* Writes the digits of raw (no sign, '.' before any decimals) into buf (48 bytes), a minus first when
 * neg, grouped by three with the language's separator and decimal mark; returns buf. */
static const char *grouped(const char *raw, int neg, kc_lang lang, char *buf) {
  const char *dot = strchr(raw, '.');
  size_t ndig = dot ? (size_t)(dot - raw) : strlen(raw);
  char group = lang == KC_LANG_VI ? '.' : ',', point = lang == KC_LANG_VI ? ',' : '.';
  char *o = buf;
  if (neg)
    *o++ = '-';
  for (size_t i = 0; i < ndig; i++) {
    *o++ = raw[i];
    if ((ndig - i - 1) % 3 == 0 && i + 1 < ndig)
      *o++ = group;
  }
  if (dot) {
    *o++ = point;
    strcpy(o, dot + 1);
  } else {
    *o = '\0';
  }
  return buf;
}

const char *kc_fmt_num(double v, int decimals, kc_lang lang, char *buf) {
  char raw[48];
  if (!isfinite(v) || fabs(v) >= 1e15) {
    snprintf(buf, 48, "%g", v);
    return buf;
  }
  if (decimals < 0)
    decimals = 0;
  if (decimals > 6)
    decimals = 6;
  snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
  char *dot = strchr(raw, '.');
  if (dot) {
    char *e = raw + strlen(raw) - 1;
    while (e > dot && *e == '0')
      *e-- = '\0';
    if (e == dot)
      *e = '\0';
  }
  return grouped(raw, v < 0 && strspn(raw, "0.") != strlen(raw) /* no "-0" */, lang, buf);
}

const char *kc_fmt_money(long long milli, kc_lang lang, char *buf) {
  return kc_fmt_num((double)milli / 1000.0, 3, lang, buf);
}

const char *kc_roman(int n, char *buf) {
  static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
  static const char *const sym[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
  if (n < 1 || n > 3999) {
    snprintf(buf, 16, "%d", n);
    return buf;
  }
  char *o = buf; /* at most 15 symbols: MMMDCCCLXXXVIII */
  for (int i = 0; i < 13; i++)
    for (; n >= val[i]; n -= val[i])
      for (const char *c = sym[i]; *c; c++)
        *o++ = *c;
  *o = '\0';
  return buf;
}

const char *kc_source_label(const kc_model *m, int s, char *buf, size_t n) {
  const char *name = m->src[s].name ? m->src[s].name : m->src[s].id;
  size_t len = strlen(name);
  const char *open = strrchr(name, '(');
  if (len > 2 && name[len - 1] == ')' && open && open > name) {
    size_t inner = (size_t)(name + len - 1 - open - 1);
    if (inner > 0 && inner < n && inner <= 16) {
      memcpy(buf, open + 1, inner);
      buf[inner] = '\0';
      return buf;
    }
  }
  return name;
}

const char *kc_program_name(const kc_model *m, kc_lang lang) {
  return lang == KC_LANG_VI && m->doc.name_vi ? m->doc.name_vi : m->name;
}

void kc_html_text(FILE *fp, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&':
      fputs("&amp;", fp);
      break;
    case '<':
      fputs("&lt;", fp);
      break;
    case '>':
      fputs("&gt;", fp);
      break;
    case '"':
      fputs("&quot;", fp);
      break;
    case '\'':
      fputs("&#39;", fp);
      break;
    default:
      fputc(*s, fp);
    }
  }
}

/* 1 when a spreadsheet opening the CSV could take s for a formula: it starts with =, +, -, @, a tab
 * or a carriage return and is not simply a number ("-5", "+1.5e3" stay numbers). */
static int formula_like(const char *s) {
  if (!*s || !strchr("=+-@\t\r", *s))
    return 0;
  char *end;
  double v = strtod(s, &end);
  return end == s || *end != '\0' || !isfinite(v);
}

void kc_csv_text(FILE *fp, const char *s) {
  int formula = formula_like(s);
  if (!formula && !strpbrk(s, ",;\"\r\n")) {
    fputs(s, fp);
    return;
  }
  fputc('"', fp);
  if (formula)
    fputc('\'', fp); /* OWASP: a leading apostrophe makes the cell text */
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', fp);
    fputc(*s, fp);
  }
  fputc('"', fp);
}

const char *kc_fmt_milli(long long v, char *buf) {
  long long a = v < 0 ? -v : v;
  snprintf(buf, 32, "%s%lld.%03lld", v < 0 ? "-" : "", a / 1000, a % 1000);
  return buf;
}

int kc_edit_distance(const char *a, const char *b, int max) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 200 || lb > 200)
    return max + 1;
  if ((la > lb ? la - lb : lb - la) > (size_t)max)
    return max + 1;
  /* optimal string alignment: three rows of the dynamic programme */
  int rows[3][201], *pp = rows[0], *p = rows[1], *c = rows[2];
  for (size_t j = 0; j <= lb; j++)
    p[j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    c[0] = (int)i;
    int best = c[0];
    for (size_t j = 1; j <= lb; j++) {
      int cost = a[i - 1] != b[j - 1];
      int v = p[j - 1] + cost;
      if (p[j] + 1 < v)
        v = p[j] + 1;
      if (c[j - 1] + 1 < v)
        v = c[j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
        v = pp[j - 2] + 1;
      c[j] = v;
      best = v < best ? v : best;
    }
    if (best > max)
      return max + 1;
    int *t = pp;
    pp = p;
    p = c;
    c = t;
  }
  return p[lb] > max ? max + 1 : p[lb];
}

const char *kc_closest(const char *word, const char *const *names, int n) {
  size_t len = strlen(word);
  int max = len <= 2 ? 0 : len <= 4 ? 1 : len <= 8 ? 2 : 3, best = max + 1;
  const char *pick = NULL;
  for (int i = 0; n < 0 ? names[i] != NULL : i < n; i++) {
    if (strcasecmp(word, names[i]) == 0)
      return names[i];
    int d = kc_edit_distance(word, names[i], max);
    if (d < best) {
      best = d;
      pick = names[i];
    }
  }
  return pick;
}

void kc_suggest(const char *word, const char *const *names, int n, const char *what, char *buf, size_t len) {
  const char *near = kc_closest(word, names, n);
  size_t used = 0;
  buf[0] = '\0';
  if (near)
    used = (size_t)snprintf(buf, len, _("; did you mean \"%s\"?"), near);
  if (used < len)
    used += (size_t)snprintf(buf + used, len - used, "%s %s:", near ? "" : ";", what);
  for (int i = 0; (n < 0 ? names[i] != NULL : i < n) && used < len; i++) {
    size_t k = strlen(names[i]);
    if (used + k + 8 >= len) {
      snprintf(buf + used, len - used, " ...");
      break;
    }
    used += (size_t)snprintf(buf + used, len - used, "%s %s", i ? "," : "", names[i]);
  }
}

kc_lang kc_ui_lang(void) {
  /* TRANSLATORS: "language:" and this catalogue's language code ("language:vi") */
  return strcmp(_("language:en"), "language:vi") == 0 ? KC_LANG_VI : KC_LANG_EN;
}

const char *kc_fmt_g(double v, int digits, kc_lang lang, char *buf) {
  snprintf(buf, 48, "%.*g", digits, v);
  if (lang == KC_LANG_EN || strpbrk(buf, "eEni")) /* English, an exponent, inf or nan: as printf writes it */
    return buf;
  const char *dot = strchr(buf, '.');
  return kc_fmt_num(v, dot ? (int)strlen(dot + 1) : 0, lang, buf);
}

const char *kc_fmt_fixed(double v, int decimals, kc_lang lang, char *buf) {
  char raw[48];
  if (lang == KC_LANG_EN || !isfinite(v) || fabs(v) >= 1e15) {
    snprintf(buf, 48, "%.*f", decimals, v);
    return buf;
  }
  snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
  return grouped(raw, v < 0 && strspn(raw, "0.") != strlen(raw), lang, buf);
}
