#!/usr/bin/env bash
# Packs every package of the solution and checks the result: no build or pack warning, one .nupkg per src project,
# each with its README.md (PackageReadmeFile) and, for the libraries, the XML documentation next to the assembly.
#   tests/Elena.Sdk.Samples.Tests/pack-check.sh [output folder, default a temporary one]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-$(mktemp -d -t elena-pkgs-XXXXXX)}
log="$out/pack.log"
mkdir -p "$out"
rm -f "$out"/*.nupkg "$out"/*.snupkg

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! dotnet pack Elena.Sdk.sln -c Release -o "$out" --nologo >"$log" 2>&1; then
  cat "$log"; echo "pack-check: dotnet pack failed" >&2; exit 1
fi
if grep -iE "warning [A-Z]+[0-9]+|: warning" "$log" >&2; then
  echo "pack-check: dotnet pack printed warnings (above; full log $log)" >&2; exit 1
fi

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
failed=0
for project in src/*/*.csproj; do
  id=$(sed -n 's:.*<PackageId>\(.*\)</PackageId>.*:\1:p' "$project" | head -1)
  id=${id:-$(basename "$project" .csproj)}
  package="$out/$id.$version.nupkg"
  if [ ! -f "$package" ]; then
    echo "pack-check: $package is missing" >&2; failed=1; continue
  fi
  files=$(zipinfo -1 "$package")
  grep -qx "README.md" <<<"$files" || { echo "pack-check: $id has no README.md" >&2; failed=1; }
  if grep -q "<PackAsTool>true</PackAsTool>" "$project"; then
    grep -q "^tools/net10.0/any/DotnetToolSettings.xml$" <<<"$files" || { echo "pack-check: $id is not a dotnet tool package" >&2; failed=1; }
  else
    assembly=$(basename "$project" .csproj)
    grep -qx "lib/net10.0/$assembly.dll" <<<"$files" || { echo "pack-check: $id has no lib/net10.0/$assembly.dll" >&2; failed=1; }
    grep -qx "lib/net10.0/$assembly.xml" <<<"$files" || { echo "pack-check: $id has no XML documentation" >&2; failed=1; }
  fi
  echo "pack-check: $id $version ok ($(wc -c <"$package") bytes)"
done
[ "$failed" -eq 0 ] || exit 1
echo "pack-check: all packages in $out, no warnings"
