#!/usr/bin/env python3
"""Build Windows fixture roots as Cygwin shows a Windows system: the registry under
proc/registry/HKEY_LOCAL_MACHINE/... (keys are directories, values are files with Cygwin's exact
bytes: REG_SZ/EXPAND_SZ as UTF-8 + one NUL, REG_MULTI_SZ NUL-separated + an extra NUL, REG_DWORD 4
bytes little-endian), event log files (.evtx headers, chunks and record headers) under
cygdrive/c/Windows/System32/winevt/Logs, and a vendor's captures in kensa-capture/ (secedit INF in
UTF-16LE with a BOM, `net accounts` / `net user` in English and in Japanese CP932, Get-LocalUser
CSV). Used by tests/integration/test_windows.py at test time; also runnable by hand:

    python3 tests/helpers/make_windows_root.py SCENARIO DEST

Scenarios: windows-default (a Windows 10/11 left as installed, captured hive with ControlSet001 +
Select\\Current), windows-hardened (the checklist's settings applied, live-style CurrentControlSet).
Both carry the Windows version (CurrentBuild, EditionID, DisplayVersion: os.supported), Defender's
state and signature time and Security Center's product list (antimalware.active): the default is
Windows 10 22H2 Pro (build 19045), the hardened one Windows 11 24H2 Enterprise (build 26100).
"""
import datetime
import os
import struct
import sys
import zlib

AS_OF = datetime.datetime(2026, 11, 25, tzinfo=datetime.timezone.utc)


# ---- registry ---------------------------------------------------------------------------------

def encode_name(name):
    """Cygwin's encode_regname: '/', '\\', ':' and '%' as %xx; "." / ".." / "@" escaped; "" is @."""
    if name == "":
        return "@"
    out = []
    for i, c in enumerate(name):
        special = i == 0 and ((c == "." and name in (".", "..")) or (c == "@" and name == "@"))
        if c in "/\\:%" or special:
            out.append("%%%02x" % ord(c))
        else:
            out.append(c)
    return "".join(out)


def dword(n):
    return struct.pack("<I", n & 0xFFFFFFFF)


def qword(n):
    return struct.pack("<Q", n)


def sz(s):
    return s.encode("utf-8") + b"\0"


def multi_sz(items):
    return b"".join(i.encode("utf-8") + b"\0" for i in items) + b"\0"


def key_dir(root, key):
    parts = key.split("\\")
    return os.path.join(root, "proc", "registry", *[encode_name(p) for p in parts])


def reg(root, key, name, data):
    d = key_dir(root, key)
    os.makedirs(d, exist_ok=True)
    fname = encode_name(name)
    if os.path.isdir(os.path.join(d, fname)):
        fname += "%val"  # a value named like a subkey
    with open(os.path.join(d, fname), "wb") as f:
        f.write(data)


def mkkey(root, key):
    os.makedirs(key_dir(root, key), exist_ok=True)


# ---- .evtx ------------------------------------------------------------------------------------

def filetime(dt):
    return int((dt - datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)).total_seconds()
               * 10_000_000)


def evtx(path, chunk_spans, full=False):
    """An .evtx file: the ElfFile header, then one 64 KiB chunk per (first, last) datetime pair,
    each with a first record at offset 512 and a last record where the header says."""
    n = len(chunk_spans)
    hdr = bytearray(4096)
    hdr[0:8] = b"ElfFile\0"
    struct.pack_into("<QQQIHHHH", hdr, 8, 0, n - 1, 1 + 2 * n, 128, 2, 3, 4096, n)
    struct.pack_into("<I", hdr, 120, 0x2 if full else 0)
    data = bytearray(hdr)
    rid = 1
    for first, last in chunk_spans:
        ch = bytearray(65536)
        ch[0:8] = b"ElfChnk\0"
        last_off = 512 + 1024
        struct.pack_into("<QQQQIII", ch, 8, rid, rid + 1, rid, rid + 1, 128, last_off, last_off + 1024)
        for off, when in ((512, first), (last_off, last)):
            struct.pack_into("<4sIQQ", ch, off, b"**\0\0", 1024, rid, filetime(when))
            rid += 1
        data += ch
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


