#!/usr/bin/env python3
"""Generates tests/fixtures/snapshots/: two healthy snapshots (a Japanese and an
English Windows Server) and one scenario per failure of issue 4, each file in
the encoding Windows writes it in (console output in CP932 or code page 437,
PowerShell redirection and task files in UTF-16LE with BOM, the collector's
own files in UTF-8). The generated files are committed; run this again only
to change them:

    python3 tools/mksnapshots.py [OUTDIR] [--only NAME...]

--only writes just the named snapshots (new scenarios can be added without
rewriting, and re-keying, every committed one).

Needs Python 3 and the `openssl` command (test certificates). Every time in a
snapshot is relative to its manifest's collection time, which the analysis
uses as "now", so the fixtures do not age.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARGS = sys.argv[1:]
ONLY = ARGS[ARGS.index("--only") + 1:] if "--only" in ARGS else None
ARGS = ARGS[:ARGS.index("--only")] if "--only" in ARGS else ARGS
OUT = ARGS[0] if ARGS else os.path.join(ROOT, "tests", "fixtures", "snapshots")

# The collection time of every snapshot, and the day the certificates start.
T0 = (int(time.time()) // 86400) * 86400
COLLECTED = T0 + 2 * 86400 + 10 * 3600  # two days after the certificates were issued, 10:00Z
JST = 9 * 3600

BYPASS = ("*.onshikaku.org;*.flets-east.jp;*.flets-west.jp;*.lineauth.mnw;"
          "*.obn.managedpki.ne.jp;*.cybertrust.ne.jp;*.secomtrust.net;*.rece;pweb.base.oqs-pdl.org")
TASKS = ["OQS_exec_distroappstart", "OQS_exec_distroappstop_periodic",
         "OQS_exec_comappdelfile_periodic", "OQS_exec_comappdelfile_running",
         "OQS_exec_comappstart"]
SID = "S-1-5-21-3623811015-3361044348-30300820-1001"


def utc(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def local_ja(t):
    g = time.gmtime(t + JST)
    return "%d/%02d/%02d %d:%02d:%02d" % (g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec)


def local_en(t):
    g = time.gmtime(t + JST)
    h = g.tm_hour % 12 or 12
    return "%d/%d/%d %d:%02d:%02d %s" % (g.tm_mon, g.tm_mday, g.tm_year, h, g.tm_min, g.tm_sec,
                                         "PM" if g.tm_hour >= 12 else "AM")


def crlf(s):
    return s.replace("\r\n", "\n").replace("\n", "\r\n")


# How Windows writes each kind of file.
def cp932(s):
    return crlf(s).encode("cp932")


def cp437(s):
    return crlf(s).encode("cp437")


def utf16(s):
    return b"\xff\xfe" + crlf(s).encode("utf-16-le")


def utf8(s):
    return s.encode("utf-8")


def utf8bom(s):
    return b"\xef\xbb\xbf" + crlf(s).encode("utf-8")


# ---------------------------------------------------------------- certificates

def openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Certs:
    """A root "Online Billing NW Common Root CA" and client certificates it
    issued, all starting today (T0): DER bytes by name."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="mksnap-")
        d = self.dir
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key",
                "-subj", "/O=Online Billing NW/CN=Online Billing NW Common Root CA",
                "-days", "3650", "-out", "root.pem", cwd=d)
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key",
                "-subj", "/CN=Some Other Root", "-days", "3650", "-out", "other.pem", cwd=d)
        self.cache = {}

    def der(self, name):
        p = os.path.join(self.dir, name)
        openssl("x509", "-in", name + ".pem", "-outform", "DER", "-out", name + ".der", cwd=self.dir)
        with open(p + ".der", "rb") as f:
            return f.read()

    def pem(self, name):
        with open(os.path.join(self.dir, name + ".pem"), "rb") as f:
            return f.read()

    def client(self, name, cn, days, issuer="root"):
        if name in self.cache:
            return name
        d = self.dir
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key",
                "-subj", "/CN=" + cn, "-out", name + ".csr", cwd=d)
        openssl("x509", "-req", "-in", name + ".csr", "-CA", issuer + ".pem", "-CAkey",
                issuer + ".key", "-set_serial", str(1000 + len(self.cache)), "-days", str(days),
                "-out", name + ".pem", cwd=d)
        self.cache[name] = True
        return name

    def close(self):
        shutil.rmtree(self.dir)


# ---------------------------------------------------------------- file texts

def systeminfo(lang, host, osname, locale=None):
    if lang == "ja":
        return f"""
ホスト名:                  {host}
OS 名:                     {osname}
OS バージョン:             10.0.20348 N/A ビルド 20348
OS 製造元:                 Microsoft Corporation
OS 構成:                   スタンドアロン サーバー
OS ビルドの種類:           Multiprocessor Free
登録されている所有者:      Windows ユーザー
システム製造元:            Example Corp.
システム モデル:           EX-100
システムの種類:            x64-based PC
Windows ディレクトリ:      C:\\Windows
システム ロケール:         {locale or "ja;日本語"}
入力ロケール:              ja;日本語
タイム ゾーン:             (UTC+09:00) 大阪、札幌、東京
物理メモリの合計:          16,286 MB
ドメイン:                  WORKGROUP
ホットフィックス:          2 ホットフィックスがインストールされています。
                           [01]: KB5012170
                           [02]: KB5044281
"""
    return f"""
Host Name:                 {host}
OS Name:                   {osname}
OS Version:                10.0.17763 N/A Build 17763
OS Manufacturer:           Microsoft Corporation
OS Configuration:          Standalone Server
OS Build Type:             Multiprocessor Free
Registered Owner:          Windows User
System Manufacturer:       Example Corp.
System Model:              EX-100
System Type:               x64-based PC
Windows Directory:         C:\\Windows
System Locale:             {locale or "en-us;English (United States)"}
Input Locale:              en-us;English (United States)
Time Zone:                 (UTC+09:00) Osaka, Sapporo, Tokyo
Total Physical Memory:     16,286 MB
Domain:                    WORKGROUP
Hotfix(s):                 1 Hotfix(s) Installed.
                           [01]: KB5044277
"""


def winhttp(lang, server="proxy.base.oqs-pdl.org:8080", bypass=BYPASS):
    if lang == "ja":
        if server is None:
            return "\n現在の WinHTTP プロキシ設定:\n\n    直接アクセス (プロキシ サーバーなし)。\n\n"
        return (f"\n現在の WinHTTP プロキシ設定:\n\n    プロキシ サーバー:  {server}\n"
                f"    バイパス一覧     :  {bypass}\n\n")
    if server is None:
        return "\nCurrent WinHTTP proxy settings:\n\n    Direct access (no proxy server).\n\n"
    return (f"\nCurrent WinHTTP proxy settings:\n\n    Proxy Server(s) :  {server}\n"
            f"    Bypass List     :  {bypass}\n\n")


def reg(key, values):
    s = "\n" + key + "\n"
    for name, typ, data in values:
        s += f"    {name}    {typ}    {data}\n"
    return s + "\n"


