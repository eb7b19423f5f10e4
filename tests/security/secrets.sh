#!/bin/sh
# Secrets audit: a full inspection of the lab with every kind of secret
# the inventory takes (SNMP v2c community, SNMPv3 auth and priv
# passphrases, SSH password, enable password; by env, by file and as a
# literal; right ones and wrong ones, so the error paths speak too) at
# debug level, then the import of session logs whose configurations hold
# secrets in each vendor's form (tests/security/data/: enable secret,
# snmp-server / snmp-agent community, SNMPv3 users, TACACS+ / RADIUS keys,
# local users, Huawei cipher / irreversible-cipher, H3C simple / cipher /
# hash, Junos $9$ and SECRET-DATA, SONiC passkeys), then check and report.
# Every file written under OUT (raw configurations included, anything
# compressed decompressed), run.log, and every byte of stdout and stderr
# are searched for each secret, plain, base64, hex, URL- and JSON-escaped:
# none may appear.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
lab_start
DATA="$top_srcdir/tests/security/data"
OUT="$SCRATCH/out"

# secrets that authenticate (the lab's, random at each start) and
# distinctive ones that do not (wrong credentials: the failure paths)
export SEC_COMM="$LAB_SNMPD_COMMUNITY" SEC_AUTH="$LAB_SNMPD_V3_AUTH_PASS"
export SEC_PASS="$LAB_SSH_PASSWORD" SEC_ENABLE="$LAB_SSH_ENABLE_PASSWORD"
export SEC_BADCOMM=S3cr3t-Comm-7f3a SEC_BADPASS=S3cr3t-SshPw-5c2e
printf '%s\n' "$LAB_SNMPD_V3_PRIV_PASS" >"$SCRATCH/priv.secret"
chmod 600 "$SCRATCH/priv.secret"
LIT_COMM=S3cr3t-LitComm-9d4b
LIT_ENABLE=S3cr3t-Enable-e81c
if [ -n "$LAB_SSH_PASSWORD" ]; then
	SSH_AUTH="password_env: SEC_PASS"
else	# not root: the lab takes keys only
	SSH_AUTH="key_file: $LAB_SSH_KEY"
fi
cat >"$SCRATCH/inv.yaml" <<YAML
customer: Secret Bank
defaults:
  snmp: {timeout_ms: 800, retries: 0}
  ssh: {username: $LAB_SSH_USER, known_hosts: $LAB_KNOWN_HOSTS, timeout_ms: 5000}
devices:
  - name: v2c
    address: 127.0.0.1
    snmp: {version: 2c, community_env: SEC_COMM, port: $LAB_SNMPD_PORT}
    ssh: {port: $LAB_SSHD_PORT, $SSH_AUTH}
  - name: v3
    address: 127.0.0.1
    snmp: {version: 3, username: $LAB_SNMPD_V3_USER, port: $LAB_SNMPD_PORT,
           auth: {protocol: sha, password_env: SEC_AUTH},
           priv: {protocol: aes, password_file: $SCRATCH/priv.secret}}
    ssh: false
  - name: enable
    address: 127.0.0.1
    snmp: false
    ssh: {port: $LAB_SSHD_PORT_USER_MODE, $SSH_AUTH, enable_password_env: SEC_ENABLE}
  - name: wrong-comm
    address: 127.0.0.1
    snmp: {version: 2c, community_env: SEC_BADCOMM, port: $LAB_SNMPD_PORT}
    ssh: false
  - name: literal
    address: 127.0.0.1
    snmp: {version: 2c, community: $LIT_COMM, port: $LAB_SNMPD_PORT}
    ssh: {port: $LAB_SSHD_PORT_USER_MODE, key_file: $LAB_SSH_KEY, enable_password: $LIT_ENABLE}
  - name: wrong-pass
    address: 127.0.0.1
    snmp: false
    ssh: {port: $LAB_SSHD_PORT, password_env: SEC_BADPASS}
YAML
"$SWINSPECT" run -vv -i "$SCRATCH/inv.yaml" -o "$OUT" --lang en,zh-CN \
	>"$SCRATCH/run.stdout" 2>"$SCRATCH/run.stderr"
rc=$?
tail -5 "$SCRATCH/run.stderr"
check "the inspection ran to its report (exit 2: two devices refused, got $rc)" \
	[ "$rc" -eq 2 ] && [ -s "$OUT/report.json" ]
check "the right credentials worked (v2c, v3 and ssh reached)" \
	"$PYTHON3" -c 'import json,sys
