#!/usr/bin/env bash
# Builds dist/ only when it is not current. Even with nothing to do, tsc spends seconds re-reading the whole
# program, and operator commands (token, import, db:seed, db:migrate) are run often and by hand; this check costs
# a find over the source folders instead.
set -euo pipefail
cd "$(dirname "$0")/.."

# Touched only by a build this script ran and saw succeed, with the time that build started. Not tsc's
# .tsbuildinfo: tsc writes that (and emits) even when the build fails, which would make a broken build look
# current. A source saved while a build runs is newer than the stamp, so the next call builds again.
stamp=dist/.build-ok

stale() {
  [ -f "$stamp" ] || return 0
  local file
  for file in tsconfig.json package.json package-lock.json; do
    if [ "$file" -nt "$stamp" ]; then return 0; fi
  done
  # tsconfig's include lists the source folders. A newer .ts or .json file is an edit; a newer folder had a
  # file added, renamed or deleted (an import of a deleted module must fail the build, not run stale code).
  local folders
  mapfile -t folders < <(node -p 'require("./tsconfig.json").include.join("\n")')
  [ -n "$(find "${folders[@]}" \( -type d -o -name '*.ts' -o -name '*.json' \) -newer "$stamp" -print -quit)" ]
}

if stale; then
  mkdir -p dist
  rm -f "$stamp"
  started=$(mktemp dist/.build-started.XXXXXX)
  trap 'rm -f "$started"' EXIT
  npm run -s build
  mv "$started" "$stamp"
fi
