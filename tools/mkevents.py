#!/usr/bin/env python3
"""Generates the event-log fixtures (events/<log>.xml, snapshot-layout.md):

- tests/fixtures/events/: single files for the parser, Japanese and English,
  in each encoding wevtutil output reaches a snapshot in (UTF-8 with and
  without BOM, UTF-16LE with and without BOM, CP932);
- events/ of the healthy snapshots (healthy-ja, healthy-en): sync successes
  (Time-Service 35/37) and successful task runs, nothing to judge;
- snapshot scenarios copied from a healthy one: events-faults-ja and
  events-faults-en (every fault the check knows, current), events-history
  (the same faults, each followed by the success it concerns), and
  events-history-off (the Task Scheduler log switched off).

Run after tools/mksnapshots.py (which rewrites the healthy snapshots):

    python3 tools/mkevents.py

The wording of every message and the shape of the XML come from published
captures; tests/fixtures/events/README.md names each source. Times are
relative to each snapshot's manifest collection time, so the fixtures do not
age.
"""
import calendar
import hashlib
import json
import os
import shutil
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SNAP = os.path.join(ROOT, "tests", "fixtures", "snapshots")
EVDIR = os.path.join(ROOT, "tests", "fixtures", "events")
NS = "http://schemas.microsoft.com/win/2004/08/events/event"
NTP = "ntp.base.oqs-pdl.org"
TASKS = ["OQS_exec_distroappstart", "OQS_exec_distroappstop_periodic",
         "OQS_exec_comappdelfile_periodic", "OQS_exec_comappdelfile_running",
         "OQS_exec_comappstart"]

PROV = {
    "time": ("Microsoft-Windows-Time-Service", "{06EDCFEB-0FD0-4E53-ACCA-A6F8BBF81BCB}", None),
    "scm": ("Service Control Manager", "{555908d1-a6d7-4695-8e1e-26931d2012f4}", "Service Control Manager"),
    "dns": ("Microsoft-Windows-DNS-Client", "{1C95126E-7EEA-49A9-A3FE-A378B03DDB4D}", None),
    "schannel": ("Schannel", "{1F678132-5938-4686-9FDC-C8FF68F15C85}", None),
    "wu": ("Microsoft-Windows-WindowsUpdateClient", "{945A8954-C147-4ACD-923F-40C45405A658}", None),
    "apperr": ("Application Error", None, None),
    "apphang": ("Application Hang", None, None),
    "dotnet": (".NET Runtime", None, None),
    "tasks": ("Microsoft-Windows-TaskScheduler", "{de7b24ea-73c8-4a09-985d-5bdadcfa9017}", None),
}
LEVEL = {"ja": {2: "エラー", 3: "警告", 4: "情報"}, "en": {2: "Error", 3: "Warning", 4: "Information"}}
CHANNEL = {"System": {"ja": "システム", "en": "System"},
           "Application": {"ja": "Application", "en": "Application"},
           "Microsoft-Windows-TaskScheduler/Operational": {"ja": "Operational", "en": "Operational"}}