d={x["name"]:x for x in json.load(open(sys.argv[1]))["devices"]}
assert d["v2c"]["sources"]["snmp"]["status"]=="ok", d["v2c"]
assert d["v3"]["sources"]["snmp"]["status"]=="ok", d["v3"]
assert d["v2c"]["sources"]["ssh"]["status"] in ("ok","partial"), d["v2c"]
assert d["enable"]["sources"]["ssh"]["status"] in ("ok","partial"), d["enable"]' "$OUT/inspection.json"
check "the raw configurations were collected (so they were searched)" \
	sh -c "ls '$OUT'/devices/*/raw/*running* >/dev/null 2>&1"

IMP="$SCRATCH/imp"
"$SWINSPECT" import -o "$IMP" "$DATA"/*.log >"$SCRATCH/imp.stdout" 2>"$SCRATCH/imp.stderr"
rc=$?
cat "$SCRATCH/imp.stderr"
check "the session logs were imported (exit 0 or 2, got $rc)" [ "$rc" -le 2 ]
check "... five devices, with their configurations" \
	[ "$(ls "$IMP"/devices/*/raw/*configuration* "$IMP"/devices/*/raw/*running* 2>/dev/null | wc -l)" -ge 5 ]
"$SWINSPECT" check "$IMP" >>"$SCRATCH/imp.stdout" 2>>"$SCRATCH/imp.stderr"
"$SWINSPECT" report "$IMP" --lang en,zh-CN >>"$SCRATCH/imp.stdout" 2>>"$SCRATCH/imp.stderr"
check "... checked and reported" [ -s "$IMP/report.html" ]

# the secrets, one a line
{
	printf '%s\n' "$SEC_COMM" "$SEC_AUTH" "$LAB_SNMPD_V3_PRIV_PASS" "$SEC_ENABLE" \
		"$SEC_BADCOMM" "$SEC_BADPASS" "$LIT_COMM" "$LIT_ENABLE"
	[ -n "$SEC_PASS" ] && printf '%s\n' "$SEC_PASS"
	grep -v '^#' "$DATA/secrets.txt"
} | grep -v '^$' >"$SCRATCH/secrets"
check "the secrets list is complete ($(wc -l <"$SCRATCH/secrets") secrets)" \
	[ "$(wc -l <"$SCRATCH/secrets")" -ge 44 ]

"$PYTHON3" - "$SCRATCH/secrets" "$OUT" "$IMP" "$SCRATCH"/run.stdout "$SCRATCH"/run.stderr \
	"$SCRATCH"/imp.stdout "$SCRATCH"/imp.stderr <<'PY' >"$SCRATCH/audit.out"
import base64, bz2, gzip, lzma, os, sys, json, urllib.parse
secrets = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
def forms(s):
    b = s.encode()
    out = {"plain": [b], "hex": [b.hex().encode(), b.hex().upper().encode()],
           "json": [json.dumps(s)[1:-1].encode()],
           "url": [urllib.parse.quote(s, safe="").encode()]}
    # base64 of the secret wherever it stands in a longer text: the
    # three alignments, without the characters the neighbours change
    b64 = []
    for pad in range(3):
        e = base64.b64encode(b"\0" * pad + b)
        body = e[4 if pad else 0:-4]   # groups of secret bytes only
        if len(body) >= 8:
            b64.append(body)
    out["base64"] = b64
    return out
def content(path):
    data = open(path, "rb").read()
    for magic, fn in ((b"\x1f\x8b", gzip.decompress), (b"BZh", bz2.decompress),
                      (b"\xfd7zXZ", lzma.decompress)):
        if data.startswith(magic):
            try:
                data += fn(data)
            except Exception:
                pass
    return data
files = []
for arg in sys.argv[2:]:
    if os.path.isdir(arg):
        for d, _, fs in os.walk(arg):
            files += [os.path.join(d, f) for f in fs]
    else:
        files.append(arg)
table = {s: forms(s) for s in secrets}
leaks = 0
for f in files:
    data = content(f)
    for s, fm in table.items():
        for kind, pats in fm.items():
            if any(p in data for p in pats):
                print("LEAK: %s in %s (%s)" % (s[:4] + "...", f, kind))
                leaks += 1
print("searched %d files for %d secrets: %d leak(s)" % (len(files), len(secrets), leaks))
sys.exit(1 if leaks else 0)
PY
rc=$?
cat "$SCRATCH/audit.out"
check "no secret in any file written, in stdout, stderr or run.log, in any encoding" [ "$rc" -eq 0 ]
check "... and the search covered the raw files and the logs" \
	grep -q "searched [0-9][0-9]* files" "$SCRATCH/audit.out"
check "files under OUT are 0600, folders 0700" \
	sh -c "[ -z \"\$(find '$OUT' '$IMP' \( -type f ! -perm 600 \) -o \( -type d ! -perm 700 \))\" ]"
finish