# A real Security log's chunk, with events added: the records of a public sample (see
# tests/data/evtx/README.md) stay as they are, since the first of each kind carries its template
# definition; each added record refers to those templates by chunk offset and carries its own
# substitution values (time, record id, account, source, logon type), as Windows writes them.
EVTX_DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "evtx")
LOGON_SAMPLE = os.path.join(EVTX_DATA, "CA_4624_4625_LogonType2_LogonProc_chrome.evtx")
GROUP_SAMPLE = os.path.join(EVTX_DATA, "Network_Service_Guest_added_to_admins_4732.evtx")
# substitution indices: the System template (outer) and the EventData templates of 4625 and 4624
# (v2), as the sample's templates define them (python-evtx's evtx_template_readable_view)
SYS_TIME, SYS_RECORD_ID, SYS_EVENT_DATA = 6, 10, 17
DATA_INDEX = {
    4625: {"TargetUserName": 5, "TargetDomainName": 6, "WorkstationName": 13, "IpAddress": 19,
           "LogonType": 10},
    4624: {"TargetUserName": 5, "TargetDomainName": 6, "LogonType": 8, "WorkstationName": 11,
           "IpAddress": 18},
}


def _instance(c, pos):
    """The template instance of a fragment at chunk offset pos: (head bytes, def offset, subs as
    [type, value, value offset], end offset)."""
    assert c[pos] == 0x0F and c[pos + 4] == 0x0C, c[pos:pos + 8].hex()
    tid, def_off = struct.unpack_from("<II", c, pos + 6)
    o = pos + 14
    if def_off == o:  # the definition is stored here
        o += 24 + struct.unpack_from("<I", c, o + 20)[0]
    n = struct.unpack_from("<I", c, o)[0]
    decl = [struct.unpack_from("<HB", c, o + 4 + 4 * i) for i in range(n)]
    o += 4 + 4 * n
    subs = []
    for size, typ in decl:
        subs.append([typ, bytes(c[o:o + size]), o])
        o += size
    return bytes(c[pos:pos + 6]) + struct.pack("<I", tid), def_off, subs, o


def _encode(head, def_off, subs, tail):
    out = bytearray(head + struct.pack("<II", def_off, len(subs)))
    for typ, val, _ in subs:
        out += struct.pack("<HBx", len(val), typ)
    for _, val, _ in subs:
        out += val
    return bytes(out) + tail


def _wstr(text):
    return text.encode("utf-16-le") + b"\0\0"


def _records(c):
    """(offset, size) of each record in a chunk."""
    free = struct.unpack_from("<I", c, 48)[0]
    off, out = 512, []
    while off + 28 <= free and c[off:off + 4] == b"**\0\0":
        size = struct.unpack_from("<I", c, off + 4)[0]
        out.append((off, size))
        off += size
    return out


def _prototype(c, off, size):
    """A record as an instance that refers to its templates (definitions left where they are)."""
    outer_head, outer_def, outer_subs, outer_end = _instance(c, off + 24)
    _, val, voff = outer_subs[SYS_EVENT_DATA]
    inner = _instance(c, voff)
    return (outer_head, outer_def, outer_subs, bytes(c[outer_end:off + size - 4]), inner,
            bytes(c[inner[3]:voff + len(val)]))


def _fix_chunk(c, first_rid, last_rid, last_off, free):
    struct.pack_into("<QQQQ", c, 8, 1, last_rid - first_rid + 1, first_rid, last_rid)
    struct.pack_into("<III", c, 44, last_off, free, zlib.crc32(bytes(c[512:free])))
    struct.pack_into("<I", c, 124, zlib.crc32(bytes(c[:120]) + bytes(c[128:512])))


