#!/usr/bin/env bash
# po/update.sh — after changing a message: extract them all (xgettext) into po/kcplan.pot and merge
# them into po/vi.po (msgmerge), then translate what msgfmt --statistics reports as untranslated.
set -euo pipefail
cd "$(dirname "$0")/.."
xgettext --keyword=_ --keyword=N_ --keyword=P_:1,2 --from-code=UTF-8 --add-comments=TRANSLATORS --no-location \
  --package-name=kcplan -o po/kcplan.pot solver/*/*.c
msgmerge --quiet --update --backup=none --no-fuzzy-matching po/vi.po po/kcplan.pot
msgfmt --check --statistics -o /dev/null po/vi.po
