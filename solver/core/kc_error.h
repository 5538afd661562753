/* kc_error.h — the error record every library call fills instead of printing.
 *
 * A failing call writes where the problem is (file, line, column; 0 when unknown) and a message a
 * planner can act on. The CLI formats it as "FILE:LINE:COL: message". */
#ifndef KC_ERROR_H
#define KC_ERROR_H

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
  char msg[1024];
} kc_error;

/* Marks a function whose result must not be dropped (every kc_rc function but kc_fail): a failure
 * that nobody looks at is a wrong plan waiting to happen. */
#define KC_MUST_USE __attribute__((warn_unused_result))

/* Fills *e (when e is not NULL) and returns rc, so callers can write `return kc_fail(...)`. */
kc_rc kc_fail(kc_error *e, kc_rc rc, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* A solve's status in the one word every output writes: optimal (KC_OK), limit, infeasible, or
 * invalid (KC_ERR_INPUT: a sweep value that breaks a rule of the model). */
const char *kc_status_word(kc_rc status);

/* Writes "FILE:LINE:COL: message" (parts that are unknown left out) into buf of size n. */
void kc_error_format(const kc_error *e, char *buf, unsigned long n);

#endif