def security_log(path, events):
    """A Security .evtx from the public samples' chunks, with events (dicts: id 4624/4625, when
    (datetime), and TargetUserName, TargetDomainName, IpAddress, WorkstationName, LogonType);
    {"id": 4732, "when": ...} re-dates the two 4732 records of the group sample. None when the
    samples are not in this tree."""
    if not (os.path.exists(LOGON_SAMPLE) and os.path.exists(GROUP_SAMPLE)):
        return None
    with open(LOGON_SAMPLE, "rb") as f:
        base = f.read()[4096:4096 + 65536]
    recs = _records(base)
    protos = {4625: _prototype(base, *recs[0]), 4624: _prototype(base, *recs[2])}
    rid = struct.unpack_from("<Q", base, 32)[0] + 1
    chunks, c, first = [], None, 0
    for ev in [e for e in events if e["id"] in (4624, 4625)]:
        if c is None or free + 1200 > 65536:
            if c is not None:
                _fix_chunk(c, first, rid - 1, last, free)
                chunks.append(c)
            c = bytearray(base)
            free = struct.unpack_from("<I", c, 48)[0]
            last = struct.unpack_from("<I", c, 44)[0]
            first = struct.unpack_from("<Q", c, 24)[0]
            # a new chunk's own records: renumbered after the previous chunk's
            for off, _ in _records(c):
                struct.pack_into("<Q", c, off + 8, rid)
                rid += 1
            first = rid - len(recs)
        oh, od, osubs, otail, (ih, idef, isubs, _), itail = protos[ev["id"]]
        isubs = [list(x) for x in isubs]
        for name, i in DATA_INDEX[ev["id"]].items():
            if name in ev:
                isubs[i][1] = struct.pack("<I", ev[name]) if name == "LogonType" else _wstr(ev[name])
        osubs = [list(x) for x in osubs]
        ft = filetime(ev["when"])
        osubs[SYS_TIME][1] = struct.pack("<Q", ft)
        osubs[SYS_RECORD_ID][1] = struct.pack("<Q", rid)
        osubs[SYS_EVENT_DATA][1] = _encode(ih, idef, isubs, itail)
        body = _encode(oh, od, osubs, otail)
        size = 24 + len(body) + 4
        c[free:free + size] = struct.pack("<4sIQQ", b"**\0\0", size, rid, ft) + body + struct.pack("<I", size)
        last, free = free, free + size
        rid += 1
    if c is not None:
        _fix_chunk(c, first, rid - 1, last, free)
        chunks.append(c)
    group = [e for e in events if e["id"] == 4732]
    if group:
        with open(GROUP_SAMPLE, "rb") as f:
            g = bytearray(f.read()[4096:4096 + 65536])
        for (off, _), ev in zip(_records(g), group + group[-1:]):
            ft = filetime(ev["when"])
            _, _, subs, _ = _instance(g, off + 24)
            struct.pack_into("<Q", g, subs[SYS_TIME][2], ft)
            struct.pack_into("<Q", g, off + 16, ft)
            struct.pack_into("<Q", g, off + 8, rid)
            struct.pack_into("<Q", g, subs[SYS_RECORD_ID][2], rid)
            rid += 1
        n = len(_records(g))
        _fix_chunk(g, rid - n, rid - 1, struct.unpack_from("<I", g, 44)[0],
                   struct.unpack_from("<I", g, 48)[0])
        chunks.append(g)
    hdr = bytearray(4096)
    hdr[0:8] = b"ElfFile\0"
    struct.pack_into("<QQQIHHHH", hdr, 8, 0, len(chunks) - 1, rid, 128, 1, 3, 4096, len(chunks))
    struct.pack_into("<I", hdr, 124, zlib.crc32(bytes(hdr[:120])))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(bytes(hdr) + b"".join(bytes(x) for x in chunks))
    return path


def days_ago(n):
    return AS_OF - datetime.timedelta(days=n)


# ---- captures ---------------------------------------------------------------------------------

def capture(root, name, data):
    p = os.path.join(root, "kensa-capture", name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)


def secedit_inf(min_len, complexity, history, max_age, min_age, admin="Administrator",
                guest="Guest", extra_registry=()):
    """secedit /export /areas SECURITYPOLICY, as Windows writes it: UTF-16LE with a BOM, CRLF."""
    lines = [
        "[Unicode]", "Unicode=yes", "[System Access]",
        f"MinimumPasswordAge = {min_age}", f"MaximumPasswordAge = {max_age}",
        f"MinimumPasswordLength = {min_len}", f"PasswordComplexity = {complexity}",
        f"PasswordHistorySize = {history}", "LockoutBadCount = 0",
        "RequireLogonToChangePassword = 0", "ForceLogoffWhenHourExpire = 0",
        f'NewAdministratorName = "{admin}"', f'NewGuestName = "{guest}"',
        "ClearTextPassword = 0", "LSAAnonymousNameLookup = 0", "EnableAdminAccount = 0",
        "EnableGuestAccount = 0",
        "[Event Audit]", "AuditSystemEvents = 0", "AuditLogonEvents = 0",
        "[Registry Values]",
        "MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LimitBlankPasswordUse=4,1",
        *extra_registry,
        "[Privilege Rights]", "SeNetworkLogonRight = *S-1-1-0,*S-1-5-32-544,*S-1-5-32-545",
        "[Version]", 'signature="$CHICAGO$"', "Revision=1", "",
    ]
    return "\ufeff".encode("utf-16-le") + "\r\n".join(lines).encode("utf-16-le")


NET_ACCOUNTS_EN = """Force user logoff how long after time expires?:       Never
Minimum password age (days):                          {min_age}
Maximum password age (days):                          {max_age}
Minimum password length:                              {min_len}
Length of password history maintained:                {history}
Lockout threshold:                                    Never
Lockout duration (minutes):                           30
Lockout observation window (minutes):                 30
Computer role:                                        WORKSTATION
The command completed successfully.

"""