def reg_missing(lang):
    if lang == "ja":
        return "エラー: 指定されたレジストリ キーまたは値が見つかりませんでした。\n"
    return "ERROR: The system was unable to find the specified registry key or value.\n"


def user_proxy(enable=1, server="proxy.base.oqs-pdl.org:8080", bypass=BYPASS):
    k = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings"
    vals = [("DisableCachingOfSSLPages", "REG_DWORD", "0x0"),
            ("IE5_UA_Backup_Flag", "REG_SZ", "5.0"),
            ("PrivacyAdvanced", "REG_DWORD", "0x1"),
            ("ProxyEnable", "REG_DWORD", hex(enable))]
    if server:
        vals.append(("ProxyServer", "REG_SZ", server))
        vals.append(("ProxyOverride", "REG_SZ", bypass))
    vals.append(("ZonesSecurityUpgrade", "REG_BINARY", "9E3A0F6B2C1FD901"))
    return reg(k, vals) + k + "\\5.0\n" + k + "\\Connections\n" + k + "\\ZoneMap\n"


def w32tm_error(lang):
    """What w32tm /query prints when W32Time is stopped (SOURCES.md)."""
    if lang == "ja":
        return "次のエラーが発生しました: サービスは開始されていません。 (0x80070426)\n"
    return "The following error occurred: The service has not been started. (0x80070426)\n"


def w32tm_status(lang, source="ntp.base.oqs-pdl.org,0x8", leap=0, last_sync=None, date=None):
    """date: the "Last Successful Sync Time" text as the user's short date
    format prints it (default: the language's usual one); 0 = never."""
    last_sync = COLLECTED - 2 * 3600 if last_sync is None else last_sync
    if lang == "ja":
        sync = date or (local_ja(last_sync) if last_sync else "未指定")
        leap_s = "0 (警告なし)" if leap == 0 else "3 (同期未実行)"
        return (f"閏インジケーター: {leap_s}\n階層: 3 (二次参照 - (S)NTP で同期)\n"
                f"精度: -23 (ティックごとに 119.209ns)\nルート遅延: 0.0131681s\n"
                f"ルート分散: 7.7795437s\n参照 ID: 0xC0000201 (ソース IP:  192.0.2.1)\n"
                f"最終正常同期時刻: {sync}\nソース: {source}\nポーリング間隔: 10 (1024s)\n")
    sync = date or (local_en(last_sync) if last_sync else "unspecified")
    leap_s = "0(no warning)" if leap == 0 else "3(not synchronized)"
    return (f"Leap Indicator: {leap_s}\nStratum: 3 (secondary reference - syncd by (S)NTP)\n"
            f"Precision: -23 (119.209ns per tick)\nRoot Delay: 0.0131681s\n"
            f"Root Dispersion: 7.7795437s\nReferenceId: 0xC0000201 (source IP:  192.0.2.1)\n"
            f"Last Successful Sync Time: {sync}\nSource: {source}\nPoll Interval: 10 (1024s)\n")


def local_fmt(t, fmt):
    """A local (JST) time in a short date format: "dmy/", "dmy.", "ymd-"."""
    g = time.gmtime(t + JST)
    d, m, y = "%02d" % g.tm_mday, "%02d" % g.tm_mon, "%d" % g.tm_year
    order = {"dmy": (d, m, y), "ymd": (y, m, d), "mdy": (m, d, y)}[fmt[:3]]
    return fmt[3].join(order) + " %02d:%02d:%02d" % (g.tm_hour, g.tm_min, g.tm_sec)


def w32tm_config(lang, server="ntp.base.oqs-pdl.org,0x8", type_="NTP"):
    """A domain member (type_="NT5DS") prints no NtpServer line (SOURCES.md)."""
    loc = "(ローカル)" if lang == "ja" else "(Local)"
    head = "[構成]" if lang == "ja" else "[Configuration]"
    prov = "[タイム プロバイダー]" if lang == "ja" else "[TimeProviders]"
    return f"""{head}

EventLogFlags: 2 {loc}
AnnounceFlags: 10 {loc}
TimeJumpAuditOffset: 28800 {loc}
MinPollInterval: 6 {loc}
MaxPollInterval: 10 {loc}
MaxNegPhaseCorrection: 172800 {loc}
MaxPosPhaseCorrection: 172800 {loc}
MaxAllowedPhaseOffset: 300 {loc}

FrequencyCorrectRate: 4 {loc}
PollAdjustFactor: 5 {loc}
LargePhaseOffset: 50000000 {loc}
SpikeWatchPeriod: 900 {loc}
LocalClockDispersion: 10 {loc}
HoldPeriod: 5 {loc}
PhaseCorrectRate: 1 {loc}
UpdateInterval: 100 {loc}

{prov}

NtpClient {loc}
DllName: C:\\Windows\\system32\\w32time.dll {loc}
Enabled: 1 {loc}
InputProvider: 1 {loc}
CrossSiteSyncFlags: 2 {loc}
AllowNonstandardModeCombinations: 1 {loc}
ResolvePeerBackoffMinutes: 15 {loc}
ResolvePeerBackoffMaxTimes: 7 {loc}
CompatibilityFlags: 2147483648 {loc}
EventLogFlags: 1 {loc}
LargeSampleSkew: 3 {loc}
SpecialPollInterval: 3600 {loc}
Type: {type_} {loc}
{"NtpServer: " + server + " " + loc + chr(10) if server else ""}
NtpServer {loc}
DllName: C:\\Windows\\system32\\w32time.dll {loc}
Enabled: 0 {loc}
InputProvider: 0 {loc}
"""


def net_user(lang, name="OqsComApp", found=True, groups=("Administrators", "Users"),
             global_groups=None):
    """`net user NAME`. Japanese labels as in the captures named in
    tests/fixtures/snapshots/SOURCES.md (所属しているローカル グループ,
    パスワード有効期間, one group a line); English as Windows Server 2019/2022
    print it (two groups a line). groups=() prints the label alone, as for a
    domain account in no local group."""
    if not found:
        if lang == "ja":
            return "ユーザー名が見つかりません。\n\nNET HELPMSG 2221 と入力すると、より詳しい説明が得られます。\n\n"
        return "The user name could not be found.\n\nMore help is available by typing NET HELPMSG 2221.\n\n"
    if lang == "ja":
        pad = " " * 37
        g = ("\n" + pad).join("*" + x for x in groups)
        gg = "".join("*" + x for x in (global_groups or ("なし",)))
        return f"""ユーザー名                           {name}
フル ネーム                          {name}
コメント
ユーザーのコメント
国/地域番号                          000 (システム既定)
アカウント有効                       Yes
アカウントの期限                     無期限

最終パスワード変更日時               {local_ja(T0 - 20 * 86400)}
パスワード有効期間                   無期限
パスワード次回変更可能日時           {local_ja(T0 - 20 * 86400)}
パスワードあり                       Yes
ユーザーによるパスワード変更可能     Yes

ログオン可能なワークステーション     すべて
ログオン スクリプト
ユーザー プロファイル
ホーム ディレクトリ
最終ログオン日時                     {local_ja(COLLECTED - 5 * 3600)}

ログオン可能時間                     すべて

{("所属しているローカル グループ        " + g).rstrip()}
所属しているグローバル グループ      {gg}
コマンドは正常に終了しました。

"""
    g = "".join("*%-21s" % x for x in groups).rstrip()
    gg = "".join("*%-21s" % x for x in (global_groups or ("None",))).rstrip()
    return f"""User name                    {name}
Full Name                    {name}
Comment
User's comment
Country/region code          000 (System Default)
Account active               Yes
Account expires              Never

Password last set            {local_en(T0 - 20 * 86400)}
Password expires             Never
Password changeable          {local_en(T0 - 20 * 86400)}
Password required            Yes
User may change password     Yes

Workstations allowed         All
Logon script
User profile
Home directory
Last logon                   {local_en(COLLECTED - 5 * 3600)}

Logon hours allowed          All

{("Local Group Memberships      " + g).rstrip()}
Global Group memberships     {gg}
The command completed successfully.

"""


