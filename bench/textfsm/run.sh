#!/bin/sh
# bench/textfsm/run.sh - swinspect's TextFSM engine against python3-textfsm.
#
# Builds a 1 MB input by repeating one of the project's own sample outputs
# (tests/textfsm/samples), parses it with `swinspect parse` and with the
# reference (Debian's python3-textfsm through tests/textfsm/ref-parse.py),
# RUNS times each, checks both give the same records, and prints the median
# wall-clock and CPU (user + system) time of each and their ratios; also the
# reference's time inside ParseText alone (no Python start-up, no template
# compilation, no output), for a fair comparison.  CPU time is the figure to
# quote on a busy machine.
#
# usage: bench/textfsm/run.sh [TEMPLATE SAMPLE]...
#   default: cisco_ios_show_inventory stack, juniper_junos_show_chassis_hardware
#   ex4300, cisco_nxos_show_environment n9k (three states, several record
#   shapes) and cisco_ios_show_version c2960x (one record, mostly unmatched
#   lines).
# Environment: TFSM_PARSE (default "$top_builddir/swinspect parse"), PYTHON3
# (default /usr/bin/python3), RUNS (default 5), SIZE (bytes, default 1048576).
# Exit 0, 1 on a failure or a disagreement, 77 without the reference.

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
TFSM_PARSE=${TFSM_PARSE:-"$top_builddir/swinspect parse"}
PYTHON3=${PYTHON3:-/usr/bin/python3}
RUNS=${RUNS:-5}
SIZE=${SIZE:-1048576}
tpldir=$top_srcdir/collectors/templates
samples=$top_srcdir/tests/textfsm/samples

if [ $# -eq 0 ]; then
	set -- cisco_ios_show_inventory stack \
		juniper_junos_show_chassis_hardware ex4300 \
		cisco_nxos_show_environment n9k \
		cisco_ios_show_version c2960x
fi
if ! "$PYTHON3" -c 'import textfsm' 2>/dev/null; then
	echo "bench: python3-textfsm missing for $PYTHON3: nothing to compare"
	exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/tfsm-bench.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

# The timer: runs a command RUNS times, its output to a file, and prints
# "WALL CPU", the medians in seconds (CPU = the child's user + system).
cat > "$work/timer.py" <<'PYEOF'
import resource, statistics, subprocess, sys, time
runs, out, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
wall, cpu = [], []
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(out, 'wb') as f:
        p = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE)
    wall.append(time.perf_counter() - t0)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append(after.ru_utime - before.ru_utime +
               after.ru_stime - before.ru_stime)
    if p.returncode:
        sys.exit('bench: %s failed: %s' % (' '.join(cmd), p.stderr.decode()))
print('%.3f %.3f' % (statistics.median(wall), statistics.median(cpu)))
PYEOF

# ParseText alone, in process.
cat > "$work/inproc.py" <<'PYEOF'
import statistics, sys, time, textfsm
tpl, inp, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(inp, 'rb').read().decode('utf-8', 'replace')
times = []
for _ in range(runs):
    with open(tpl, encoding='utf-8', errors='replace') as f:
        fsm = textfsm.TextFSM(f)
    t0 = time.process_time()
    fsm.ParseText(text)
    times.append(time.process_time() - t0)
print('%.3f' % statistics.median(times))
PYEOF

echo "machine: $(nproc) CPU(s), load average $(cut -d' ' -f1-3 /proc/loadavg)"
while [ $# -ge 2 ]; do
	tpl=$1
	sample=$2
	shift 2
	src=$samples/$tpl/$sample.txt
	input=$work/$tpl.txt
	if [ ! -f "$src" ]; then
		echo "bench: no sample $src" >&2
		exit 1
	fi
	: > "$input"
	while [ "$(wc -c < "$input")" -lt "$SIZE" ]; do
		cat "$src" >> "$input"
	done
	bytes=$(wc -c < "$input")
	c=$("$PYTHON3" "$work/timer.py" "$RUNS" "$work/c.out" \
		$TFSM_PARSE "$tpldir/$tpl.textfsm" "$input") || exit 1
	p=$("$PYTHON3" "$work/timer.py" "$RUNS" "$work/p.out" \
		"$PYTHON3" "$top_srcdir/tests/textfsm/ref-parse.py" \
		"$tpldir/$tpl.textfsm" "$input") || exit 1
	if ! cmp -s "$work/c.out" "$work/p.out"; then
		echo "bench: $tpl: the engines disagree on the records" >&2
		exit 1
	fi
	records=$(grep -c '^  {' "$work/c.out")
	alone=$("$PYTHON3" "$work/inproc.py" "$tpldir/$tpl.textfsm" "$input" \
		"$RUNS") || exit 1
	echo "$tpl: $bytes bytes ($sample sample repeated)," \
	     "$records records, median of $RUNS runs"
	echo "$c $p $alone" | awk '{
		cw = $1 > 0 ? $1 : 0.001; cc = $2 > 0 ? $2 : 0.001
		printf "  swinspect parse   wall %6.3f s   cpu %6.3f s\n", $1, $2
		printf "  python3-textfsm   wall %6.3f s   cpu %6.3f s   (ParseText alone: cpu %.3f s)\n", $3, $4, $5
		printf "  ratio             %.1fx wall, %.1fx cpu, %.1fx cpu against ParseText alone\n", $3 / cw, $4 / cc, $5 / cc }'
done