# Japanese Windows 10/11 (CP932), with the labels it prints (issue 15, item 12: lines 4-9 as
# captured from real Japanese Windows; kensa checks that a known label is on its own line).
NET_ACCOUNTS_JA = """強制ログオフまでの時間 (分):                          しない
パスワードの最短有効期間 (日):                        {min_age}
パスワードの最長有効期間 (日):                        {max_age}
最小パスワード長:                                     {min_len}
使用できない旧パスワード数:                           {history}
ロックアウトしきい値:                                 なし
ロックアウト期間 (分):                                30
ロックアウト監視ウィンドウ (分):                      30
コンピューターの役割:                                 WORKSTATION
コマンドは正常に終了しました。

"""


def net_accounts(lang, min_len, max_age, history, min_age=0):
    tpl = NET_ACCOUNTS_JA if lang == "ja" else NET_ACCOUNTS_EN
    text = tpl.format(min_len=min_len, max_age=max_age, history=history, min_age=min_age)
    return text.replace("\n", "\r\n").encode("cp932" if lang == "ja" else "ascii")


def localuser_csv(users):
    """Get-LocalUser | Select-Object ... | ConvertTo-Csv -NoTypeInformation (kensa's script:
    dates as ISO 8601 UTC), with the UTF-8 BOM Out-File -Encoding utf8 writes."""
    rows = ['"Name","Enabled","LastLogon","PasswordLastSet","PasswordExpires","PasswordRequired","SID"']
    for u in users:
        def iso(d):
            return d.strftime("%Y-%m-%dT%H:%M:%S.0000000Z") if d else ""
        rows.append(",".join('"%s"' % v for v in (
            u["name"], str(u["enabled"]), iso(u.get("last_logon")), iso(u.get("pwset")),
            iso(u.get("pwexp")), str(u.get("pwreq", True)), u["sid"])))
    return b"\xef\xbb\xbf" + ("\r\n".join(rows) + "\r\n").encode("utf-8")


def net_user_list(names, lang="en", host="CLINIC-PC01"):
    head = (f"\r\n{host} のユーザー アカウント\r\n\r\n" if lang == "ja"
            else f"\r\nUser accounts for \\\\{host}\r\n\r\n")
    body = "-" * 79 + "\r\n"
    for i in range(0, len(names), 3):
        body += "".join(n.ljust(25) for n in names[i:i + 3]) + "\r\n"
    tail = "コマンドは正常に終了しました。\r\n\r\n" if lang == "ja" else "The command completed successfully.\r\n\r\n"
    text = head + body + tail
    return text.encode("cp932" if lang == "ja" else "ascii")


def fmt_date(d, lang, root=None):
    """As net user prints a date: the culture's short date and long time, in local time."""
    if d is None:
        return "なし" if lang == "ja" else "Never"
    if root is not None:
        d = local_time(d, root)
    if lang == "ja":
        return f"{d.year}/{d.month:02d}/{d.day:02d} {d.hour}:{d.minute:02d}:{d.second:02d}"
    if lang == "en-GB":
        return f"{d.day:02d}/{d.month:02d}/{d.year} {d.hour:02d}:{d.minute:02d}:{d.second:02d}"
    h = d.hour % 12 or 12
    return f"{d.month}/{d.day}/{d.year} {h}:{d.minute:02d}:{d.second:02d} {'PM' if d.hour >= 12 else 'AM'}"


def net_user_detail(u, lang="en", root=None):
    yes = lambda b: "Yes" if b else "No"
    if lang == "ja":
        labels = ["ユーザー名", "フル ネーム", "コメント", "ユーザーのコメント", "国/地域コード",
                  "アカウント有効", "アカウントの期限", None, "最終パスワード変更日時",
                  "パスワード有効期限", "パスワード変更可能日時", "パスワード必須",
                  "ユーザーによるパスワード変更可能", None, "ログオン可能なワークステーション",
                  "ログオン スクリプト", "ユーザー プロファイル", "ホーム ディレクトリ", "最終ログオン",
                  None, "ログオン可能な時間", None, "ローカル グループ メンバーシップ",
                  "グローバル グループ メンバーシップ"]
        done = "コマンドは正常に終了しました。"
        country, allw = "000 (システム既定)", "すべて"
    else:
        labels = ["User name", "Full Name", "Comment", "User's comment", "Country/region code",
                  "Account active", "Account expires", None, "Password last set",
                  "Password expires", "Password changeable", "Password required",
                  "User may change password", None, "Workstations allowed", "Logon script",
                  "User profile", "Home directory", "Last logon", None, "Logon hours allowed",
                  None, "Local Group Memberships", "Global Group memberships"]
        done = "The command completed successfully."
        country, allw = "000 (System Default)", "All"
    values = [u["name"], u.get("full", ""), u.get("comment", ""), "", country, yes(u["enabled"]),
              fmt_date(None, lang), None, fmt_date(u.get("pwset"), lang, root),
              fmt_date(u.get("pwexp"), lang, root), fmt_date(u.get("pwset"), lang, root),
              yes(u.get("pwreq", True)), "Yes", None, allw, "", "", "",
              fmt_date(u.get("last_logon"), lang, root), None, allw, None, "*Users", "*None"]
    out = []
    for lab, val in zip(labels, values):
        if lab is None:
            out.append("")
        else:
            out.append((lab + " " * max(1, 29 - len(lab) * (2 if lang == "ja" else 1)) + val).rstrip()
                       if lang == "ja" else (lab.ljust(29) + val).rstrip())
    text = "\r\n".join(out) + "\r\n" + done + "\r\n\r\n"
    return text.encode("cp932" if lang == "ja" else "ascii")