def net_localgroup(lang, members=("Administrator", "OqsComApp")):
    body = "".join(m + "\n" for m in members)
    if lang == "ja":
        return ("エイリアス名     Administrators\nコメント         コンピューター/ドメインに完全なアクセス権があります。\n\n"
                "メンバー\n\n" + "-" * 79 + "\n" + body + "コマンドは正常に終了しました。\n\n")
    return ("Alias name     Administrators\nComment        Administrators have complete and unrestricted "
            "access to the computer/domain\n\nMembers\n\n" + "-" * 79 + "\n" + body +
            "The command completed successfully.\n\n")


def net_share(lang, shares=(("req", "C:\\OQS\\req"), ("res", "C:\\OQS\\res"))):
    if lang == "ja":
        # Japanese Windows prints the remarks of the default shares in English.
        head, rows, done = "共有名       リソース                            注釈", [
            ("C$", "C:\\", "Default share"), ("IPC$", "", "Remote IPC"), ("ADMIN$", "C:\\Windows", "Remote Admin")], \
            "コマンドは正常に終了しました。"
    else:
        head, rows, done = "Share name   Resource                        Remark", [
            ("C$", "C:\\", "Default share"), ("IPC$", "", "Remote IPC"), ("ADMIN$", "C:\\Windows", "Remote Admin")], \
            "The command completed successfully."
    rows += [(n, p, "") for n, p in shares]
    s = "\n" + head + "\n\n" + "-" * 79 + "\n"
    for n, p, r in rows:
        s += ("%-12s %-31s %s" % (n, p, r)).rstrip() + "\n"
    return s + done + "\n\n"


def smb_access(entries):
    """Get-SmbShareAccess | Format-List: (share, account, Allow|Deny, right).
    Property names and values print in English on every Windows (SOURCES.md)."""
    s = "\n"
    for share, account, kind, right in entries:
        s += (f"\nName              : {share}\nScopeName         : *\nAccountName       : {account}\n"
              f"AccessControlType : {kind}\nAccessRight       : {right}\n")
    return s + "\n\n"


# 3-02: the sharing wizard's 読み取り/書き込み for receiptcom. The Japanese
# server's shares were made with the wizard (Everyone at the share level,
# the account in the folder's ACL), the English one's by Advanced Sharing.
SMB_JA = [(n, a, "Allow", "Full") for n in ("req", "res") for a in ("Everyone", "BUILTIN\\Administrators")]
SMB_EN = [(n, a, "Allow", r) for n in ("req", "res")
          for a, r in (("BUILTIN\\Administrators", "Full"), ("OQS-SV02\\receiptcom", "Change"))]


def cmdkey(lang, creds):
    if lang == "ja":
        s = "\n現在保存されている資格情報:\n\n"
        if not creds:
            return s + "* なし *\n"
        for t, u in creds:
            s += (f"    ターゲット: LegacyGeneric:target={t}\n    種類: 汎用 \n    ユーザー: {u}\n"
                  "    ローカル コンピューターの常設\n    \n")
        return s
    s = "\nCurrently stored credentials:\n\n"
    if not creds:
        return s + "* NONE *\n"
    for t, u in creds:
        s += (f"    Target: LegacyGeneric:target={t}\n    Type: Generic \n    User: {u}\n"
              "    Local machine persistence\n    \n")
    return s


# The delivery app's installer puts the management tool's shortcut on the
# desktop (manual 8-01 step 4, its name verbatim). The program's file name is
# not public (research §7): the target here is the install folder's
# OQSDistroApp.exe, and the check goes by the name or the folder.
TOOL_LNK = ("オンライン資格確認配信アプリケーション管理ツール.lnk\t"
            "C:\\Program Files\\OQS\\OQSDistroApp\\OQSDistroApp.exe\n")

CREDS = [("OQS_LOGIN_KEY", "R0123456789"), ("OQS_MEDICAL_INSTITUTION_CODE", "OQS_Admin"),
         ("OQS_CRYPT_PASS", "OQS_Admin"), ("OQS_NAS_LOGIN_KEY", "receiptcom")]


def battery(status):
    if status is None:
        return ""
    return f"""

Caption                     : Internal Battery
Description                 : Internal Battery
Name                        : UPS-BATTERY
Status                      : OK
Availability                : 2
BatteryStatus               : {status}
Chemistry                   : 6
DeviceID                    : 1234ABCD
EstimatedChargeRemaining    : 100
EstimatedRunTime            : 71582788



"""


def installed(comapp="4.1.2", distro="2.1.3"):
    k = "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\"
    s = ""
    if comapp:
        s += reg(k + "{5D2F8E0A-4B1C-4E6A-9C0D-1A2B3C4D5E01}",
                 [("DisplayName", "REG_SZ", "OQSComApp"), ("DisplayVersion", "REG_SZ", comapp),
                  ("InstallLocation", "REG_SZ", "C:\\Program Files\\OQS\\OQSComApp\\")])
    if distro:
        s += reg(k + "{5D2F8E0A-4B1C-4E6A-9C0D-1A2B3C4D5E02}",
                 [("DisplayName", "REG_SZ", "OQSDistroApp"), ("DisplayVersion", "REG_SZ", distro),
                  ("InstallLocation", "REG_SZ", "C:\\Program Files\\OQS\\OQSDistroApp\\")])
    return s


