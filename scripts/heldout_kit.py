"""Shared by the held-out fixture generators (heldout3- to heldout7-fixtures.py): the
message we sent, the envelope and report builders, and the expectation helpers. A generator
calls `begin` with its set's name and `KNOWN_MISS` (name -> why the engine still answers
otherwise), then builds its messages with these functions."""

import base64
import json
import os
import zlib

# Set by the generator.
OUT = None
KNOWN_MISS = {}

BOUNCE_TO = "bounces+n9.204.c0ffee77aa01@lists.example.org"
SENDER = "Friends of the Park <hello@example.org>"
DATE = "Tue, 14 Oct 2025 09:41:27 +0000"
SUBJECT = "Autumn appeal: plant a tree with us"

# Reasons whose bounce type holds an address at the first event (Invalid, Inactive, Spam, AOL):
# a fixture about the sender's side lists them in not_reasons.
HOLD_AT_ONCE = ["userunknown", "hasmoved", "suspend", "filtered", "policyviolation",
                "spamdetected", "contenterror", "virusdetected", "feedback"]
# A fixture about a content verdict may not blame the mailbox.
NOT_MAILBOX = ["userunknown", "hasmoved", "suspend"]
# A limit of ours (rate, volume) is never the recipient's quota.
NOT_QUOTA = ["mailboxfull", "exceedlimit"]

written = []


def begin(set_name, known_miss):
    """Writes into testdata/SET_NAME (made if missing), tolerating `known_miss`."""
    global OUT, KNOWN_MISS
    OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", set_name)
    KNOWN_MISS = known_miss
    os.makedirs(OUT, exist_ok=True)