def net_user_captures(root, users, lang, intl=True):
    """net user and net user NAME as the PC printed them (lang: ja, en = en-US, en-GB), and,
    with intl, the user's International settings that say how it writes dates."""
    labels = "ja" if lang == "ja" else "en"
    capture(root, "net-user.txt", net_user_list([u["name"] for u in users], labels))
    for u in users:
        capture(root, f"net-user/{u['name']}.txt", net_user_detail(u, lang, root))
    if intl:
        international(root, lang)


SID = "S-1-5-21-3623811015-3361044348-30300820-%d"

DEFAULT_USERS = [
    {"name": "Administrator", "enabled": True, "last_logon": days_ago(3), "pwset": days_ago(400),
     "pwexp": None, "sid": SID % 500},
    {"name": "DefaultAccount", "enabled": False, "sid": SID % 503, "pwreq": False},
    {"name": "Guest", "enabled": False, "sid": SID % 501, "pwreq": False},
    {"name": "WDAGUtilityAccount", "enabled": False, "pwset": days_ago(700),
     "pwexp": days_ago(658), "sid": SID % 504},
    {"name": "taro", "enabled": True, "last_logon": days_ago(200), "pwset": days_ago(300),
     "pwexp": days_ago(258), "sid": SID % 1001},
    {"name": "hanako", "enabled": True, "last_logon": None, "pwset": days_ago(120),
     "pwexp": days_ago(78), "sid": SID % 1002},
    {"name": "uketsuke", "enabled": True, "last_logon": days_ago(1), "pwset": days_ago(10),
     "pwexp": None, "pwreq": False, "sid": SID % 1003},
    {"name": "retired", "enabled": False, "last_logon": days_ago(900), "pwset": days_ago(1000),
     "sid": SID % 1004},
]

HARDENED_USERS = [
    {"name": "Administrator", "enabled": False, "pwset": days_ago(400), "sid": SID % 500},
    {"name": "Guest", "enabled": False, "sid": SID % 501, "pwreq": False},
    {"name": "clinicadmin", "enabled": True, "last_logon": days_ago(2), "pwset": days_ago(20),
     "pwexp": days_ago(-40), "sid": SID % 1001},
    {"name": "dr-suzuki", "enabled": True, "last_logon": days_ago(0), "pwset": days_ago(5),
     "pwexp": days_ago(-55), "sid": SID % 1002},
]

LSA = "HKEY_LOCAL_MACHINE\\SYSTEM\\{cs}\\Control\\Lsa"
SVC = "HKEY_LOCAL_MACHINE\\SYSTEM\\{cs}\\Services"


def service(root, cs, name, start, delayed=None, display=None):
    k = f"{SVC.format(cs=cs)}\\{name}"
    reg(root, k, "Start", dword(start))
    reg(root, k, "Type", dword(0x20))
    if display:
        reg(root, k, "DisplayName", sz(display))
    if delayed is not None:
        reg(root, k, "DelayedAutostart", dword(delayed))


def eventlog(root, cs, log, max_size=None, retention=None, autobackup=None):
    k = f"{SVC.format(cs=cs)}\\EventLog\\{log}"
    reg(root, k, "File", sz(f"%SystemRoot%\\System32\\Winevt\\Logs\\{log}.evtx"))
    if max_size is not None:
        reg(root, k, "MaxSize", dword(max_size))
    if retention is not None:
        reg(root, k, "Retention", dword(retention))
    if autobackup is not None:
        reg(root, k, "AutoBackupLogFiles", dword(autobackup))


# ---- locale and time zone -----------------------------------------------------------------------
# net user prints dates in the user's short date format and times in the PC's local time; the
# registry says which (HKCU\Control Panel\International, TimeZoneInformation). Values as Windows
# 10/11 stores them for these cultures and zones; local times are made with Python's zoneinfo,
# not with kensa's own rules.

