#!/usr/bin/env bash
# po/update.sh — after changing a message: extract them all (xgettext) into po/kcplan.pot and merge
# them into po/vi.po (msgmerge), then translate what msgfmt --statistics reports as untranslated.
# With --pot FILE it only extracts, into FILE (the i18n test compares that with po/vi.po).
# The keywords: _ and N_ and P_ (i18n.h); the library's failures take their format at the argument
# named, and kc_fail translates it (kc_error.h), as cli_usage_error does (cli.h).
set -euo pipefail
cd "$(dirname "$0")/.."
pot=po/kcplan.pot
[ "${1:-}" = --pot ] && pot=$2
keys=(--keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=kc_fail:6 --keyword=kc_json_fail:3 --keyword=fail_at:5
  --keyword=fail:3 --keyword=warn:6 --keyword=set_err:5 --keyword=kc_say:4 --keyword=cli_usage_error:1
  --keyword=kc_fail_around:6
  --flag=kc_fail:6:c-format --flag=kc_json_fail:3:c-format --flag=fail_at:5:c-format --flag=fail:3:c-format
  --flag=warn:6:c-format --flag=kc_say:4:c-format --flag=cli_usage_error:1:c-format
  --flag=kc_fail_around:6:c-format)
xgettext "${keys[@]}" --from-code=UTF-8 --add-comments=TRANSLATORS --no-location --package-name=kcplan -o "$pot" \
  solver/*/*.[ch]
[ "${1:-}" = --pot ] && exit 0
msgmerge --quiet --update --backup=none --no-fuzzy-matching po/vi.po po/kcplan.pot
msgfmt --check --statistics -o /dev/null po/vi.po