def save(name, text, expect):
    assert name not in written, name
    written.append(name)
    if name in KNOWN_MISS:
        expect = dict(expect, known_miss=KNOWN_MISS[name])
    with open(os.path.join(OUT, name + ".eml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    with open(os.path.join(OUT, name + ".expect.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(expect, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def sent(to, serial=1):
    """The header block of the message we sent (what comes back inside a bounce)."""
    return (f"Return-Path: <{BOUNCE_TO}>\n"
            f"From: {SENDER}\nTo: {to}\nSubject: {SUBJECT}\nDate: Tue, 14 Oct 2025 09:30:00 +0000\n"
            f"Message-ID: <n9.{serial}.204@lists.example.org>\n"
            "List-Unsubscribe: <mailto:leave+n9.204@lists.example.org>\n"
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n")


ORIG_BODY = "Dear friend, this autumn we are planting 400 trees along the river.\n"


def envelope(frm, subject, mid_host, extra=""):
    return (f"Return-Path: <>\nFrom: {frm}\nTo: {BOUNCE_TO}\nSubject: {subject}\nDate: {DATE}\n"
            f"Message-ID: <{zlib.crc32((subject + mid_host + frm).encode()):08x}.bounce@{mid_host}>\n{extra}")


def fields(d):
    return "".join(f"{k}: {v}\n" for k, v in d.items())


def b64(text, charset="utf-8"):
    return base64.encodebytes(text.encode(charset)).decode("ascii")


def report(name, frm, subject, human, per_rcpt, mta, orig_to, expect, *, extra="",
           human_type="text/plain; charset=utf-8", human_html=None, orig="full", arrival=True):
    """A multipart/report: human part (text, or text and HTML as multipart/alternative), the
    status part (one block per recipient), the original (full or headers only, or none)."""
    b = f"----=_Part_{name.replace('-', '_')}_3e9d"
    status = f"Reporting-MTA: dns; {mta}\n"
    if arrival:
        status += "Arrival-Date: Tue, 14 Oct 2025 09:30:04 +0000\n"
    for r in per_rcpt:
        status += "\n" + fields(r)
    out = envelope(frm, subject, mta, extra)
    out += ("MIME-Version: 1.0\n"
            f"Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"{b}\"\n\n"
            "This is a multi-part message in MIME format.\n\n")
    if human_html:
        alt = b + "_alt"
        out += (f"--{b}\nContent-Type: multipart/alternative; boundary=\"{alt}\"\n\n"
                f"--{alt}\nContent-Type: text/plain; charset=utf-8\n\n{human}\n"
                f"--{alt}\nContent-Type: text/html; charset=utf-8\n\n{human_html}\n"
                f"--{alt}--\n\n")
    else:
        out += f"--{b}\nContent-Type: {human_type}\n\n{human}\n"
    out += f"--{b}\nContent-Type: message/delivery-status\n\n{status}\n"
    if orig == "full":
        out += f"--{b}\nContent-Type: message/rfc822\n\n{sent(orig_to)}\n{ORIG_BODY}\n"
    elif orig == "headers":
        out += f"--{b}\nContent-Type: text/rfc822-headers\n\n{sent(orig_to)}\n"
    out += f"--{b}--\n"
    save(name, out, expect)


def plain(name, frm, subject, body, expect, *, extra="", orig_to=None, to=None):
    """A notice without a delivery status part, the original appended inline or not at all."""
    out = envelope(frm, subject, "notice.example", extra)
    if to:
        out = out.replace(f"To: {BOUNCE_TO}\n", f"To: {to}\n")
    out += f"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{body}"
    if orig_to:
        out += "\n--- Original message follows ---\n\n" + sent(orig_to) + "\n" + ORIG_BODY
    save(name, out, expect)


def mixed(name, frm, subject, body, orig_to, expect, *, extra="", charset="utf-8", cte=None):
    """A notice as text/plain plus the original as message/rfc822, no delivery status part.
    With cte="base64" the notice is encoded in `charset` (Chinese, Korean notices)."""
    b = f"=_mixed_{name.replace('-', '')}"
    out = envelope(frm, subject, "notice.example", extra)
    part = f"--{b}\nContent-Type: text/plain; charset={charset}\n"
    if cte == "base64":
        part += f"Content-Transfer-Encoding: base64\n\n{b64(body, charset)}\n"
    else:
        part += f"\n{body}\n"
    out += (f"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"{b}\"\n\n" + part +
            f"--{b}\nContent-Type: message/rfc822\n\n{sent(orig_to)}\n{ORIG_BODY}\n"
            f"--{b}--\n")
    save(name, out, expect)


def rcpt(addr, action="failed", status="5.0.0", diag=None, remote=None, orig=True, **more):
    r = {}
    if orig:
        r["Original-Recipient"] = f"rfc822;{addr}"
    r["Final-Recipient"] = f"rfc822; {addr}"
    r["Action"] = action
    r["Status"] = status
    if remote:
        r["Remote-MTA"] = f"dns; {remote}"
    if diag:
        r["Diagnostic-Code"] = diag if diag.lower().startswith("x-") else f"smtp; {diag}"
    r.update(more)
    return r


def want(addr, reason, action="failed"):
    return {"address": addr, "action": action, "reason": reason}


def bounce(*rs, note, not_reasons=None, kind="bounce"):
    e = {"kind": kind, "recipients": list(rs), "note": note}
    if not_reasons:
        e["not_reasons"] = not_reasons
    return e


def delayed(addr, note):
    return {"kind": "delayed", "recipients": [{"address": addr, "action": "delayed"}],
            "no_failed": True, "note": note}


def autoreply(addr, note, reason="vacation"):
    return {"kind": "autoreply", "recipients": [{"address": addr, "reason": reason}], "note": note}


POSTFIX_INTRO = ("This is the mail system at host {host}.\n\n"
                 "I'm sorry to have to inform you that your message could not\n"
                 "be delivered to one or more recipients. It's attached below.\n\n"
                 "For further assistance, please send mail to postmaster.\n\n"
                 "If you do so, please include this problem report. You can\n"
                 "delete your own text from the attached returned message.\n\n"
                 "                   The mail system\n\n")
POSTFIX_DELAY_INTRO = ("This is the mail system at host {host}.\n\n"
                       "####################################################################\n"
                       "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n"
                       "####################################################################\n\n"
                       "Your message could not be delivered for more than 4 hour(s).\n"
                       "It will be retried until it is 5 day(s) old.\n\n"
                       "For further assistance, please send mail to postmaster.\n\n"
                       "                   The mail system\n\n")
RELAY_HOST = "mta2.lists.example.org"


def relay(name, addr, said, status, expect, *, remote="mx.remote.example", ip="203.0.113.31",
          command="RCPT TO", verb="said", line=None, diag=None, action="failed", **more):
    """Our own Postfix relay reporting a remote reply: the way most providers' wording reaches a
    sender. action="delayed" makes it Postfix's delay warning."""
    if line is None:
        tail = f" (in reply to {command} command)" if command else ""
        line = f"<{addr}>: host {remote}[{ip}] {verb}: {said}{tail}\n"
    intro = POSTFIX_DELAY_INTRO if action == "delayed" else POSTFIX_INTRO
    subject = "Delayed Mail (still being retried)" if action == "delayed" else "Undelivered Mail Returned to Sender"
    r = rcpt(addr, action, status, diag or said, remote if said else None, **more)
    if action == "delayed":
        r["Will-Retry-Until"] = "Sun, 19 Oct 2025 09:30:04 +0000 (UTC)"
    report(name, "MAILER-DAEMON@lists.example.org (Mail Delivery System)", subject,
           intro.format(host=RELAY_HOST) + line, [r], RELAY_HOST, addr, expect,
           extra="Auto-Submitted: auto-replied\n", orig="full" if action == "failed" else "headers")