CULTURES = {
    "ja": {"LocaleName": "ja-JP", "sShortDate": "yyyy/MM/dd", "sTimeFormat": "H:mm:ss", "iDate": "2"},
    "en": {"LocaleName": "en-US", "sShortDate": "M/d/yyyy", "sTimeFormat": "h:mm:ss tt", "iDate": "0"},
    "en-GB": {"LocaleName": "en-GB", "sShortDate": "dd/MM/yyyy", "sTimeFormat": "HH:mm:ss", "iDate": "1"},
}


def systemtime(month=0, dow=0, week=0, hour=0, minute=0, year=0):
    """A SYSTEMTIME transition rule (REG_BINARY, 16 bytes)."""
    return struct.pack("<8H", year, month, dow, week, hour, minute, 0, 0)


# TimeZoneKeyName -> (IANA name, Bias, DaylightBias, StandardStart, DaylightStart)
TIMEZONES = {
    "Tokyo Standard Time": ("Asia/Tokyo", -540, -60, systemtime(), systemtime()),
    "GMT Standard Time": ("Europe/London", 0, -60, systemtime(10, 0, 5, 2), systemtime(3, 0, 5, 1)),
}
CURRENT_TZ = {}  # root -> TimeZoneKeyName, for net user captures


def timezone(root, cs, name):
    _, bias, dl_bias, std_start, dl_start = TIMEZONES[name]
    k = f"HKEY_LOCAL_MACHINE\\SYSTEM\\{cs}\\Control\\TimeZoneInformation"
    reg(root, k, "Bias", dword(bias))
    reg(root, k, "StandardBias", dword(0))
    reg(root, k, "DaylightBias", dword(dl_bias))
    reg(root, k, "StandardStart", std_start)
    reg(root, k, "DaylightStart", dl_start)
    reg(root, k, "ActiveTimeBias", dword(bias))
    reg(root, k, "TimeZoneKeyName", sz(name))
    reg(root, k, "DynamicDaylightTimeDisabled", dword(0))
    CURRENT_TZ[os.path.abspath(root)] = name


def international(root, lang, hive="HKEY_CURRENT_USER"):
    k = f"{hive}\\Control Panel\\International"
    for name, value in CULTURES[lang].items():
        reg(root, k, name, sz(value))


def local_time(d, root):
    """A UTC datetime as the captured PC's wall clock shows it."""
    import zoneinfo
    name = CURRENT_TZ.get(os.path.abspath(root), "Tokyo Standard Time")
    return d.astimezone(zoneinfo.ZoneInfo(TIMEZONES[name][0])).replace(tzinfo=None)


FIREWALL = "HKEY_LOCAL_MACHINE\\SYSTEM\\{cs}\\Services\\SharedAccess\\Parameters\\FirewallPolicy"
TERMINAL_SERVER = "HKEY_LOCAL_MACHINE\\SYSTEM\\{cs}\\Control\\Terminal Server"


def firewall_and_rdp(root, cs, enable=(1, 1, 1), rdp_denied=1, nla=1, port=3389, ics=3):
    """Windows Defender Firewall's profiles as a clean install writes them (EnableFirewall in
    each, no DefaultInboundAction: block), its service, and Remote Desktop's switches. The
    profiles live under the key of SharedAccess (Internet Connection Sharing, Start 3: manual,
    as installed; ics=4 where it is disabled)."""
    service(root, cs, "SharedAccess", ics)
    for profile, on in zip(("DomainProfile", "StandardProfile", "PublicProfile"), enable):
        reg(root, FIREWALL.format(cs=cs) + "\\" + profile, "EnableFirewall", dword(on))
    service(root, cs, "MpsSvc", 2)
    reg(root, TERMINAL_SERVER.format(cs=cs), "fDenyTSConnections", dword(rdp_denied))
    rdp = TERMINAL_SERVER.format(cs=cs) + "\\WinStations\\RDP-Tcp"
    reg(root, rdp, "UserAuthentication", dword(nla))
    reg(root, rdp, "PortNumber", dword(port))
NT_CV = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
WD = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender"
WD_POLICY = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender"


def windows_version(root, build, edition, display, ubr):
    """HKLM\\...\\Windows NT\\CurrentVersion as Windows writes it (ProductName stays "Windows 10 ..."
    on Windows 11)."""
    reg(root, NT_CV, "CurrentBuild", sz(str(build)))
    reg(root, NT_CV, "CurrentBuildNumber", sz(str(build)))
    reg(root, NT_CV, "EditionID", sz(edition))
    reg(root, NT_CV, "DisplayVersion", sz(display))
    reg(root, NT_CV, "UBR", dword(ubr))
    reg(root, NT_CV, "CurrentMajorVersionNumber", dword(10))


