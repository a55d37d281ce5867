#!/usr/bin/env bash
# Packs the SDK and its engine from source into a local feed, with a version of their own.
# usage: build/pack-local.sh <feed-dir> <version>
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
feed=$1 version=$2
artifacts=$(mktemp -d)
trap 'rm -rf "$artifacts"' EXIT
for p in Sdk.MlOps.Runtime Sdk.MlOps; do
  dotnet pack "$root/src/$p" -c Release -o "$feed" --artifacts-path "$artifacts" -p:LocalPackageVersion="$version" -nologo -v:q
done
