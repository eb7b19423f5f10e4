# tests/local/sonic-box.sh - sourced by the on-box SONiC tests (after
# tests/lib.sh): `sonic_box DIR` makes DIR/tree, the sonic-as7326 fixture
# tree turned into the lab's SONiC switch (its host name and SONiC version,
# read from tests/lab/cli/sonic-as7326; coretemp's package sensor labelled
# with the platform's name "CPU Package Temp", as drivers that label their
# channels do), and DIR/bin/show, SONiC's `show` as that switch answers it:
# the lab's CLI emulator in exec mode over DIR/device, a copy of the
# switch's outputs.  `show $SONIC_BOX_HANG` (if set) hangs with a helper
# process (sleep 6017).  Sets BOX_HOST and BOX_VERSION.
LAB="$(cd "$top_srcdir/tests/lab" && pwd)"

sonic_box() {
	BOX_VERSION=$(sed -n 's/^SONiC Software Version: SONiC\.//p' "$LAB/cli/sonic-as7326/show_version.txt")
	BOX_HOST=$(sed -n 's/^hostname: *//p' "$LAB/cli/sonic-as7326/device.yaml")
	[ -n "$BOX_VERSION" ] && [ -n "$BOX_HOST" ] || { fail "lab device identity"; return 1; }
	sh "$top_srcdir/tests/local/mktree.sh" sonic-as7326 "$1/tree" || { fail "mktree"; return 1; }
	sed -i "s/^build_version: .*/build_version: '$BOX_VERSION'/" "$1/tree/etc/sonic/sonic_version.yml"
	printf '%s\n' "$BOX_HOST" >"$1/tree/proc/sys/kernel/hostname"
	printf 'CPU Package Temp\n' >"$1/tree/sys/devices/platform/coretemp.0/hwmon/hwmon0/temp1_label"
	cp -R "$LAB/cli/sonic-as7326" "$1/device"
	mkdir -p "$1/bin"
	cat >"$1/bin/show" <<SHOW
#!/bin/sh
# SONiC's show, for the test: the lab's emulator answers.
case "\$*" in
"${SONIC_BOX_HANG:-}") sleep 6017 & wait; exit 0 ;;
esac
SSH_ORIGINAL_COMMAND="show \$*" exec "$PYTHON3" "$LAB/cli-emulator.py" --device "$1/device"
SHOW
	chmod 755 "$1/bin/show"
}