def defender(root, updated, version="1.421.1538.0", rt_off=None, passive=None):
    """Defender's state keys; SignaturesLastUpdated is a REG_BINARY FILETIME (8 bytes)."""
    reg(root, WD, "ProductStatus", dword(0))
    if passive is not None:
        reg(root, WD, "PassiveMode", dword(passive))
    mkkey(root, WD + "\\Real-Time Protection")
    if rt_off is not None:
        reg(root, WD + "\\Real-Time Protection", "DisableRealtimeMonitoring", dword(rt_off))
    reg(root, WD + "\\Signature Updates", "AVSignatureVersion", sz(version))
    reg(root, WD + "\\Signature Updates", "SignaturesLastUpdated", qword(filetime(updated)))


def av_products(rows):
    """Get-CimInstance root/SecurityCenter2 AntiVirusProduct | Select-Object displayName,
    productState,timestamp | ConvertTo-Csv -NoTypeInformation (UTF-8 with a BOM, CRLF)."""
    out = ['"displayName","productState","timestamp"']
    for name, state, ts in rows:
        out.append('"%s","%d","%s"' % (name, state, ts))
    return ("\ufeff" + "\r\n".join(out) + "\r\n").encode("utf-8")


def common(root, cs):
    # a clinic PC in Japan
    timezone(root, cs, "Tokyo Standard Time")
    reg(root, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "SystemRoot",
        sz("C:\\WINDOWS"))
    reg(root, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", "ProductName",
        sz("Windows 10 Pro"))
    reg(root, LSA.format(cs=cs), "Notification Packages", multi_sz(["scecli"]))
    reg(root, LSA.format(cs=cs), "LimitBlankPasswordUse", dword(1))
    # a value whose name holds a '/' and a default value: encoded as Cygwin shows them
    reg(root, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\.txt", "", sz("txtfile"))
    reg(root, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\.txt", "Content Type", sz("text/plain"))
    mkkey(root, "HKEY_LOCAL_MACHINE\\SAM")


def _logon(event_id, when, user, ip, logon_type=3, domain="CLINIC-PC01"):
    return {"id": event_id, "when": when, "TargetUserName": user, "TargetDomainName": domain,
            "IpAddress": ip, "WorkstationName": "-", "LogonType": logon_type}


# The default PC's Security log (wevtutil epl Security): a password guessed over the network —
# twelve failures against suzuki from 203.0.113.7 within four minutes, then a logon to it — the
# Guest account and NETWORK SERVICE added to Administrators, and a failure 40 days before --as-of
# (outside a monthly review).
_BURST = AS_OF - datetime.timedelta(days=3, hours=10)
DEFAULT_SECURITY_EVENTS = (
    [_logon(4625, _BURST + datetime.timedelta(seconds=20 * i), "suzuki", "203.0.113.7")
     for i in range(12)]
    + [_logon(4624, _BURST + datetime.timedelta(minutes=6), "suzuki", "203.0.113.7"),
       _logon(4624, AS_OF - datetime.timedelta(days=2), "IEUser", "-", logon_type=2),
       _logon(4625, AS_OF - datetime.timedelta(days=40), "old", "198.51.100.9"),
       {"id": 4732, "when": AS_OF - datetime.timedelta(days=1)}])


def windows_default(root):
    """Windows 10 Pro as installed, registry captured from the SYSTEM hive file: ControlSet001
    and Select\\Current = 1, no CurrentControlSet link."""
    cs = "ControlSet001"
    reg(root, "HKEY_LOCAL_MACHINE\\SYSTEM\\Select", "Current", dword(1))
    reg(root, "HKEY_LOCAL_MACHINE\\SYSTEM\\Select", "Default", dword(1))
    reg(root, "HKEY_LOCAL_MACHINE\\SYSTEM\\Select", "LastKnownGood", dword(2))
    mkkey(root, "HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Services")
    common(root, cs)
    service(root, cs, "USBSTOR", 3)
    service(root, cs, "UASPStor", 3)
    service(root, cs, "RemoteRegistry", 4, display="@regsvc.dll,-1")
    service(root, cs, "SSDPSRV", 3)
    service(root, cs, "upnphost", 3)
    service(root, cs, "Spooler", 2)
    service(root, cs, "MapsBroker", 2, delayed=1)
    service(root, cs, "XblGameSave", 3)
    service(root, cs, "XblAuthManager", 3)
    service(root, cs, "lfsvc", 3)
    service(root, cs, "Dhcp", 2)
    firewall_and_rdp(root, cs)
    eventlog(root, cs, "Security", max_size=20971520, retention=0)
    eventlog(root, cs, "System", max_size=67108864, retention=0)
    eventlog(root, cs, "Application", max_size=20971520, retention=0)
    logs = os.path.join(root, "cygdrive/c/Windows/System32/winevt/Logs")
    evtx(os.path.join(logs, "Security.evtx"), [(days_ago(12), days_ago(6)), (days_ago(6), days_ago(0))])
    # System: 4 chunks over 30 days, far from full: at that rate 64 MiB lasts years
    evtx(os.path.join(logs, "System.evtx"), [(days_ago(30 - 8 * i), days_ago(22 - 8 * i)) for i in range(4)])
    capture(root, "secedit.inf", secedit_inf(0, 0, 0, 42, 0))
    capture(root, "get-localuser.csv", localuser_csv(DEFAULT_USERS))
    windows_version(root, 19045, "Professional", "22H2", 6456)
    defender(root, days_ago(1))
    capture(root, "get-antivirusproduct.csv",
            av_products([("Windows Defender", 397568, "Tue, 24 Nov 2026 21:14:03 GMT")]))
    security_log(os.path.join(root, "kensa-capture", "Security.evtx"), DEFAULT_SECURITY_EVENTS)
    with open(os.path.join(root, "README"), "w") as f:
        f.write("Windows 10 Pro as installed (captured hive: ControlSet001 + Select\\Current), "
                "default password policy, a stale and a never-used account; generated by "
                "tests/helpers/make_windows_root.py\n")


def windows_hardened(root):
    """The checklist's settings applied on a live-style registry (CurrentControlSet)."""
    cs = "CurrentControlSet"
    common(root, cs)
    service(root, cs, "USBSTOR", 4)
    service(root, cs, "UASPStor", 4)
    pol = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows"
    reg(root, pol + "\\RemovableStorageDevices", "Deny_All", dword(1))
    reg(root, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer",
        "NoDriveTypeAutoRun", dword(255))
    for name in ("RemoteRegistry", "SSDPSRV", "upnphost", "Spooler", "XblGameSave",
                 "XblAuthManager", "MapsBroker", "lfsvc"):
        service(root, cs, name, 4)
    service(root, cs, "Dhcp", 2)
    # Remote Desktop on a custom port for the vendor's maintenance, NLA required; the firewall's
    # Public profile blocks inbound by Group Policy as well
    firewall_and_rdp(root, cs, rdp_denied=0, port=13389, ics=4)
    reg(root, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\PublicProfile",
        "DefaultInboundAction", dword(1))
    # Security: by policy, 1 GiB, retain + archive (strings, as the ADMX writes them)
    eventlog(root, cs, "Security", max_size=20971520, retention=0)
    reg(root, pol + "\\EventLog\\Security", "MaxSize", dword(1048576))
    reg(root, pol + "\\EventLog\\Security", "Retention", sz("1"))
    reg(root, pol + "\\EventLog\\Security", "AutoBackupLogFiles", sz("1"))
    # System: overwrite, but its oldest event is 400 days old already
    eventlog(root, cs, "System", max_size=134217728, retention=0)
    # Application: do not overwrite + archive, set in the service key (0xFFFFFFFF)
    eventlog(root, cs, "Application", max_size=67108864, retention=0xFFFFFFFF, autobackup=1)
    logs = os.path.join(root, "cygdrive/c/Windows/System32/winevt/Logs")
    evtx(os.path.join(logs, "System.evtx"), [(days_ago(400), days_ago(200)), (days_ago(200), days_ago(0))],
         full=True)
    capture(root, "secedit.inf", secedit_inf(14, 1, 24, 60, 1))
    capture(root, "get-localuser.csv", localuser_csv(HARDENED_USERS))
    windows_version(root, 26100, "Enterprise", "24H2", 7171)
    reg(root, NT_CV, "ProductName", sz("Windows 10 Enterprise"))
    defender(root, days_ago(0), rt_off=0)
    capture(root, "get-antivirusproduct.csv",
            av_products([("Windows Defender", 397568, "Wed, 25 Nov 2026 03:02:11 GMT")]))
    with open(os.path.join(root, "README"), "w") as f:
        f.write("Windows with the checklist's settings (USB storage denied, unneeded services "
                "disabled, large archived event logs, 14-character complexity policy); generated "
                "by tests/helpers/make_windows_root.py\n")


SCENARIOS = {"windows-default": windows_default, "windows-hardened": windows_hardened}


def build(scenario, dest):
    os.makedirs(dest, exist_ok=True)
    SCENARIOS[scenario](dest)
    return dest


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in SCENARIOS:
        sys.exit("usage: make_windows_root.py {%s} DEST" % ",".join(SCENARIOS))
    build(sys.argv[1], sys.argv[2])
