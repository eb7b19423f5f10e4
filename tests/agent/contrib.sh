#!/bin/sh
# contrib/: the systemd service and timers pass `systemd-analyze verify`
# (with the built program in ExecStart) and their calendars fall where the
# comments say; the cron example names the same schedule.  Skipped when
# systemd-analyze is absent.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
command -v systemd-analyze >/dev/null 2>&1 || skip "systemd-analyze is missing"
scratch
for f in swinspect.service swinspect-quarterly.timer swinspect-yearly.timer; do
	sed "s|/usr/bin/swinspect|$SWINSPECT|" "$top_srcdir/contrib/systemd/$f" >"$SCRATCH/$f"
done
check "systemd-analyze verify: service and timers" \
	systemd-analyze verify --man=no "$SCRATCH/swinspect.service" \
	"$SCRATCH/swinspect-quarterly.timer" "$SCRATCH/swinspect-yearly.timer"
cal() { sed -n 's/^OnCalendar=//p' "$top_srcdir/contrib/systemd/$1"; }
next() { systemd-analyze calendar --base-time="$2" "$(cal "$1")" 2>/dev/null |
	sed -n 's/^ *Next elapse: //p'; }
check "quarterly: first Monday of January 2027, 02:00" \
	[ "$(next swinspect-quarterly.timer '2026-11-28 12:00:00 UTC')" = "Mon 2027-01-04 02:00:00 UTC" ]
check "quarterly: then the first Monday of April" \
	[ "$(next swinspect-quarterly.timer '2027-01-05 00:00:00 UTC')" = "Mon 2027-04-05 02:00:00 UTC" ]
check "yearly: first Monday of November" \
	[ "$(next swinspect-yearly.timer '2026-01-01 00:00:00 UTC')" = "Mon 2026-11-02 02:00:00 UTC" ]
check "service treats exit 1 and 2 as done, not failed" \
	grep -q '^SuccessExitStatus=1 2$' "$top_srcdir/contrib/systemd/swinspect.service"
check "cron example: the same quarterly schedule" \
	grep -q '^0 2 1-7 1,4,7,10 \*' "$top_srcdir/contrib/cron.example"
check "the service's options are the program's" \
	sh -c "'$SWINSPECT' --help | grep -q -- '--archive-tree' && '$SWINSPECT' --help | grep -q -- '--keep'"
finish
