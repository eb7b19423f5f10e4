#!/bin/sh
# mktree.sh TREE DEST - builds a fixture tree for `swinspect --local --root`:
# copies tests/local/trees/TREE/ to DEST and makes what git and `make dist`
# cannot carry, as TREE.links lists it:
#   link PATH TARGET    a symbolic link, as sysfs has them (class entries,
#                       hwmonN/device, ...)
#   unreadable PATH     an attribute that exists but fails to read (EIO,
#                       ENODATA, EINVAL on a live kernel): a folder here, so
#                       that read(2) fails with EISDIR even for root.
# and renames every '+' in a file or folder name to ':' (PCI addresses such
# as 0000:00:1f.3 are stored as 0000+00+1f.3: make cannot list names with
# a colon in EXTRA_DIST).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tree=$1
dest=$2
[ -d "$here/trees/$tree" ] || { echo "mktree: no tree '$tree'" >&2; exit 1; }
mkdir -p "$dest"
cp -R "$here/trees/$tree/." "$dest/"
chmod -R u+w "$dest"
find "$dest" -depth -name '*+*' | while read -r p; do
	mv "$p" "$(dirname "$p")/$(basename "$p" | tr '+' ':')"
done
while read -r kind path target; do
	case $kind in
	link)
		mkdir -p "$dest/$(dirname "$path")"
		ln -sfn "$target" "$dest/$path" ;;
	unreadable)
		mkdir -p "$dest/$path" ;;
	''|'#'*) ;;
	*) echo "mktree: $tree.links: unknown '$kind'" >&2; exit 1 ;;
	esac
done <"$here/trees/$tree.links"
