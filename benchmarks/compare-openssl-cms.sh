#!/usr/bin/env bash
# Whole-process wall time and peak RSS of `elena seal --pss` / `elena open --trust` against the OpenSSL 3 pipelines
# `openssl cms -sign (PSS) | openssl cms -encrypt (OAEP-SHA256, AES-256-CBC)` and
# `openssl cms -decrypt | openssl cms -verify`, on random payloads of SIZE_MIB MiB (default: 40 and 400), with
# RSA-4096 keys (a throw-away CA issues the signer and the recipient certificate).
# Goals: elena takes at most 0.5x OpenSSL's wall time, and at most 100 MiB peak RSS.
#
# usage: benchmarks/compare-openssl-cms.sh [SIZE_MIB...]      env: RUNS (default 3), HYPERFINE=0 to skip hyperfine
#
# Every measurement is the best (lowest) wall time of RUNS runs and the highest peak RSS of those runs. Wall time is
# taken around the whole command (bash $EPOCHREALTIME); peak RSS comes from GNU time (/usr/bin/time -f %M) around
# each process. An OpenSSL pipeline is two processes running at the same time: the table shows the larger peak and,
# in brackets, the sum of both (an upper bound for the pair). Every output is opened by the other tool as well
# (cross-open) and compared with the payload (cmp); any failure stops the script with exit code 1.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/time ]; then
  echo "compare-openssl-cms: GNU time (/usr/bin/time) is missing; install it: apt-get install time" >&2
  exit 2
fi
command -v openssl >/dev/null || { echo "compare-openssl-cms: openssl is missing; install it: apt-get install openssl" >&2; exit 2; }

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(40 400)
for s in "${sizes[@]}"; do
  [[ "$s" =~ ^[1-9][0-9]*$ ]] || { echo "compare-openssl-cms: SIZE_MIB must be a positive integer, not '$s'" >&2; exit 2; }
done
runs=${RUNS:-3}

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
log="$dir/log"
: >"$log"

fail() {
  echo "compare-openssl-cms: FAILED: $*" >&2
  echo "--- last output of the failing commands ---" >&2
  tail -n 30 "$log" >&2
  exit 1
}

echo "building elena (dotnet publish -c Release) ..."
dotnet publish src/Elena.Sdk.Cli -c Release -o "$dir/elena" --nologo -v q >/dev/null
elena="$dir/elena/elena"
echo "$(openssl version); $(nproc) CPUs; ${runs} run(s) per measurement"

# --- keys and certificates: RSA-4096 CA, signer (OU=BN99999901), recipient (OU=BN99999902) ---
k="$dir/keys"
mkdir -p "$k"
openssl req -x509 -newkey rsa:4096 -nodes -sha256 -days 30 -keyout "$k/ca.key" -out "$k/ca.crt" \
  -subj "/C=DE/O=Elena Bench/CN=Elena Bench CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>>"$log" \
  || fail "creating the CA"
for spec in signer:BN99999901:digitalSignature,nonRepudiation recipient:BN99999902:keyEncipherment; do
  IFS=: read -r name ou usage <<<"$spec"
  openssl req -new -newkey rsa:4096 -nodes -keyout "$k/$name.key" -out "$k/$name.csr" \
    -subj "/C=DE/O=Elena Bench/OU=$ou/CN=Elena Bench $name" 2>>"$log" || fail "creating the $name key"
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,%s\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' \
    "$usage" >"$k/$name.ext"
  openssl x509 -req -in "$k/$name.csr" -CA "$k/ca.crt" -CAkey "$k/ca.key" -CAcreateserial -days 30 -sha256 \
    -extfile "$k/$name.ext" -out "$k/$name.crt" 2>>"$log" || fail "issuing the $name certificate"
done
: >"$log" # drop the key generation's progress output

# --- the commands under test: each writes $2 from $1 and leaves GNU time's peak RSS (KiB) per process in rss1/rss2 ---
elena_seal() {
  /usr/bin/time -f '%M' -o "$dir/rss1" \
    "$elena" seal --in "$1" --out "$2" --cert "$k/signer.crt" --key "$k/signer.key" --recipient "$k/recipient.crt" --pss
}
elena_open() {
  /usr/bin/time -f '%M' -o "$dir/rss1" \
    "$elena" open --in "$1" --out "$2" --cert "$k/recipient.crt" --key "$k/recipient.key" --trust "$k/ca.crt"
}
# The OpenSSL pipelines: no -stream, since `cms -sign -stream` with PSS fails in OpenSSL 3.0; pipefail (set above)
# makes a failing first process fail the pipeline.
ossl_seal() {
  /usr/bin/time -f '%M' -o "$dir/rss1" \
    openssl cms -sign -binary -nodetach -md sha256 -signer "$k/signer.crt" -inkey "$k/signer.key" \
      -keyopt rsa_padding_mode:pss -keyopt rsa_pss_saltlen:32 -in "$1" -outform DER \
  | /usr/bin/time -f '%M' -o "$dir/rss2" \
    openssl cms -encrypt -binary -aes-256-cbc -recip "$k/recipient.crt" -keyopt rsa_padding_mode:oaep \
      -keyopt rsa_oaep_md:sha256 -keyopt rsa_mgf1_md:sha256 -outform DER -out "$2"
}
ossl_open() {
  /usr/bin/time -f '%M' -o "$dir/rss1" \
    openssl cms -decrypt -binary -inform DER -in "$1" -recip "$k/recipient.crt" -inkey "$k/recipient.key" \
  | /usr/bin/time -f '%M' -o "$dir/rss2" \
    openssl cms -verify -binary -inform DER -CAfile "$k/ca.crt" -out "$2"
}

