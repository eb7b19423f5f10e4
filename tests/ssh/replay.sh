#!/bin/sh
# Real recorded sessions (../shared/fixtures/cli/*/_sessions/*.log),
# replayed by the lab's CLI emulator with the recording's prompt, the
# vendor's pager (paging cannot be turned off on these ports) and echo:
# the ssh collector runs every recorded command and each stored output
# must equal the recording byte for byte.  Skips when the shared fixtures
# are absent.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
lab_start
[ -n "${LAB_SSHD_REPLAYS:-}" ] ||
	skip "no recorded sessions to replay (set SWINSPECT_SHARED_FIXTURES to the shared fixtures folder)"
EMU="$top_srcdir/tests/lab/cli-emulator.py"

# A data folder whose only vendor profile runs exactly the recorded
# commands (everything else comes from the real one).
DATA="$SCRATCH/data"
mkdir -p "$DATA/collectors/profiles"
for f in "$SWINSPECT_DATADIR"/*; do
	[ "${f##*/}" = collectors ] || ln -s "$f" "$DATA/${f##*/}"
done
for f in "$SWINSPECT_DATADIR"/collectors/*; do
	[ "${f##*/}" = profiles ] || ln -s "$f" "$DATA/collectors/${f##*/}"
done

# The recording as the emulator reads it: each command (in order, paging
# commands left out) and its output, as files expected/<n>.txt and a list.
split_recording() { # LOG DIR -> DIR/commands, DIR/<n>.txt, DIR/shape
	"$PYTHON3" - "$EMU" "$1" "$2" <<'PY'
import os, sys
emu, log, out = sys.argv[1:4]
src = open(emu, encoding="utf-8").read().split("\ndef main(argv)")[0]
g = {"__name__": "emu"}
exec(compile(src, emu, "exec"), g)
conf, texts = g["load_replay"](log)
builtins = g["BUILTINS"]
os.makedirs(out, exist_ok=True)

def builtin(words):
    return any(len(w) == len(words) and all(p == t or (p == "N" and t.isdigit())
               for p, t in zip(w, words)) for w, _ in builtins)

n = 0
with open(os.path.join(out, "commands"), "w", encoding="utf-8") as cl:
    for key, outs in texts.items():
        if not key or builtin(key.split()):
            continue
        for text in outs:
            n += 1
            with open(os.path.join(out, f"{n}.txt"), "w", encoding="utf-8") as fh:
                fh.write(text)
            cl.write(key + "\n")
shape = "angle" if conf["style"] in ("huawei", "comware") else "hash"
open(os.path.join(out, "shape"), "w").write(shape + "\n")
PY
}

write_catalogue() { # DIR -> DATA/collectors/profiles/replay.yaml
	shape=$(cat "$1/shape")
	version=$(grep -m1 'ver' "$1/commands" || head -n1 "$1/commands")
	{
		cat <<YAML
profile: replay
vendor: replay
family: replay
recognise:
  cli:
    prompt: $shape
    match: ['.']
session:
  version_command: "$version"
  exit: [quit]
commands:
YAML
		while IFS= read -r c; do printf '  - "%s"\n' "$c"; done <"$1/commands"
	} >"$DATA/collectors/profiles/replay.yaml"
}

for entry in $LAB_SSHD_REPLAYS; do
	name=${entry%%:*}
	rest=${entry#*:}
	port=${rest%%:*}
	log=${rest#*:}
	exp="$SCRATCH/expected/$name"
	split_recording "$log" "$exp" || { fail "$name: cannot read $log"; continue; }
	write_catalogue "$exp"
	cat >"$SCRATCH/inv.yaml" <<YAML
devices:
  - name: $name
    address: 127.0.0.1
    snmp: false
    ssh: {port: $port, username: $LAB_SSH_USER, key_file: $LAB_SSH_KEY, known_hosts: $LAB_KNOWN_HOSTS, timeout_ms: 10000}
YAML
	OUT="$SCRATCH/out-$name"
	SWINSPECT_DATADIR="$DATA" timeout 120 "$SWINSPECT" collect -i "$SCRATCH/inv.yaml" -o "$OUT" \
		>"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
	st=$(json_get "$OUT/devices/$name/facts.json" "d['sources']['ssh']['status']" 2>/dev/null)
	check "$name: the session is collected (status '$st')" [ "$st" = ok ] || cat "$SCRATCH/stderr"
	# each command's stored output against the recording, in order
	idx="$OUT/devices/$name/raw/ssh.json"
	n=0 same=0 total=$(wc -l <"$exp/commands")
	files=$(json_get "$idx" "'\n'.join(c.get('file','-') for c in d['commands'])" 2>/dev/null)
	for f in $files; do
		n=$((n + 1))
		if cmp -s "$OUT/devices/$name/raw/$f" "$exp/$n.txt"; then
			same=$((same + 1))
		else
			echo "  $name: $(sed -n "${n}p" "$exp/commands"): raw/$f differs from the recording:"
			diff "$exp/$n.txt" "$OUT/devices/$name/raw/$f" | head -5
		fi
	done
	check "$name: all $total recorded outputs read whole ($same equal)" [ "$same" -eq "$total" ]
	pages=$(json_get "$idx" "sum(c.get('pages',0) for c in d['commands'])" 2>/dev/null)
	check "$name: through the vendor's pager ($pages pages answered)" [ "${pages:-0}" -gt 0 ]
done

finish
