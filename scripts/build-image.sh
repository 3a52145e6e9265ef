#!/usr/bin/env bash
# Builds the release image from a git tag, from that tag's tree only:
#
#   scripts/build-image.sh <tag> [image name]      e.g. scripts/build-image.sh v1.1.0
#
# The tag is `v<version>` (or a package's own tag, `@dispatcher/api@<version>`). The tag's tree is
# exported with `git archive` into a fresh directory, so nothing of the working tree (changes,
# untracked files, node_modules) reaches the build. The script refuses a tag whose package.json
# files are not all at the tag's version. The build arguments come from the tag's commit, not
# from the clock: VERSION, REVISION (the commit), CREATED and SOURCE_DATE_EPOCH (the commit's
# time), and SOURCE (the `origin` remote's web URL, without credentials, unless SOURCE is set;
# `unknown` when origin is missing or a local path).
# The image is tagged <image name>:<version>; the name defaults to message-dispatcher.
# Needs git, node and a Docker engine.
set -Eeuo pipefail

tag="${1:?usage: scripts/build-image.sh <git tag> [image name]}"
image="${2:-message-dispatcher}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

commit="$(git rev-parse --verify --quiet "refs/tags/$tag^{commit}")" ||
  { echo "build-image: no tag $tag" >&2; exit 1; }
version="${tag##*@}"
version="${version#v}"
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "build-image: $tag does not name a version (v1.2.3 or @dispatcher/api@1.2.3)" >&2
  exit 1
fi

# Every package.json of the tag's tree must be at the tag's version.
mismatched=()
while IFS= read -r file; do
  found="$(git show "$commit:$file" | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).version ?? ""))')"
  [[ "$found" == "$version" ]] || mismatched+=("$file: ${found:-no version}")
done < <(git ls-tree -r --name-only "$commit" | grep -E '(^|/)package\.json$')
if [[ ${#mismatched[@]} -gt 0 ]]; then
  printf 'build-image: refusing %s: these package.json files are not at %s:\n' "$tag" "$version" >&2
  printf '  %s\n' "${mismatched[@]}" >&2
  exit 1
fi

epoch="$(git show -s --format=%ct "$commit")"
created="$(TZ=UTC git show -s --date=format-local:%Y-%m-%dT%H:%M:%SZ --format=%cd "$commit")"
if [[ -z "${SOURCE:-}" ]]; then
  # The origin's URL as a browser opens it: no user or token, ssh form turned into https.
  SOURCE="$(git remote get-url origin 2>/dev/null || echo unknown)"
  SOURCE="$(sed -E -e 's#^[a-z+]+://[^@/]*@#https://#' -e 's#^git@([^:]+):#https://\1/#' -e 's#\.git$##' <<<"$SOURCE")"
  # A local path (a clone of a clone) is no place to find the source.
  [[ "$SOURCE" =~ ^https?:// ]] || SOURCE=unknown
fi

context="$(mktemp -d "${TMPDIR:-/tmp}/build-image.XXXXXX")"
trap 'rm -rf "$context"' EXIT
git archive --format=tar "$commit" | tar -x -C "$context"

echo "build-image: $image:$version from $tag (commit $commit, $created)"
export SOURCE_DATE_EPOCH="$epoch"
docker build \
  --file "$context/infra/Dockerfile" \
  --build-arg "VERSION=$version" \
  --build-arg "REVISION=$commit" \
  --build-arg "CREATED=$created" \
  --build-arg "SOURCE=$SOURCE" \
  --build-arg "SOURCE_DATE_EPOCH=$epoch" \
  --tag "$image:$version" \
  "$context"
