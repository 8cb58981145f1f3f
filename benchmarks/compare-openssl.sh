#!/usr/bin/env bash
# Whole-process wall time of `elena validate` against `openssl dgst -sha256` on the same generated
# 200,000-MVDS file. Goal: elena validate takes at most 3x as long.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
dotnet publish src/Elena.Sdk.Cli -c Release -o "$dir/elena" --nologo -v q >/dev/null
elena="$dir/elena/elena"
"$elena" generate --mvds "$n" --seed 42 --out "$dir/file.txt" 2>/dev/null
ls -l "$dir/file.txt" | awk '{printf "file: %d bytes\n", $5}'
cat "$dir/file.txt" >/dev/null  # warm the page cache
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 1 --runs 5 -i "openssl dgst -sha256 $dir/file.txt" "$elena validate $dir/file.txt"
else
  for cmd in "openssl dgst -sha256 $dir/file.txt" "$elena validate $dir/file.txt"; do
    best=
    for _ in 1 2 3 4 5; do
      s=$(date +%s.%N); $cmd >/dev/null 2>&1 || true; e=$(date +%s.%N)
      t=$(echo "$e - $s" | bc); if [ -z "$best" ] || (( $(echo "$t < $best" | bc) )); then best=$t; fi
    done
    printf '%-60s best of 5: %.3f s\n' "${cmd%% /*}" "$best"
  done
fi
