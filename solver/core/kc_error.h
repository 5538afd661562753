/* kc_error.h — the error record every library call fills instead of printing.
 *
 * A failing call writes where the problem is (file, line, column; 0 when unknown) and a message a
 * planner can act on. The CLI formats it as "FILE:LINE:COL: message". */
#ifndef KC_ERROR_H
#define KC_ERROR_H

#include <stdarg.h>
#include <stddef.h>

/* Result codes of library calls. */
typedef enum {
  KC_OK = 0,
  KC_ERR_INPUT,      /* bad model, scenario or usage: the CLI exits 2 */
  KC_ERR_INTERNAL,   /* out of memory, GLPK failure, failed audit: exit 1 */
  KC_ERR_INFEASIBLE, /* the model has no feasible plan: exit 3 */
  KC_ERR_LIMIT       /* time limit reached before optimality was proven: exit 4 */
} kc_rc;

typedef struct {
  char file[1024]; /* file the error is about, "" when none */
  int line;        /* 1-based line, 0 when unknown */
  int col;         /* 1-based column (CSV: field number), 0 when unknown */
  char msg[1024];  /* in the reader's language: the message catalogue's (i18n.h), English without one */
  char en[1024];   /* the same in English, for the files programs read (sweep.json); its numbers and
                    * names are the message's, its words English wherever the message was written
                    * whole (kc_fail's format), as every rule of the model is */
} kc_error;

/* A reason said in both languages, as kc_error's message is (kc_say fills it). */
typedef struct {
  char msg[512]; /* the reader's language: for the terminal and the documents */
  char en[512];  /* English: for the files programs read (summary.json, sweep.json) */
} kc_reason;

/* Marks a function whose result must not be dropped (every kc_rc function but kc_fail): a failure
 * that nobody looks at is a wrong plan waiting to happen. */
#define KC_MUST_USE __attribute__((warn_unused_result))

/* Fills *e (when e is not NULL) and returns rc, so callers can write `return kc_fail(...)`. */
kc_rc kc_fail(kc_error *e, kc_rc rc, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Fills e with msg (the reader's language) and en (English): for messages made from other messages.
 * Returns rc. */
kc_rc kc_fail_text(kc_error *e, kc_rc rc, const char *file, int line, int col, const char *msg, const char *en);

/* Fails with a message around another one already in both languages: fmt (one %s) holds msg as the
 * catalogue translates fmt, and en as fmt is written ("after this scenario: %s"). Returns rc. */
kc_rc kc_fail_around(kc_error *e, kc_rc rc, const char *file, int line, int col, const char *fmt, const char *msg,
                     const char *en);

/* Writes fmt's message twice, each n bytes: into en as written (English) and into msg as the catalogue
 * translates fmt (the reader's language). Both are the same without a catalogue. */
void kc_say(char *msg, char *en, size_t n, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void kc_vsay(char *msg, char *en, size_t n, const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

/* A solve's status in the one word every output writes: optimal (KC_OK), limit, infeasible, or
 * invalid (KC_ERR_INPUT: a sweep value that breaks a rule of the model). */
const char *kc_status_word(kc_rc status);

/* Writes "FILE:LINE:COL: message" (parts that are unknown left out) into buf of size n. */
void kc_error_format(const kc_error *e, char *buf, unsigned long n);

#endif