def esc(s):
    """Text as wevtutil escapes it; attribute values are quoted with '."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_attr(s):
    return esc(s).replace("'", "&apos;")


def utc(t, frac="1234567"):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + "." + frac + "Z"


class Log:
    """Events of one log, rendered as wevtutil qe /f:RenderedXml prints them."""

    def __init__(self, lang, host, channel):
        self.lang, self.host, self.channel = lang, host, channel
        self.events = []
        self.record = 4000

    def add(self, t, prov, eid, level, data, msg, qualifiers=None, data_name=None, binary=None):
        name, guid, source = PROV[prov]
        self.record += 1
        p = f"<Provider Name='{esc_attr(name)}'"
        if guid:
            p += f" Guid='{guid}'"
        if source:
            p += f" EventSourceName='{esc_attr(source)}'"
        p += "/>"
        q = f" Qualifiers='{qualifiers}'" if qualifiers is not None else ""
        ed = "<EventData" + (f" Name='{data_name}'" if data_name else "") + ">"
        for d in data:
            if isinstance(d, tuple):
                ed += f"<Data Name='{esc_attr(d[0])}'>{esc(d[1])}</Data>"
            else:
                ed += f"<Data>{esc(d)}</Data>"
        if binary:
            ed += f"<Binary>{binary}</Binary>"
        ed += "</EventData>"
        culture = "ja-JP" if self.lang == "ja" else "en-US"
        x = (f"<Event xmlns='{NS}'><System>{p}<EventID{q}>{eid}</EventID><Version>0</Version>"
             f"<Level>{level}</Level><Task>0</Task><Opcode>0</Opcode>"
             f"<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='{utc(t)}'/>"
             f"<EventRecordID>{self.record}</EventRecordID><Correlation/>"
             f"<Execution ProcessID='1508' ThreadID='2312'/><Channel>{self.channel}</Channel>"
             f"<Computer>{self.host}</Computer><Security/></System>{ed}"
             f"<RenderingInfo Culture='{culture}'><Message>{esc(msg)}</Message>"
             f"<Level>{LEVEL[self.lang][level]}</Level><Task></Task><Opcode></Opcode>"
             f"<Channel>{CHANNEL[self.channel][self.lang]}</Channel><Provider>{esc(name)}</Provider>"
             f"<Keywords></Keywords></RenderingInfo></Event>")
        self.events.append((t, x))

    def text(self):
        # wevtutil /rd:true: newest first, one event per line.
        return "".join(x + "\r\n" for _, x in sorted(self.events, key=lambda e: -e[0]))


# ---- the events, in Japanese and English (sources: fixtures README) ----

def time_ok(log, t, eid=37):
    src = f"{NTP},0x8 (ntp.m|0x8|0.0.0.0:123->203.0.113.10:123)"
    if eid == 37:
        msg = {"ja": f"タイム プロバイダー NtpClient は現在、{src} から有効なタイム データを受信しています。",
               "en": f"The time provider NtpClient is currently receiving valid time data from {src}."}
    else:
        msg = {"ja": f"タイム サービスは、タイム ソース {src} とシステム時刻を同期しています。",
               "en": f"The time service is now synchronizing the system time with the time source {src} with reference id 175898826. Current local stratum number is 3."}
    log.add(t, "time", eid, 4, [("TimeSource", src)], msg[log.lang])


def time_134(log, t):
    msg = {"ja": f"'{NTP},0x8' での DNS 解決エラーのため、NtpClient でタイム ソースとして使う手動ピアを設定できませんでした。15 分後に再試行し、それ以降は 2 倍の間隔で再試行します。エラー: そのようなホストは不明です。 (0x80072AF9)",
           "en": f"NtpClient was unable to set a manual peer to use as a time source because of DNS resolution error on '{NTP},0x8'. NtpClient will try again in 15 minutes and double the reattempt interval thereafter. The error was: No such host is known. (0x80072AF9)"}
    log.add(t, "time", 134, 3, [("TimeSource", f"{NTP},0x8"), ("RetryMinutes", "15"),
                                ("ErrorMessage", "(0x80072AF9)")], msg[log.lang])


def time_47(log, t):
    msg = {"ja": f"タイム プロバイダー NtpClient: 8 回の接続試行後、手動で構成されたピア '{NTP},0x8' から有効な応答を受信しませんでした。このピアはタイム ソースとして破棄され、NtpClient はこの DNS 名を使用して新しいピアを検出しようとします。エラー: ピアに到達できません。",
           "en": f"Time Provider NtpClient: No valid response has been received from manually configured peer {NTP},0x8 after 8 attempts to contact it. This peer will be discarded as a time source and NtpClient will attempt to discover a new peer with this DNS name. The error was: The peer is unreachable."}
    log.add(t, "time", 47, 3, [("TimeSource", f"{NTP},0x8"), ("Attempts", "8"),
                               ("ErrorMessage", "The peer is unreachable.")], msg[log.lang])


def scm_7023(log, t):
    msg = {"ja": "Windows Time サービスは、次のエラーで終了しました: \r\nサービスは現在コントロール メッセージを受け付けることができません。",
           "en": "The Windows Time service terminated with the following error: \r\nThe service cannot accept control messages at this time."}
    log.add(t, "scm", 7023, 2, [("param1", "Windows Time"), ("param2", "%%1061")], msg[log.lang],
            qualifiers=49152, binary="570033003200540069006D0065000000")


def dns_1014(log, t, name="hweb.oqs.onshikaku.org"):
    msg = {"ja": f"名前 {name} の名前解決は、構成された DNS サーバーがどれも応答しなかったため、タイムアウトしました。",
           "en": f"Name resolution for the name {name} timed out after none of the configured DNS servers responded."}
    log.add(t, "dns", 1014, 3, [("QueryName", name), ("AddressLength", "16"),
                                ("Address", "02000035C0A8010100000000000000000000000000000000")], msg[log.lang])


def schannel_36870(log, t):
    msg = {"ja": "TLS クライアントの資格情報の秘密キーにアクセスしようとしているときに、致命的なエラーが発生しました。暗号化モジュールから返されたエラー コードは 0x8009030D です。内部エラーの状態は 10003 です。",
           "en": "A fatal error occurred when attempting to access the TLS client credential private key. The error code returned from the cryptographic module is 0x8009030D. The internal error state is 10003."}
    log.add(t, "schannel", 36870, 2, [("Type", "client"), ("ErrorCode", "0x8009030d"),
                                      ("ErrorStatus", "10003")], msg[log.lang])


def schannel_alert(log, t, eid, alert):
    if eid == 36887:
        msg = {"ja": f"リモート エンドポイントから致命的な警告を受け取りました。TLS プロトコルで定義されているこの致命的な警告のコードは {alert} です。",
               "en": f"A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is {alert}."}
        data = [("AlertDesc", str(alert))]
    else:
        msg = {"ja": f"致命的な警告が生成され、リモート エンドポイントに送信されました。これにより、接続が終了される可能性があります。TLS プロトコルで定義されているこの致命的な警告のコードは {alert} です。Windows SChannel エラーの状態は 552 です。",
               "en": f"A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal error code is {alert}. The Windows SChannel error state is 552."}
        data = [("AlertDesc", str(alert)), ("ErrorState", "552")]
    log.add(t, "schannel", eid, 2, data, msg[log.lang])


def wu_25(log, t):
    msg = {"ja": "Windows Update で更新プログラムを確認できませんでした。エラー 0x8024402C",
           "en": "Windows Update failed to check for updates with error 0x8024402C."}
    log.add(t, "wu", 25, 2, [("errorCode", "0x8024402c")], msg[log.lang])


def wu_19(log, t):
    msg = {"ja": "インストールの成功: 次の更新プログラムが正常にインストールされました: Microsoft Defender Antivirus のセキュリティ インテリジェンス更新プログラム - KB2267602 (バージョン 1.421.1080.0)",
           "en": "Installation Successful: Windows successfully installed the following update: Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.421.1080.0)"}
    log.add(t, "wu", 19, 4, [("updateTitle", "Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.421.1080.0)"),
                             ("updateGuid", "{5d1d2e1b-3f4c-4b0e-9d0e-0a7d4a7c2b61}"), ("updateRevisionNumber", "200")],
            msg[log.lang])


def app_1000(log, t, exe="OQSComApp.exe", folder="OQSComApp"):
    path = f"C:\\Program Files\\OQS\\{folder}\\{exe}"
    msg = {"ja": f"障害が発生しているアプリケーション名: {exe}、バージョン: 4.1.2.0、タイム スタンプ: 0x9d6c3f2a\r\n障害が発生しているモジュール名: KERNELBASE.dll、バージョン: 10.0.20348.2227、タイム スタンプ: 0x2a5b3e51\r\n例外コード: 0xe0434352\r\n障害オフセット: 0x000000000002d1bc\r\n障害が発生しているプロセス ID: 0x1f3c\r\n障害が発生しているアプリケーションの開始時刻: 0x01db4c2e8f3a7d10\r\n障害が発生しているアプリケーション パス: {path}\r\n障害が発生しているモジュール パス: C:\\Windows\\System32\\KERNELBASE.dll",
           "en": f"Faulting application name: {exe}, version: 4.1.2.0, time stamp: 0x9d6c3f2a\r\nFaulting module name: KERNELBASE.dll, version: 10.0.17763.5329, time stamp: 0x2a5b3e51\r\nException code: 0xe0434352\r\nFault offset: 0x000000000002d1bc\r\nFaulting process id: 0x1f3c\r\nFaulting application start time: 0x01db4c2e8f3a7d10\r\nFaulting application path: {path}\r\nFaulting module path: C:\\Windows\\System32\\KERNELBASE.dll"}
    log.add(t, "apperr", 1000, 2, [exe, "4.1.2.0", "9d6c3f2a", "KERNELBASE.dll", "10.0.20348.2227",
                                   "2a5b3e51", "e0434352", "000000000002d1bc", "1f3c",
                                   "01db4c2e8f3a7d10", path, "C:\\Windows\\System32\\KERNELBASE.dll"],
            msg[log.lang], qualifiers=0)


def dotnet_1026(log, t, exe="OQSDistroApp.exe"):
    msg = {"ja": f"アプリケーション: {exe}\r\nフレームワークのバージョン: v4.0.30319\r\n説明: 処理されない例外により、プロセスが中止されました。\r\n例外情報: System.Net.WebException\r\n   場所 System.Net.HttpWebRequest.GetResponse()",
           "en": f"Application: {exe}\r\nFramework Version: v4.0.30319\r\nDescription: The process was terminated due to an unhandled exception.\r\nException Info: System.Net.WebException\r\n   at System.Net.HttpWebRequest.GetResponse()"}
    log.add(t, "dotnet", 1026, 2, [msg[log.lang]], msg[log.lang], qualifiers=0)


def task_event(log, t, task, eid, user, result=None):
    tn = "\\" + task
    if eid == 101:
        msg = {"ja": f"タスク スケジューラは、ユーザー \"{user}\" の \"{tn}\" タスクを開始できませんでした。追加データ: エラー値: {result}。",
               "en": f"Task Scheduler failed to start \"{tn}\" task for user \"{user}\". Additional Data: Error Value: {result}."}
        log.add(t, "tasks", 101, 2, [("TaskName", tn), ("UserContext", user), ("ResultCode", str(result))],
                msg[log.lang], data_name="TaskStartFailedEvent")
    elif eid == 203:
        msg = {"ja": f"タスク スケジューラは、\"{tn}\" タスクのインスタンス \"{{8b5f7c1e-2d34-4c1a-9e0f-6a7b8c9d0e1f}}\" の \"C:\\Program Files\\OQS\\OQSComApp\\OQSComApp.exe\" アクションを起動できませんでした。追加データ: エラー値: {result}。",
               "en": f"Task Scheduler failed to launch action \"C:\\Program Files\\OQS\\OQSComApp\\OQSComApp.exe\" in instance \"{{8b5f7c1e-2d34-4c1a-9e0f-6a7b8c9d0e1f}}\" of task \"{tn}\". Additional Data: Error Value: {result}."}
        log.add(t, "tasks", 203, 2, [("TaskName", tn), ("TaskInstanceId", "{8b5f7c1e-2d34-4c1a-9e0f-6a7b8c9d0e1f}"),
                                     ("ActionName", "C:\\Program Files\\OQS\\OQSComApp\\OQSComApp.exe"),
                                     ("ResultCode", str(result))], msg[log.lang], data_name="ActionLaunchFailure")
    elif eid == 201:
        msg = {"ja": f"タスク スケジューラは、タスク \"{tn}\"、インスタンス \"{{3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4}}\"、操作 \"C:\\Program Files\\OQS\\OQSComApp\\OQSComApp.exe\" を正常に完了しました。リターン コード {result}。",
               "en": f"Task Scheduler successfully completed task \"{tn}\" , instance \"{{3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4}}\" , action \"C:\\Program Files\\OQS\\OQSComApp\\OQSComApp.exe\" with return code {result}."}
        log.add(t, "tasks", 201, 4, [("TaskName", tn), ("TaskInstanceId", "{3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4}"),
                                     ("ActionName", "C:\\Program Files\\OQS\\OQSComApp\\OQSComApp.exe"),
                                     ("ResultCode", str(result)), ("EnginePID", "5120")],
                msg[log.lang], data_name="ActionSuccess")
    elif eid == 102:
        msg = {"ja": f"タスク スケジューラは、ユーザー \"{user}\" のタスク \"{tn}\"、インスタンス \"{{3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4}}\" を正常に終了しました。",
               "en": f"Task Scheduler successfully finished \"{{3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4}}\" instance of the \"{tn}\" task for user \"{user}\"."}
        log.add(t, "tasks", 102, 4, [("TaskName", tn), ("UserContext", user),
                                     ("InstanceId", "{3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4}")],
                msg[log.lang], data_name="TaskSuccessEvent")


# ---- logs of a healthy server, of faults, of faults that were followed by success ----

def healthy_logs(lang, host, now):
    sysl, app, tsk = Log(lang, host, "System"), Log(lang, host, "Application"), \
        Log(lang, host, "Microsoft-Windows-TaskScheduler/Operational")
    user = f"{host}\\OqsComApp"
    for day in range(13):
        time_ok(sysl, now - day * 86400 - 3 * 3600, 37)
    time_ok(sysl, now - 13 * 86400, 35)
    wu_19(sysl, now - 3 * 86400)
    # Out of the 14-day window: never judged.
    time_134(sysl, now - 20 * 86400)
    for day in range(3):
        for i, task in enumerate(TASKS):
            t = now - day * 86400 - 7200 - i * 60
            task_event(tsk, t, task, 201, user, 0)
            task_event(tsk, t + 5, task, 102, user)
    return sysl, app, tsk


def fault_logs(lang, host, now, followed_by_success=False):
    sysl, app, tsk = healthy_logs(lang, host, now) if followed_by_success else \
        (Log(lang, host, "System"), Log(lang, host, "Application"),
         Log(lang, host, "Microsoft-Windows-TaskScheduler/Operational"))
    user = f"{host}\\OqsComApp"
    base = now - 2 * 86400 - 4 * 3600 if followed_by_success else now - 3600
    for k in range(4):
        time_134(sysl, base - k * 900)
    time_47(sysl, base - 3600)
    scm_7023(sysl, base - 7200)
    time_ok(sysl, base - 8000)  # before the faults: not a success after them
    if followed_by_success:
        # Each followed by its success: task runs every day, an update on day 3.
        task_event(tsk, base, "OQS_exec_comappstart", 101, user, 2147943726)
        wu_25(sysl, now - 4 * 86400)
        return sysl, app, tsk
    dns_1014(sysl, base - 300)
    dns_1014(sysl, base - 400, NTP)
    schannel_36870(sysl, base - 500)
    schannel_alert(sysl, base - 600, 36887, 48)
    schannel_alert(sysl, base - 700, 36888, 46)
    wu_25(sysl, base - 800)
    app_1000(app, base - 900)
    dotnet_1026(app, base - 1000)
    task_event(tsk, base - 1100, "OQS_exec_comappstart", 101, user, 2147943726)  # 0x8007052E
    task_event(tsk, base - 1200, "OQS_exec_distroappstart", 203, user, 2147942402)  # 0x80070002
    # Registered under someone else's account (a planted user name that
    # collect --redact must mask: tests/bundle/test_redact_events.c).
    task_event(tsk, base - 1300, "OQS_exec_distroappstop_periodic", 101, f"{host}\\tanaka.hanako",
               2147943726)
    return sysl, app, tsk


# ---- encodings and files ----

def enc(text, how):
    if how == "utf8":
        return text.encode("utf-8")
    if how == "utf8bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if how == "utf16":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if how == "utf16nobom":
        return text.encode("utf-16-le")
    if how == "cp932":
        return text.encode("cp932")
    raise ValueError(how)


def collected(snapdir):
    with open(os.path.join(snapdir, "manifest.json"), encoding="utf-8") as f:
        doc = json.load(f)
    return doc, calendar.timegm(time.strptime(doc["collected"], "%Y-%m-%dT%H:%M:%SZ"))


def put(snapdir, files):
    """Writes events/<log>.xml and lists them in the manifest (as collect does)."""
    doc, _ = collected(snapdir)
    listed = [f for f in doc["files"] if not f["path"].startswith("events/")]
    shutil.rmtree(os.path.join(snapdir, "events"), ignore_errors=True)
    for rel, data in files.items():
        p = os.path.join(snapdir, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
        listed.append({"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    doc["files"] = sorted(listed, key=lambda f: f["path"])
    with open(os.path.join(snapdir, "manifest.json"), "wb") as f:
        f.write((json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def logs_files(logs, encs):
    names = ["events/system.xml", "events/application.xml", "events/taskscheduler.xml"]
    return {n: enc(l.text(), e) for n, l, e in zip(names, logs, encs)}


def scenario(src, name, files):
    d = os.path.join(SNAP, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(os.path.join(SNAP, src), d)
    put(d, files)


def main():
    doc_ja, now_ja = collected(os.path.join(SNAP, "healthy-ja"))
    doc_en, now_en = collected(os.path.join(SNAP, "healthy-en"))
    host_ja, host_en = doc_ja["host"], doc_en["host"]
    # wevtutil's bytes as a snapshot may hold them: Japanese console output
    # (CP932), redirected through PowerShell (UTF-16LE), the API (UTF-8).
    put(os.path.join(SNAP, "healthy-ja"),
        logs_files(healthy_logs("ja", host_ja, now_ja), ["cp932", "utf8", "utf16"]))
    put(os.path.join(SNAP, "healthy-en"),
        logs_files(healthy_logs("en", host_en, now_en), ["utf8", "utf16", "utf8bom"]))
    scenario("healthy-ja", "events-faults-ja",
             logs_files(fault_logs("ja", host_ja, now_ja), ["utf16", "cp932", "utf8"]))
    scenario("healthy-en", "events-faults-en",
             logs_files(fault_logs("en", host_en, now_en), ["utf8", "utf16", "utf16nobom"]))
    scenario("healthy-ja", "events-history",
             logs_files(fault_logs("ja", host_ja, now_ja, True), ["cp932", "utf8", "utf16"]))
    sysl, app, _ = healthy_logs("ja", host_ja, now_ja)
    off = logs_files((sysl, app, Log("ja", host_ja, "System")), ["cp932", "utf8", "utf8"])
    # `wevtutil gl` of a log that is off (its keys are not localised).
    off["events/taskscheduler.xml"] = enc(
        "name: Microsoft-Windows-TaskScheduler/Operational\r\nenabled: false\r\ntype: Operational\r\n"
        "owningPublisher: \r\nisolation: Application\r\nchannelAccess: O:BAG:SYD:(A;;0x2;;;S-1-15-2-1)"
        "(A;;0x2;;;S-1-15-3-1024-3153509613-960666767-3724611135-2725662640-12138253-543910227-1950414635-4190290187)"
        "(A;;0xf0007;;;SY)(A;;0x7;;;BA)(A;;0x7;;;SO)(A;;0x3;;;IU)(A;;0x3;;;SU)(A;;0x3;;;S-1-5-3)"
        "(A;;0x3;;;S-1-5-33)(A;;0x1;;;S-1-5-32-573)\r\nlogging:\r\n  logFileName: "
        "%SystemRoot%\\System32\\Winevt\\Logs\\Microsoft-Windows-TaskScheduler%4Operational.evtx\r\n"
        "  retention: false\r\n  autoBackup: false\r\n  maxSize: 10485760\r\npublishing:\r\n"
        "  fileMax: 1\r\n", "cp932")
    scenario("healthy-ja", "events-history-off", off)

    # Parser fixtures: one fault log and one healthy log per language and encoding.
    os.makedirs(EVDIR, exist_ok=True)
    for lang, host, now in (("ja", host_ja, now_ja), ("en", host_en, now_en)):
        sysl = fault_logs(lang, host, now)[0]
        for how in ("utf8", "utf8bom", "utf16", "utf16nobom", "cp932" if lang == "ja" else "utf8"):
            with open(os.path.join(EVDIR, f"{lang}-system-faults.{how}.xml"), "wb") as f:
                f.write(enc(sysl.text(), how))
        with open(os.path.join(EVDIR, f"{lang}-taskscheduler-healthy.utf16.xml"), "wb") as f:
            f.write(enc(healthy_logs(lang, host, now)[2].text(), "utf16"))


if __name__ == "__main__":
    sys.exit(main())