TRIGGERS = {
    "OQS_exec_distroappstart": "    <BootTrigger>\n      <Enabled>true</Enabled>\n      <Delay>PT1M</Delay>\n    </BootTrigger>\n",
    "OQS_exec_distroappstop_periodic": ("    <CalendarTrigger>\n      <StartBoundary>2026-11-02T03:00:00</StartBoundary>\n"
                                        "      <Enabled>true</Enabled>\n      <ScheduleByDay>\n        <DaysInterval>1</DaysInterval>\n"
                                        "      </ScheduleByDay>\n    </CalendarTrigger>\n"),
    "OQS_exec_comappdelfile_periodic": ("    <TimeTrigger>\n      <Repetition>\n        <Interval>PT1H</Interval>\n"
                                        "        <StopAtDurationEnd>false</StopAtDurationEnd>\n      </Repetition>\n"
                                        "      <StartBoundary>2026-11-02T00:00:00</StartBoundary>\n      <Enabled>true</Enabled>\n"
                                        "    </TimeTrigger>\n"),
    "OQS_exec_comappdelfile_running": "    <BootTrigger>\n      <Enabled>true</Enabled>\n      <Delay>PT30S</Delay>\n    </BootTrigger>\n",
    "OQS_exec_comappstart": "    <BootTrigger>\n      <Enabled>true</Enabled>\n      <Delay>PT1M</Delay>\n    </BootTrigger>\n",
}
EXE = {"distroappstart": "OQSDistroApp\\OQSDistroApp.exe", "distroappstop_periodic": "OQSDistroApp\\tools\\OQSDistroAppRestart.bat",
       "comappdelfile_periodic": "OQSComApp\\OQSComAppDelFile.exe", "comappdelfile_running": "OQSComApp\\OQSComAppDelFile.exe",
       "comappstart": "OQSComApp\\OQSComApp.exe"}


def task_xml(task, host, user=SID, enabled=True, triggers=None):
    trig = TRIGGERS[task] if triggers is None else triggers
    exe = EXE[task[len("OQS_exec_"):]]
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Date>2026-11-02T10:30:00</Date>
    <Author>{host}\\OqsComApp</Author>
    <URI>\\{task}</URI>
  </RegistrationInfo>
  <Triggers>
{trig}  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>{user}</UserId>
      <LogonType>Password</LogonType>
      <RunLevel>HighestAvailable</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>false</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>true</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>{"true" if enabled else "false"}</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <WakeToRun>false</WakeToRun>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <Priority>7</Priority>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>"C:\\Program Files\\OQS\\{exe}"</Command>
    </Exec>
  </Actions>
