#!/usr/bin/env bash
# Measures the main job for a company of 20,000 employees (the eXTra limit per file): wall time and peak memory.
#   samples/00-MonthlyRun/measure.sh [employees] [more options]
# Needs /usr/bin/time (Debian package "time"). Builds Release first; prints the summary's step times and one line
# "<seconds> s <max RSS> KB (user … s, system … s)".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
employees="${1:-20000}"
shift || true
dotnet build "$here/00-MonthlyRun.csproj" -c Release -v q -nologo >/dev/null
log="$(mktemp)"
/usr/bin/time -f '%e s %M KB (user %U s, system %S s)' -o "$log.time" \
  dotnet "$here/bin/Release/net10.0/Elena.Sdk.Samples.MonthlyRun.dll" --employees "$employees" "$@" >"$log"
status=$?
sed -n '/^Summary/,$p' "$log"
echo "load average before the end: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$log.time"
rm -f "$log" "$log.time"
exit $status