# measure FUNCTION IN OUT: best wall (s) of $runs runs -> $wall; highest peak RSS (MiB) -> $rss (for openssl:
# the larger process) and $rss_sum (openssl: both processes added).
measure() {
  local fn=$1 in=$2 out=$3 i t0 t1 a b
  wall='' rss=0 rss_sum=0
  for ((i = 0; i < runs; i++)); do
    rm -f "$out" "$dir/rss1" "$dir/rss2"
    echo "--- $fn $in (run $((i + 1)))" >>"$log"
    t0=$EPOCHREALTIME
    "$fn" "$in" "$out" >>"$log" 2>&1 || fail "$fn $in (exit code $?)"
    t1=$EPOCHREALTIME
    a=$(tail -n 1 "$dir/rss1")
    b=0
    [ ! -f "$dir/rss2" ] || b=$(tail -n 1 "$dir/rss2")
    read -r wall rss rss_sum < <(awk -v t0="$t0" -v t1="$t1" -v w="$wall" -v r="$rss" -v s="$rss_sum" -v a="$a" -v b="$b" \
      'BEGIN { t = t1 - t0; if (w == "" || t < w) w = t; m = (a > b ? a : b) / 1024; if (m > r) r = m;
               x = (a + b) / 1024; if (x > s) s = x; printf "%.3f %.1f %.1f\n", w, r, s }')
  done
}

# check OUT: the opened file has to equal the payload.
check() {
  cmp -s "$payload" "$1" || fail "$1 differs from the payload ($2)"
}

rows=()
row() { # SIZE OPERATION ELENA_WALL OSSL_WALL ELENA_RSS OSSL_RSS OSSL_RSS_SUM
  rows+=("$(awk -v size="$1" -v op="$2" -v ew="$3" -v ow="$4" -v er="$5" -v orss="$6" -v os="$7" 'BEGIN {
    ratio = ew / ow
    printf "%8s  %-36s %9.3f %11.3f %7.2fx %-4s %10.1f %7.1f (%6.1f) %-4s\n", size, op, ew, ow, ratio,
      (ratio <= 0.5 ? "ok" : "MISS"), er, orss, os, (er <= 100 ? "ok" : "MISS") }')")
}

for size in "${sizes[@]}"; do
  payload="$dir/payload-$size.bin"
  head -c $((size * 1048576)) /dev/urandom >"$payload"
  cat "$payload" >/dev/null # warm the page cache
  echo "payload: $size MiB ($(stat -c %s "$payload") bytes)"

  measure elena_seal "$payload" "$dir/elena.p7m"
  e_wall=$wall e_rss=$rss
  measure ossl_seal "$payload" "$dir/openssl.p7m"
  row "$size" "seal (sign PSS + encrypt OAEP)" "$e_wall" "$wall" "$e_rss" "$rss" "$rss_sum"

  # Each tool opens both files: its own output and (cross-open) the other tool's.
  for input in elena openssl; do
    measure elena_open "$dir/$input.p7m" "$dir/open-e.out"
    check "$dir/open-e.out" "elena open of $input.p7m"
    e_wall=$wall e_rss=$rss
    measure ossl_open "$dir/$input.p7m" "$dir/open-o.out"
    check "$dir/open-o.out" "openssl cms -decrypt | -verify of $input.p7m"
    row "$size" "open (decrypt + verify) $input.p7m" "$e_wall" "$wall" "$e_rss" "$rss" "$rss_sum"
  done
  echo "cross-open ok: openssl opens elena.p7m, elena opens openssl.p7m, both equal the payload"

  if [ "${HYPERFINE:-1}" != 0 ] && command -v hyperfine >/dev/null 2>&1; then
    hyperfine --shell bash --warmup 1 --runs "$runs" \
      -n "elena seal $size MiB" "$elena seal --in $payload --out $dir/hf-e.p7m --cert $k/signer.crt --key $k/signer.key --recipient $k/recipient.crt --pss 2>/dev/null" \
      -n "openssl sign|encrypt $size MiB" "set -o pipefail; openssl cms -sign -binary -nodetach -md sha256 -signer $k/signer.crt -inkey $k/signer.key -keyopt rsa_padding_mode:pss -keyopt rsa_pss_saltlen:32 -in $payload -outform DER | openssl cms -encrypt -binary -aes-256-cbc -recip $k/recipient.crt -keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:sha256 -keyopt rsa_mgf1_md:sha256 -outform DER -out $dir/hf-o.p7m"
    hyperfine --shell bash --warmup 1 --runs "$runs" \
      -n "elena open $size MiB" "$elena open --in $dir/openssl.p7m --out $dir/hf-e.out --cert $k/recipient.crt --key $k/recipient.key --trust $k/ca.crt >/dev/null" \
      -n "openssl decrypt|verify $size MiB" "set -o pipefail; openssl cms -decrypt -binary -inform DER -in $dir/openssl.p7m -recip $k/recipient.crt -inkey $k/recipient.key | openssl cms -verify -binary -inform DER -CAfile $k/ca.crt -out $dir/hf-o.out 2>/dev/null"
  fi
  rm -f "$payload" "$dir"/*.p7m "$dir"/*.out
done

echo
echo "best of $runs runs; wall = whole process(es) in seconds; RSS = peak resident set in MiB"
echo "targets: elena wall <= 0.5x openssl; elena peak RSS <= 100 MiB   (openssl RSS: larger process (both added))"
printf '%8s  %-36s %9s %11s %8s %-4s %10s %16s %-4s\n' "size MiB" "operation" "elena s" "openssl s" "e/o" "goal" \
  "elena MiB" "openssl MiB" "goal"
printf '%s\n' "${rows[@]}"