</Task>
"""


HEAD = {
    "ja": ["ホスト名", "タスク名", "次回の実行時刻", "状態", "ログオン モード", "前回の実行時刻", "前回の結果", "作成者",
           "実行するタスク", "開始", "コメント", "スケジュールされたタスクの状態", "アイドル時間", "電源管理",
           "ユーザーとして実行", "再度スケジュールされない場合はタスクを削除する", "タスクを停止するまでの時間", "スケジュール",
           "スケジュールの種類", "開始時刻", "開始日", "終了日", "日", "月", "繰り返し: 間隔", "繰り返し: 終了時刻",
           "繰り返し: 期間", "繰り返し: 実行中の場合は停止"],
    "en": ["HostName", "TaskName", "Next Run Time", "Status", "Logon Mode", "Last Run Time", "Last Result", "Author",
           "Task To Run", "Start In", "Comment", "Scheduled Task State", "Idle Time", "Power Management",
           "Run As User", "Delete Task If Not Rescheduled", "Stop Task If Runs X Hours and X Mins", "Schedule",
           "Schedule Type", "Start Time", "Start Date", "End Date", "Days", "Months", "Repeat: Every",
           "Repeat: Until: Time", "Repeat: Until: Duration", "Repeat: Stop If Still Running"],
}
WORDS = {
    "ja": {"ready": "準備完了", "running": "実行中", "disabled": "無効", "enabled": "有効", "na": "N/A",
           "logon": "対話型/バックグラウンド", "boot": "システム起動時", "daily": "毎日", "comment": "配信アプリ, 自動起動"},
    "en": {"ready": "Ready", "running": "Running", "disabled": "Disabled", "enabled": "Enabled", "na": "N/A",
           "logon": "Interactive/Background", "boot": "At system start up", "daily": "Daily",
           "comment": "Delivery app, start"},
}


def csv_row(fields):
    return ",".join('"' + f.replace('"', '""') + '"' for f in fields) + "\n"


def schtasks(lang, host, rows=None):
    """rows: task -> dict(status, result, state, runas); None drops the task."""
    w = WORDS[lang]
    fmt = local_ja if lang == "ja" else local_en
    rows = rows or {}
    s = "\n" + csv_row(HEAD[lang])
    for task in TASKS:
        r = {"status": "running" if task == "OQS_exec_comappstart" else "ready",
             "result": "267009" if task == "OQS_exec_comappstart" else "0",
             "state": "enabled", "runas": "OqsComApp"}
        if task in rows:
            if rows[task] is None:
                continue
            r.update(rows[task])
        exe = EXE[task[len("OQS_exec_"):]]
        trig = w["daily"] if "periodic" in task else w["boot"]
        nrows = 2 if task == "OQS_exec_comappdelfile_periodic" else 1
        for _ in range(nrows):
            s += csv_row([host, "\\" + task, w["na"], w.get(r["status"], r["status"]), w["logon"],
                          fmt(COLLECTED - 3600), r["result"], host + "\\OqsComApp",
                          '"C:\\Program Files\\OQS\\' + exe + '" ', "N/A", w["comment"],
                          w.get(r["state"], r["state"]), "Disabled" if lang == "en" else "無効",
                          "", r["runas"], "Disabled" if lang == "en" else "無効", "72:00:00", "", trig,
                          "N/A", "N/A", "N/A", "N/A", "N/A", "Disabled" if lang == "en" else "無効",
                          "Disabled" if lang == "en" else "無効", "Disabled" if lang == "en" else "無効",
                          "Disabled" if lang == "en" else "無効"])
    # Windows repeats the header before each folder.
    s += "\n" + csv_row(HEAD[lang])
    s += csv_row([host, "\\Microsoft\\Windows\\Defrag\\ScheduledDefrag", w["na"], w["ready"], w["logon"],
                  fmt(COLLECTED - 7 * 86400), "0", "Microsoft Corporation", "%windir%\\system32\\defrag.exe -c -h -o -$",
                  "N/A", "", w["enabled"], "", "", "SYSTEM", "", "72:00:00", "", w["daily"], "N/A", "N/A", "N/A",
                  "N/A", "N/A", "", "", "", ""])
    return s


def delivery_record(mic="1312345678", tid="OQS-SV01"):
    return (f"[Information]\nMedicalInstitutionCode={mic}\nTerminalID={tid}\n\n[Version]\n"
            "連携アプリケーション=4.1.2\n配信アプリケーション=2.1.3\n")


def icacls(lang, folders, share_perm="(OI)(CI)(M)", groups=True, missing=(), first=None):
    """first: an entry printed before the usual ones, such as
    "NT AUTHORITY\\SYSTEM:(OI)(CI)(F)" (an account with a blank, SOURCES.md)."""
    done = ("1 個のファイルが正常に処理されました。0 個のファイルを処理できませんでした\n" if lang == "ja"
            else "Successfully processed 1 files; Failed processing 0 files\n")
    s = ""
    for f in folders:
        if f in missing:
            s += (f"{f}: 指定されたファイルが見つかりません。\n" if lang == "ja"
                  else f"{f}: The system cannot find the file specified.\n")
            s += ("0 個のファイルが正常に処理されました。1 個のファイルを処理できませんでした\n" if lang == "ja"
                  else "Successfully processed 0 files; Failed processing 1 files\n")
            continue
        pad = " " * (len(f) + 1)
        aces = ["BUILTIN\\Administrators:(I)(OI)(CI)(F)", "NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(F)",
                "BUILTIN\\Users:(I)(OI)(CI)(RX)"]
        if groups:
            aces += ["NT AUTHORITY\\Authenticated Users:(I)(M)",
                     "NT AUTHORITY\\Authenticated Users:(I)(OI)(CI)(IO)(M)"]
        aces.append("OQS-SV01\\receiptcom:" + share_perm)
        if first:
            aces.insert(0, first)
        s += f + " " + aces[0] + "\n" + "".join(pad + a + "\n" for a in aces[1:]) + "\n" + done
    return s


def local_json(host, code_ok=True):
    f = [
        {"id": "creds.login_key", "area": "creds", "status": "ok",
         "summary": "OQS_LOGIN_KEY is stored for an R0/R1 account", "summary_ja": "OQS_LOGIN_KEY は R0/R1 のアカウントで登録されている",
         "evidence": {"target": "OQS_LOGIN_KEY"}, "source": "probes/local.json"},
        {"id": "creds.institution_code", "area": "creds", "status": "ok" if code_ok else "fail",
         "summary": "OQS_MEDICAL_INSTITUTION_CODE is stored (10 digits)" if code_ok else "OQS_MEDICAL_INSTITUTION_CODE is not 10 digits",
         "summary_ja": "OQS_MEDICAL_INSTITUTION_CODE は数字10桁" if code_ok else "OQS_MEDICAL_INSTITUTION_CODE が数字10桁でない",
         "evidence": {"target": "OQS_MEDICAL_INSTITUTION_CODE", "length": 10 if code_ok else 9},
         "source": "probes/local.json"},
        {"id": "creds.crypt_pass", "area": "creds", "status": "ok",
         "summary": "OQS_CRYPT_PASS is 1-12 ASCII letters/digits", "summary_ja": "OQS_CRYPT_PASS は半角英数字12桁以内",
         "evidence": {"target": "OQS_CRYPT_PASS"}, "source": "probes/local.json"},
    ]
    n = {"ok": 0, "warn": 0, "fail": 0, "unknown": 0, "skip": 0}
    for x in f:
        n[x["status"]] += 1
    doc = {"format": 1, "tool": {"name": "oqsdiag", "version": "0.1.0"}, "source": "live", "host": host,
           "started": utc(COLLECTED - 60), "elapsed_ms": 40, "findings": f, "kb": [], "summary": n}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- snapshots

def netconf(name):
    with open(os.path.join(ROOT, "tests", "fixtures", "netconf", name), "rb") as f:
        return f.read()


def healthy(lang, certs):
    ja = lang == "ja"
    host = "OQS-SV01" if ja else "OQS-SV02"
    con = cp932 if ja else cp437
    files = {
        "system/os.txt": con(systeminfo(lang, host, "Microsoft Windows Server 2022 Standard" if ja
                                        else "Microsoft Windows Server 2019 Standard")),
        # EN: captured through PowerShell redirection, so UTF-16LE with BOM.
        "system/winhttp_proxy.txt": con(winhttp(lang)) if ja else utf16(winhttp(lang)),
        "system/user_proxy.txt": con(user_proxy()),
        "system/w32tm_status.txt": con(w32tm_status(lang)),
        "system/w32tm_config.txt": con(w32tm_config(lang)),
        "system/net_user_OqsComApp.txt": con(net_user(lang)),
        "system/net_localgroup_administrators.txt": con(net_localgroup(lang)),
        "system/net_share.txt": con(net_share(lang)),
        "system/cmdkey_list.txt": con(cmdkey(lang, CREDS)),
        "system/smb_share_access.txt": con(smb_access(SMB_JA if ja else SMB_EN)),
        # ipconfig /all and the hosts file: the published captures of
        # tests/fixtures/netconf (README there), bytes as they are.
        "system/ipconfig.txt": netconf("ipconfig-ja.txt" if ja else "ipconfig-en.txt"),
        "system/hosts.txt": netconf("hosts-default.txt"),
        "system/edge_version.txt": con(reg("HKEY_CURRENT_USER\\Software\\Microsoft\\Edge\\BLBeacon",
                                           [("version", "REG_SZ", "131.0.2903.70")])),
        "system/dotnet.txt": con(reg("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full",
                                     [("Release", "REG_DWORD", "0x82348")])),
        "system/display.txt": con(reg("HKEY_CURRENT_USER\\Control Panel\\Desktop\\WindowMetrics",
                                      [("AppliedDPI", "REG_DWORD", "0x60")])),
        # PowerShell redirection: UTF-16LE with BOM; no battery prints nothing.
        "system/power.txt": utf16(battery(None if ja else 2)),
        "apps/installed.txt": con(installed()),
        "apps/version/OQSComApp.info": utf8bom("OQSComApp\nVersion=4.1.2.0\n"),
        "apps/version/OQSDistroApp.info": utf8bom("OQSDistroApp\nVersion=2.1.3.0\n"),
        # No OQS-Auth: the manual sets face authentication up on a separate
        # 資格確認端末 (作業の流れ 注意); scenario face-auth-installed has it.
        "tasks/schtasks.csv": con(schtasks(lang, host)),
        "certs/user-my/client.cer": certs.der(certs.client("client", host + " 1312345678", 365)),
        "certs/root/OnlineBillingNWCommonRootCA.cer": certs.der("root"),
        "distroapp/delivery-record.txt": cp932(delivery_record(tid=host)),
        # ① 配信拠点起点: the manual changes the delivery server only for ②/③.
        "distroapp/settings.txt": cp932("[Settings]\nConnectionTarget=配信拠点\nExtendedPath=\n"),
        "logs/comapp/OQSComApp.log": cp932(f"{local_ja(COLLECTED - 600)} [INFO] 連携アプリケーションを起動しました\n"
                                           f"{local_ja(COLLECTED - 300)} [INFO] 資格確認要求を処理しました\n"),
        "logs/distroapp/OQSDistroApp.log": cp932(f"{local_ja(COLLECTED - 900)} [INFO] 配信サーバーへの接続: 接続成功\n"),
        "oqs/folders.tsv": utf8(f"req\tOQSsiquc01req_20261124095900.xml\t1024\t{utc(COLLECTED - 120)}\n"
                                f"res\tOQSsiquc01res_20261124095900.xml\t4096\t{utc(COLLECTED - 100)}\n"
                                f"res\tarchive/\t\t{utc(COLLECTED - 30 * 86400)}\n"),
        "oqs/acl.txt": con(icacls(lang, ["C:\\OQS\\req", "C:\\OQS\\res"])),
        "oqs/shortcut.tsv": utf8(("資格確認.url\thttps://hweb.oqs.onshikaku.org/web/\n" if ja else
                                  "OQS.url\thttps://hweb.oqs.onshikaku.org/web/\n") + TOOL_LNK),
        "oqs/results.tsv": utf8(f"OQSsiquc01res_20261124095900.xml\t{utc(COLLECTED - 100)}\t1\t\t\t1\t\n"),
        "comapp/config/UserDefinition.property": cp932("ResponseFileStayTime=1440\n"),
        "comapp/config/encrypt.conf": cp932("OQSsiquc01=n\nEPSsiquc01=n\n"),
        "probes/local.json": utf8(local_json(host)),
    }
    for t in TASKS:
        x = task_xml(t, host, user=SID if ja else host + "\\OqsComApp")
        # The EN copy of one task was re-saved as UTF-8 while its declaration
        # still says UTF-16 (snapshot-layout.md: never trust the declaration).
        files[f"tasks/{t}.xml"] = utf8(crlf(x)) if (not ja and t == "OQS_exec_comappstart") else utf16(x)
    if not ja:
        # Base-64 (PEM) export of the client certificate.
        files["certs/user-my/client.cer"] = certs.pem(certs.client("client", host + " 1312345678", 365))
    return host, files


def manifest(host, lang, files, fmt=1, drop_from_listing=(), extra_listed=(), user="OqsComApp",
             elevated=True):
    listed = []
    for p in sorted(files):
        if p in drop_from_listing:
            continue
        listed.append({"path": p, "size": len(files[p]), "sha256": hashlib.sha256(files[p]).hexdigest()})
    for p in extra_listed:
        listed.append({"path": p, "size": 10, "sha256": "0" * 64})
    doc = {"tool": {"name": "oqsdiag", "version": "0.1.0"}, "format": fmt, "host": host,
           "collected": utc(COLLECTED), "locale": "ja;日本語" if lang == "ja" else "en-us;English (United States)",
           "collected_by": {"user": user, "elevated": elevated},
           "files": listed, "redactions": []}
    return utf8(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def write(name, host, lang, files, man=None, no_manifest=False):
    if ONLY is not None and name not in ONLY:
        return
    d = os.path.join(OUT, name)
    if os.path.exists(d):
        shutil.rmtree(d)
    for p, data in files.items():
        if data is None:
            continue
        fp = os.path.join(d, p)
        os.makedirs(os.path.dirname(fp), exist_ok=True)
        with open(fp, "wb") as f:
            f.write(data)
    os.makedirs(d, exist_ok=True)
    if no_manifest:
        return
    with open(os.path.join(d, "manifest.json"), "wb") as f:
        f.write(man if man is not None else manifest(host, lang, {k: v for k, v in files.items() if v is not None}))


# Scenario builders: each returns a function that changes a healthy
# snapshot's files in place.
def put(path, data):
    return lambda f: f.__setitem__(path, data)


def both(*fns):
    def run(f):
        for fn in fns:
            fn(f)
    return run


def drop(*paths):
    def run(f):
        for p in paths:
            f[p] = None
    return run


def scenarios(certs):
    """name -> function(files) that breaks a healthy Japanese snapshot."""
    ja = "ja"
    host = "OQS-SV01"

    def csv(rows):
        return lambda f: f.__setitem__("tasks/schtasks.csv", cp932(schtasks(ja, host, rows)))

    def task(t, **kw):
        return lambda f: f.__setitem__(f"tasks/{t}.xml", utf16(task_xml(t, host, **kw)))


    old = utc(COLLECTED - 3 * 86400)
    return {
        "account-missing": put("system/net_user_OqsComApp.txt", cp932(net_user(ja, found=False))),
        "account-case": put("system/net_user_OqsComApp.txt", cp932(net_user(ja, name="oqscomapp"))),
        "account-not-admin": both(
            put("system/net_localgroup_administrators.txt", cp932(net_localgroup(ja, ("Administrator",)))),
            put("system/net_user_OqsComApp.txt", cp932(net_user(ja, groups=("Users",))))),
        # No Administrators listing: the user's own group line decides (issue 19).
        "account-groups-only": drop("system/net_localgroup_administrators.txt"),
        "account-no-groups": both(drop("system/net_localgroup_administrators.txt"),
                                  put("system/net_user_OqsComApp.txt",
                                      cp932(net_user(ja, groups=(), global_groups=("Domain Users",))))),
        "account-other-user": put("system/net_user_OqsComApp.txt", cp932(net_user(ja, name="Administrator"))),
        "task-missing": both(csv({"OQS_exec_comappstart": None}), drop("tasks/OQS_exec_comappstart.xml")),
        "task-disabled": both(csv({"OQS_exec_distroappstart": {"status": "disabled", "state": "disabled"}}),
                              task("OQS_exec_distroappstart", enabled=False)),
        "task-no-trigger": task("OQS_exec_comappdelfile_periodic", triggers=""),
        "task-runas": both(csv({"OQS_exec_comappstart": {"runas": "Administrator"}}),
                           task("OQS_exec_comappstart", user="S-1-5-18")),
        "task-result-fail": csv({"OQS_exec_distroappstart": {"result": "-2147024894"}}),
        "task-not-yet-run": csv({"OQS_exec_comappdelfile_running": {"result": "267011"}}),
        "creds-missing": put("system/cmdkey_list.txt", cp932(cmdkey(ja, CREDS[1:]))),
        "creds-login-user": put("system/cmdkey_list.txt",
                                cp932(cmdkey(ja, [("OQS_LOGIN_KEY", "admin")] + CREDS[1:]))),
        "creds-code-invalid": put("probes/local.json", utf8(local_json(host, code_ok=False))),
        # 9-03's table: ユーザ名 OQS_Admin; here the account's name was typed.
        "creds-admin-user": put("system/cmdkey_list.txt", cp932(cmdkey(ja, [
            CREDS[0], ("OQS_MEDICAL_INSTITUTION_CODE", "OqsComApp"), CREDS[2], CREDS[3]]))),
        "proxy-not-imported": put("system/winhttp_proxy.txt", cp932(winhttp(ja, server=None))),
        "proxy-bypass-missing": put("system/winhttp_proxy.txt", cp932(winhttp(
            ja, bypass="*.onshikaku.org;*.flets-east.jp;*.flets-west.jp;*.lineauth.mnw;*.rece;pweb.base.oqs-pdl.org"))),
        "proxy-wrong-server": put("system/winhttp_proxy.txt", cp932(winhttp(ja, server="proxy.example.jp:3128"))),
        "time-cmos": put("system/w32tm_status.txt", cp932(w32tm_status(ja, source="Local CMOS Clock", leap=3, last_sync=0))),
        "time-stale": put("system/w32tm_status.txt", cp932(w32tm_status(ja, last_sync=COLLECTED - 3 * 86400))),
        "time-config": put("system/w32tm_config.txt", cp932(w32tm_config(ja, server="time.windows.com,0x9"))),
        # issue 19: W32Time stopped, a domain member, the user's own date format
        "time-service-stopped": both(put("system/w32tm_status.txt", cp932(w32tm_error(ja))),
                                     put("system/w32tm_config.txt", cp932(w32tm_error(ja)))),
        "time-domain": put("system/w32tm_config.txt", cp932(w32tm_config(ja, server=None, type_="NT5DS"))),
        "time-date-iso": put("system/w32tm_status.txt",
                             cp932(w32tm_status(ja, date=local_fmt(COLLECTED - 2 * 3600, "ymd-")))),
        "cert-missing": both(drop("certs/user-my/client.cer"),
                             put("certs/user-my/other.cer", certs.der(certs.client("otherclient", "someone", 365, "other")))),
        "cert-expired": put("certs/user-my/client.cer", certs.der(certs.client("short", host + " 1312345678", 1))),
        "cert-expiring": put("certs/user-my/client.cer", certs.der(certs.client("soon", host + " 1312345678", 20))),
        "cert-multiple": put("certs/user-my/client2.cer", certs.der(certs.client("second", "OQS-SV09 1312345678", 365))),
        "cert-root-missing": drop("certs/root/OnlineBillingNWCommonRootCA.cer"),
        "distroapp-record-empty": put("distroapp/delivery-record.txt", cp932(delivery_record(mic="", tid=""))),
        # 8-03: TerminalID = コンピュータ名; this record names another server.
        "distroapp-terminal-other": put("distroapp/delivery-record.txt", cp932(delivery_record(tid="OQS-SV09"))),
        "versions-old": both(put("apps/version/OQSComApp.info", utf8bom("OQSComApp\nVersion=4.0.3.0\n")),
                             put("apps/installed.txt", cp932(installed(comapp="4.0.3")))),
        "distroapp-missing": both(drop("apps/version/OQSDistroApp.info"),
                                  put("apps/installed.txt", cp932(installed(distro=None)))),
        "system-os": put("system/os.txt", cp932(systeminfo(ja, host, "Microsoft Windows Server 2016 Standard"))),
        "system-edge-missing": put("system/edge_version.txt", cp932(reg_missing(ja))),
        "system-dotnet-missing": put("system/dotnet.txt", cp932(reg_missing(ja))),
        "system-display": put("system/display.txt", cp932(reg("HKEY_CURRENT_USER\\Control Panel\\Desktop\\WindowMetrics",
                                                              [("AppliedDPI", "REG_DWORD", "0x78")]))),
        "system-battery": put("system/power.txt", utf16(battery(1))),
        "folders-missing": both(put("oqs/folders.tsv", utf8(f"req\tOQSsiquc01req_1.xml\t1024\t{utc(COLLECTED - 120)}\n")),
                                put("oqs/acl.txt", cp932(icacls(ja, ["C:\\OQS\\req", "C:\\OQS\\res"], missing=("C:\\OQS\\res",))))),
        "folders-not-shared": put("system/net_share.txt", cp932(net_share(ja, shares=()))),
        # 3-02: receiptcom given 読み取り only at the share of res (and no Everyone).
        "folders-share-read-only": put("system/smb_share_access.txt", cp932(smb_access(
            SMB_JA[:2] + [("res", "BUILTIN\\Administrators", "Allow", "Full"),
                          ("res", "OQS-SV01\\receiptcom", "Allow", "Read")]))),
        "folders-acl": put("oqs/acl.txt", cp932(icacls(ja, ["C:\\OQS\\req", "C:\\OQS\\res"], share_perm="(OI)(CI)(RX)",
                                                       groups=False))),
        # issue 19: the first entry's account holds a blank; a relative path not found
        "folders-acl-system-first": put("oqs/acl.txt", cp932(icacls(ja, ["C:\\OQS\\req", "C:\\OQS\\res"],
                                                                    first="NT AUTHORITY\\SYSTEM:(OI)(CI)(F)"))),
        "folders-acl-creator-owner": put("oqs/acl.txt", cp932(icacls(ja, ["C:\\OQS\\req", "C:\\OQS\\res"],
                                                                     share_perm="(OI)(CI)(RX)", groups=False,
                                                                     first="CREATOR OWNER:(OI)(CI)(IO)(F)"))),
        "folders-missing-relative": both(
            put("oqs/folders.tsv", utf8(f"req\tOQSsiquc01req_1.xml\t1024\t{utc(COLLECTED - 120)}\n")),
            put("oqs/acl.txt", cp932(icacls(ja, ["C:\\OQS\\req", "res"], missing=("res",))))),
        "folders-leftover": put("oqs/folders.tsv", utf8(f"res\tOQSsiquc01res_20261121100000.xml\t4096\t{old}\n"
                                                         f"res\tOQSsiquc01res_20261121100500.xml\t4096\t{old}\n"
                                                         f"req\tOQSsiquc01req_1.xml\t1024\t{utc(COLLECTED - 60)}\n")),
        "results-abnormal": put("oqs/results.tsv", utf8(
            f"OQSsiquc01res_20261124095900.xml\t{utc(COLLECTED - 100)}\t1\t\t\t1\t\n"
            f"OQSsiquc01res_20261124095950.xml\t{utc(COLLECTED - 50)}\t9\tEOQS0001\tシステムエラーが発生しました\t\t\n"
            f"OQSsiquc01res_20261124095955.xml\t{utc(COLLECTED - 45)}\tencrypted\t\t\t\t\n")),
        "shortcut-wrong-env": put("oqs/shortcut.tsv", utf8("資格確認.url\thttps://hweb.oqs-st.onshikaku.org/web/\n" + TOOL_LNK)),
        # 8-01 step 4: no shortcut of the delivery app's management tool.
        "distroapp-shortcut-missing": put("oqs/shortcut.tsv", utf8("資格確認.url\thttps://hweb.oqs.onshikaku.org/web/\n")),
        # 作業の流れ 注意: face authentication belongs on a separate 資格確認端末.
        "face-auth-installed": put("apps/version/OQS-Auth.info", utf8bom("OQS-Auth\nVersion=1.2.0.0\n")),
    }


def scenarios_en(certs):
    """A few failures on the English server: the English wording of each command."""
    en = "en"
    host = "OQS-SV02"


    return {
        "en-account-missing": put("system/net_user_OqsComApp.txt", cp437(net_user(en, found=False))),
        "en-account-no-groups": both(drop("system/net_localgroup_administrators.txt"),
                                     put("system/net_user_OqsComApp.txt",
                                         cp437(net_user(en, groups=(), global_groups=("Domain Users",))))),
        "en-creds-admin-user": put("system/cmdkey_list.txt", cp437(cmdkey(en, [
            CREDS[0], CREDS[1], ("OQS_CRYPT_PASS", "Administrator"), CREDS[3]]))),
        # A Deny entry for the share account takes the share away.
        "en-folders-share-deny": put("system/smb_share_access.txt", cp437(smb_access(
            SMB_EN + [("req", "OQS-SV02\\receiptcom", "Deny", "Change")]))),
        "en-proxy-not-imported": put("system/winhttp_proxy.txt", utf16(winhttp(en, server=None))),
        "en-time-cmos": put("system/w32tm_status.txt",
                            cp437(w32tm_status(en, source="Free-running System Clock", leap=3, last_sync=0))),
        "en-task-disabled": put("tasks/schtasks.csv", cp437(schtasks(en, host, {
            "OQS_exec_comappstart": {"status": "disabled", "state": "disabled"}}))),
        "en-edge-missing": put("system/edge_version.txt", cp437(reg_missing(en))),
        "en-folders-acl-system-first": put("oqs/acl.txt", cp437(icacls(en, ["C:\\OQS\\req", "C:\\OQS\\res"],
                                                                       first="NT SERVICE\\TrustedInstaller:(F)"))),
        "en-time-service-stopped": both(put("system/w32tm_status.txt", cp437(w32tm_error(en))),
                                        put("system/w32tm_config.txt", cp437(w32tm_error(en)))),
        "en-time-domain": put("system/w32tm_config.txt", cp437(w32tm_config(en, server=None, type_="NT5DS"))),
        # en-GB server: day first, 24 hours (SOURCES.md)
        "en-time-date-dmy": both(
            put("system/os.txt", cp437(systeminfo(en, host, "Microsoft Windows Server 2019 Standard",
                                                  locale="en-gb;English (United Kingdom)"))),
            put("system/w32tm_status.txt", cp437(w32tm_status(en, date=local_fmt(COLLECTED - 2 * 3600, "dmy/"))))),
        "en-time-date-dotted": both(
            put("system/os.txt", cp437(systeminfo(en, host, "Microsoft Windows Server 2019 Standard",
                                                  locale="de;German (Germany)"))),
            put("system/w32tm_status.txt", cp437(w32tm_status(en, date=local_fmt(COLLECTED - 2 * 3600, "dmy."))))),
        # No systeminfo to say the order, and both fields could be the month.
        "en-time-date-ambiguous": both(drop("system/os.txt"),
                                       put("system/w32tm_status.txt", cp437(w32tm_status(en, date="05/06/2023 20:21:27")))),
    }


# The three network configurations (manual 2 プロキシ 4, 8-01). ② and ③
# sites use the proxy and time server their carrier or clinic gave
# (example.jp names and documentation addresses, RFC 5737) and connect the
# delivery app to the cloud. Analysed with network.config=carrier|clinic
# and those values (tests/collectors/test_analyze.c).
CARRIER_PROXY = "proxy.example.jp:8080"
CARRIER_BYPASS = "*.onshikaku.org;*.lineauth.mnw;*.obn.managedpki.ne.jp;*.cybertrust.ne.jp;*.secomtrust.net;*.rece"
CLINIC_PROXY = "192.0.2.10:3128"


def network_configs(certs):
    ja = "ja"
    out = {}
    host, files = healthy(ja, certs)
    files.update({
        "system/winhttp_proxy.txt": cp932(winhttp(ja, server=CARRIER_PROXY, bypass=CARRIER_BYPASS)),
        "system/user_proxy.txt": cp932(user_proxy(server=CARRIER_PROXY, bypass=CARRIER_BYPASS)),
        "system/w32tm_status.txt": cp932(w32tm_status(ja, source="ntp.example.jp,0x8")),
        "system/w32tm_config.txt": cp932(w32tm_config(ja, server="ntp.example.jp,0x8")),
        "distroapp/settings.txt": cp932("[Settings]\nConnectionTarget=クラウド\nExtendedPath=\n"),
    })
    out["config-carrier"] = (host, files)
    host, files = healthy(ja, certs)
    # ③ without an alternative time server: the time setting was skipped,
    # so Windows keeps its default time source.
    files.update({
        "system/winhttp_proxy.txt": cp932(winhttp(ja, server=CLINIC_PROXY, bypass=CARRIER_BYPASS)),
        "system/user_proxy.txt": cp932(user_proxy(server=CLINIC_PROXY, bypass=CARRIER_BYPASS)),
        "system/w32tm_status.txt": cp932(w32tm_status(ja, source="time.windows.com,0x9")),
        "system/w32tm_config.txt": cp932(w32tm_config(ja, server="time.windows.com,0x9")),
        "distroapp/settings.txt": cp932("[Settings]\nConnectionTarget=クラウド\nExtendedPath=\n"),
    })
    out["config-clinic"] = (host, files)
    return out


# The same scenario with the changed console files as PowerShell
# redirection writes them (UTF-16LE with BOM): name-utf16.
UTF16_TWINS = {
    "account-groups-only": ["system/net_user_OqsComApp.txt"],
    "account-no-groups": ["system/net_user_OqsComApp.txt"],
    "en-account-no-groups": ["system/net_user_OqsComApp.txt"],
    "time-service-stopped": ["system/w32tm_status.txt", "system/w32tm_config.txt"],
    "en-time-service-stopped": ["system/w32tm_status.txt", "system/w32tm_config.txt"],
    "time-domain": ["system/w32tm_config.txt"],
    "en-time-domain": ["system/w32tm_config.txt"],
    "time-date-iso": ["system/w32tm_status.txt"],
    "en-time-date-dmy": ["system/w32tm_status.txt"],
    "time-cmos": ["system/w32tm_status.txt"],
    "folders-acl-system-first": ["oqs/acl.txt"],
    "folders-share-read-only": ["system/smb_share_access.txt"],
    "folders-acl-creator-owner": ["oqs/acl.txt"],
    "folders-missing-relative": ["oqs/acl.txt"],
    "en-folders-acl-system-first": ["oqs/acl.txt"],
}


def utf16_twin(lang, files, paths):
    twin = dict(files)
    for p in paths:
        twin[p] = utf16(files[p].decode("cp932" if lang == "ja" else "cp437"))
    return twin


def main():
    global COLLECTED
    certs = Certs()
    try:
        os.makedirs(OUT, exist_ok=True)
        for lang in ("ja", "en"):
            host, files = healthy(lang, certs)
            write("healthy-" + lang, host, lang, files)
        for lang, table in (("ja", scenarios(certs)), ("en", scenarios_en(certs))):
            for name, breaker in table.items():
                host, files = healthy(lang, certs)
                breaker(files)
                write(name, host, lang, files)
                if name in UTF16_TWINS:
                    write(name + "-utf16", host, lang, utf16_twin(lang, files, UTF16_TWINS[name]))
        # The manifest's own failures.
        host, files = healthy("ja", certs)
        changed = dict(files)
        write("manifest-hash", host, "ja", dict(files, **{"system/os.txt": files["system/os.txt"] + b"\r\n"}),
              manifest(host, "ja", changed))
        write("manifest-file-missing", host, "ja", files, manifest(host, "ja", files, extra_listed=("system/extra.txt",)))
        write("manifest-format", host, "ja", files, manifest(host, "ja", files, fmt=2))
        for name, (host, files) in network_configs(certs).items():
            write(name, host, "ja", files)
        # Collected by Administrator (elevated), not OqsComApp: the per-user
        # files describe Administrator (snapshot-layout.md collected_by).
        host, files = healthy("ja", certs)
        write("collected-admin", host, "ja", files, manifest(host, "ja", files, user="Administrator"))
        # Gathered by hand, without a manifest, 60 days before the fixture
        # was made: its times must come from inside it, never from the
        # analysing machine's clock. No certificates (they start today).
        saved = COLLECTED
        COLLECTED = saved - 60 * 86400
        host, files = healthy("ja", certs)
        COLLECTED = saved
        for p in list(files):
            if p.startswith("certs/") or p == "probes/local.json":
                files[p] = None
        write("no-manifest-old", host, "ja", files, no_manifest=True)
    finally:
        certs.close()


if __name__ == "__main__":
    main()
