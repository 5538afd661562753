/* i18n.h — what kcplan says to its reader, in the reader's language, through GNU gettext: the text
 * domain "kcplan", its catalogues in po/ (po/vi.po, compiled by msgfmt into
 * LOCALEDIR/vi/LC_MESSAGES/kcplan.mo). The library only looks messages up (dgettext with its own
 * domain, so it works inside any program); the program picks the language and binds the domain.
 * The English text is the message id; a message without a translation stays English. */
#ifndef KC_I18N_H
#define KC_I18N_H

#include <libintl.h>

#define KC_TEXT_DOMAIN "kcplan"
#define _(s) dgettext(KC_TEXT_DOMAIN, s)
#define N_(s) (s) /* marks a string for the catalogue where it is not looked up at once */
#define P_(one, many, n) dngettext(KC_TEXT_DOMAIN, one, many, (unsigned long)(n)) /* by number */

#endif
