#!/usr/bin/env bash
# Runs every test of the solution. Installs the system packages the tests need when they are missing
# (with apt-get when running as root; otherwise it says what to install and stops).
set -euo pipefail
cd "$(dirname "$0")"

# System packages the test suites use. Each entry is "command-to-probe:debian-package" (a command on PATH or an
# absolute path to an executable; the mail tests run /usr/bin/python3 -m aiosmtpd and dovecot's imap/pop3).
REQUIRED=(
  "xmllint:libxml2-utils"
  "openssl:openssl"
  "softhsm2-util:softhsm2"
  "pg_ctlcluster:postgresql"
  "dovecot:dovecot-imapd"
  "/usr/lib/dovecot/imap:dovecot-imapd"
  "/usr/lib/dovecot/pop3:dovecot-pop3d"
  "aiosmtpd:python3-aiosmtpd"
  "chromium:chromium"
  "chromedriver:chromium-driver"
)

missing=()
for entry in "${REQUIRED[@]}"; do
  cmd=${entry%%:*}; pkg=${entry#*:}
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing system packages: ${missing[*]}" >&2
    echo "         install them (e.g. 'sudo apt-get install ${missing[*]}') and run ./test.sh again." >&2
    exit 3
  fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK (dotnet) is not on PATH; install .NET 10 first." >&2
  exit 3
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet test Elena.Sdk.sln --nologo "$@"
