#!/usr/bin/env python3
"""Writes the hand-written held-out bounces of testdata/heldout (see its README.md): each
message and its expectation are typed here by hand, following how each mail system words its
notices; nothing is copied from another project. Rerun after editing; the test is
tests/parse.rs heldout_real_world_formats."""
import json, os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "heldout")
n = [0]
def orig(to, subj="Spring newsletter", frm="Example News <news@example.org>", mid=None):
    n[0] += 1
    mid = mid or f"<mailing.{n[0]}.42.a1b2c3@example.org>"
    return (f"Return-Path: <b.42.{n[0]}.a1b2c3d4e5f60718@bounce.example.org>\n"
            f"From: {frm}\nTo: {to}\nSubject: {subj}\nDate: Tue, 4 Mar 2025 09:00:00 +0000\n"
            f"Message-ID: {mid}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n")

def dsn(name, frm, subj, human, rcpts, reporting, original_to, expect, extra_headers="", orig_full=True, arrival=True, human_html=None):
    """rcpts: list of dicts with Final-Recipient etc fields (ordered)"""
    b = "==BOUNDARY_" + name.replace("-", "_") + "=="
    h = (f"Return-Path: <>\nFrom: {frm}\nTo: b.42.7.a1b2c3d4e5f60718@bounce.example.org\n"
         f"Subject: {subj}\nDate: Tue, 4 Mar 2025 09:15:02 +0000\n"
         f"Message-ID: <{name}.dsn@{reporting}>\n{extra_headers}MIME-Version: 1.0\n"
         f"Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"{b}\"\n\n"
         "This is a MIME-encapsulated message.\n\n")
    parts = [f"--{b}\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 7bit\n\n{human}\n"]
    if human_html:
        pass
    ds = f"Reporting-MTA: dns; {reporting}\n"
    if arrival:
        ds += "Arrival-Date: Tue, 4 Mar 2025 09:15:00 +0000\n"
    for r in rcpts:
        ds += "\n" + "".join(f"{k}: {v}\n" for k, v in r.items())
    parts.append(f"--{b}\nContent-Type: message/delivery-status\n\n{ds}")
    o = orig(original_to)
    if orig_full:
        parts.append(f"--{b}\nContent-Type: message/rfc822\n\n{o}\nHello, this is our spring newsletter.\n")
    else:
        parts.append(f"--{b}\nContent-Type: text/rfc822-headers\n\n{o}")
    msg = h + "\n".join(parts) + f"\n--{b}--\n"
    write(name, msg, expect)

def write(name, msg, expect):
    with open(os.path.join(OUT, name + ".eml"), "w") as f:
        f.write(msg)
    with open(os.path.join(OUT, name + ".expect.json"), "w") as f:
        f.write(json.dumps(expect, indent=2, sort_keys=True) + "\n")

def fail(addr, reason, action="failed"):
    return {"address": addr, "action": action, "reason": reason}

def plain(name, headers, body, expect):
    msg = headers + "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + body
    write(name, msg, expect)

GOOGLE_FROM = "Mail Delivery Subsystem <mailer-daemon@googlemail.com>"
def google_human(addr, headline, para, reply, host="mx.google.com"):
    return (f"** {headline} **\n\n{para}\n\nThe response from the remote server was:\n{reply}\n")

# 1 Gmail user unknown (Workspace domain)
a = "m.weber@acme-tools.example"
reply = ("550-5.1.1 The email account that you tried to reach does not exist. Please try\n"
 "550-5.1.1 double-checking the recipient's email address for typos or\n"
 "550-5.1.1 unnecessary spaces. For more information, go to\n"
 "550 5.1.1  https://support.google.com/mail/?p=NoSuchUser 5b1f17b1804b1-43bd5c3e3e8si123456f8f.42 - gsmtp")
dsn("gmail-workspace-nosuchuser", GOOGLE_FROM, "Delivery Status Notification (Failure)",
    google_human(a, "Address not found", f"Your message wasn't delivered to {a} because the address couldn't be found, or is unable to receive mail.", reply),
    [{"Final-Recipient": f"rfc822; {a}", "Action": "failed", "Status": "5.1.1",
      "Remote-MTA": "dns; aspmx.l.google.com. (2a00:1450:400c:c0b::1b, the server for the domain acme-tools.example.)",
      "Diagnostic-Code": "smtp; " + reply.replace("\n", "\n "), "Last-Attempt-Date": "Tue, 04 Mar 2025 01:15:02 -0800 (PST)"}],
    "mx.google.com", a, {"kind": "bounce", "recipients": [fail(a, "userunknown")]})

# 2 Gmail over quota (no p= key)
a = "sunny.day@gmail.com"
reply = ("552-5.2.2 The recipient's inbox is out of storage space. Please direct the\n"
 "552-5.2.2 recipient to\n552 5.2.2  https://support.google.com/mail/answer/6558 a640c23a62f3a-abf0c7a1e2bsi98765466b.311 - gsmtp")
dsn("gmail-inbox-out-of-storage", GOOGLE_FROM, "Delivery Status Notification (Failure)",
    google_human(a, "Message not delivered", f"Your message couldn't be delivered to {a} because the recipient's inbox is full.", reply),
    [{"Final-Recipient": f"rfc822; {a}", "Action": "failed", "Status": "5.2.2",
      "Remote-MTA": "dns; gmail-smtp-in.l.google.com. (142.250.27.26, the server for the domain gmail.com.)",
      "Diagnostic-Code": "smtp; " + reply.replace("\n", "\n ")}],
    "mx.google.com", a, {"kind": "bounce", "recipients": [fail(a, "mailboxfull")]})

# 3 Gmail DMARC
a = "k.tanaka@gmail.com"
reply = ("550-5.7.26 Unauthenticated email from example.org is not accepted due to\n"
 "550-5.7.26 domain's DMARC policy. Please contact the administrator of\n"
 "550-5.7.26 example.org domain if this was a legitimate mail. To learn about\n"
 "550-5.7.26 the DMARC initiative, go to\n550 5.7.26  https://support.google.com/mail/?p=DmarcRejection 4fb4d7f45d1cf-5e5c74a1b2csi1234567a12.98 - gsmtp")
dsn("gmail-dmarc-unauthenticated", GOOGLE_FROM, "Delivery Status Notification (Failure)",
    google_human(a, "Message blocked", f"Your message to {a} has been blocked. See technical details below for more information.", reply),
    [{"Final-Recipient": f"rfc822; {a}", "Action": "failed", "Status": "5.7.26",
      "Remote-MTA": "dns; gmail-smtp-in.l.google.com.",
      "Diagnostic-Code": "smtp; " + reply.replace("\n", "\n ")}],
    "mx.google.com", a, {"kind": "bounce", "recipients": [fail(a, "authfailure")]})

# 4 Gmail rate limited, given up by our own relay (Postfix) after retries
a = "lena.f@gmail.com"
human = ("This is the mail system at host relay.example.org.\n\n"
 "I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n"
 "For further assistance, please send mail to postmaster.\n\n"
 "If you do so, please include this problem report. You can\ndelete your own text from the attached returned message.\n\n"
 "                   The mail system\n\n"
 f"<{a}>: host gmail-smtp-in.l.google.com[142.250.27.27] said:\n"
 "    421-4.7.0 [192.0.2.44      15] Our system has detected an unusual rate of\n"
 "    421-4.7.0 unsolicited mail originating from your IP address. To protect our\n"
 "    421-4.7.0 users from spam, mail sent from your IP address has been temporarily\n"
 "    421-4.7.0 rate limited. Please visit\n"
 "    421 4.7.0  https://support.google.com/mail/?p=UnsolicitedRateLimitError - gsmtp\n"
 "    (in reply to end of DATA command)\n")
dsn("postfix-gmail-rate-limited-expired", "MAILER-DAEMON@relay.example.org (Mail Delivery System)", "Undelivered Mail Returned to Sender", human,
    [{"Final-Recipient": f"rfc822; {a}", "Original-Recipient": f"rfc822;{a}", "Action": "failed", "Status": "4.7.0",
      "Remote-MTA": "dns; gmail-smtp-in.l.google.com",
      "Diagnostic-Code": "smtp; 421-4.7.0 [192.0.2.44      15] Our system has detected an\n    unusual rate of 421-4.7.0 unsolicited mail originating from your IP address.\n    To protect our 421-4.7.0 users from spam, mail sent from your IP address has\n    been temporarily 421-4.7.0 rate limited. Please visit 421 4.7.0\n    https://support.google.com/mail/?p=UnsolicitedRateLimitError - gsmtp"}],
    "relay.example.org", a, {"kind": "bounce", "recipients": [fail(a, ["speeding", "badreputation", "blocked", "toomanyconn"])]},
    extra_headers="Auto-Submitted: auto-replied\n")

# 5 Gmail 5.7.1 likely unsolicited
a = "pat.o@gmail.com"
reply = ("550-5.7.1 [192.0.2.44      12] Our system has detected that this message is\n"
 "550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail,\n"
 "550-5.7.1 this message has been blocked. For more information, go to\n"
 "550 5.7.1  https://support.google.com/mail/?p=UnsolicitedMessageError 41be03b00d2f7-af2c1b2c3d4si1234567a12.55 - gsmtp")
dsn("gmail-likely-unsolicited", GOOGLE_FROM, "Delivery Status Notification (Failure)",
    google_human(a, "Message blocked", f"Your message to {a} has been blocked. See technical details below for more information.", reply),
    [{"Final-Recipient": f"rfc822; {a}", "Action": "failed", "Status": "5.7.1",
      "Remote-MTA": "dns; gmail-smtp-in.l.google.com.",
      "Diagnostic-Code": "smtp; " + reply.replace("\n", "\n ")}],
    "mx.google.com", a, {"kind": "bounce", "recipients": [fail(a, ["spamdetected", "badreputation"])],
                         "note": "Gmail blocks the message as likely unsolicited, naming our IP: a spam verdict or, "
                                 "as heldout7 takes it (the brief of that hunt: about our sending), our reputation."})

# 6 Gmail DNS error (domain not found)
a = "info@acme-tolls.example"
reply = "DNS Error: DNS type 'mx' lookup of acme-tolls.example responded with code NXDOMAIN\nDomain name not found: acme-tolls.example\nLearn more at https://support.google.com/mail/?p=BadRcptDomain"
dsn("gmail-domain-not-found", GOOGLE_FROM, "Delivery Status Notification (Failure)",
    f"** Address not found **\n\nYour message wasn't delivered to {a} because the domain acme-tolls.example couldn't be found. Check for typos or unnecessary spaces and try again.\n\nThe response was:\n\n{reply}\n",
    [{"Final-Recipient": f"rfc822; {a}", "Action": "failed", "Status": "5.1.2",
      "Diagnostic-Code": "smtp; " + reply.replace("\n", "\n ")}],
    "mx.google.com", a, {"kind": "bounce", "recipients": [fail(a, "hostunknown")]})

MS_FROM = "Microsoft Outlook <MAILER-DAEMON@EUR05-AM6-obe.outbound.protection.outlook.com>"
POST_FROM = "postmaster@outlook.com"
def ms_human(a, headline, detail, diag, server="AM6PR02MB1234.eurprd02.prod.outlook.com"):
    return (f"{headline}\n\n{detail}\n\n\nDiagnostic information for administrators:\n\n"
            f"Generating server: {server}\n\n{a}\nRemote server returned '{diag}'\n\n"
            "Original message headers:\n\nReceived: from relay.example.org (192.0.2.44) by AM6PR02MB1234.eurprd02.prod.outlook.com\n")

# 7 O365 RecipientNotFound 5.1.10
a = "j.doe@contoso-shop.example"
diag = "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"
dsn("o365-recipient-not-found", MS_FROM, "Undeliverable: Spring newsletter",
    ms_human(a, "Your message to j.doe@contoso-shop.example couldn't be delivered.",
             "j.doe wasn't found at contoso-shop.example.\n\nnews  Office 365  j.doe\nAction Required Recipient\n\nUnknown To address", diag),
    [{"Final-Recipient": f"rfc822;{a}", "Action": "failed", "Status": "5.1.10",
      "Diagnostic-Code": "smtp;" + diag}],
    "AM6PR02MB1234.eurprd02.prod.outlook.com", a, {"kind": "bounce", "recipients": [fail(a, "userunknown")]},
    extra_headers="X-MS-Exchange-Message-Is-Ndr: \nContent-Language: en-US\n", orig_full=False)

# 8 O365 5.4.1 DBEB
a = "sales@fabrikam-gmbh.example"
diag = "550 5.4.1 Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors [AM4PEPF00027A5C.eurprd04.prod.outlook.com 2025-03-04T09:15:01.123Z 08DD5A1B2C3D4E5F]"
dsn("o365-access-denied-dbeb", MS_FROM, "Undeliverable: Spring newsletter",
    ms_human(a, f"Your message to {a} couldn't be delivered.",
             "sales wasn't found at fabrikam-gmbh.example.\n\nAction Required Recipient\n\nUnknown To address", diag),
    [{"Final-Recipient": f"rfc822;{a}", "Action": "failed", "Status": "5.4.1",
      "Diagnostic-Code": "smtp;" + diag}],
    "AM4PEPF00027A5C.eurprd04.prod.outlook.com", a, {"kind": "bounce", "recipients": [fail(a, "userunknown")]},
    orig_full=False)

# 9 O365 banned sending IP 5.7.606 (seen from our relay: Postfix)
a = "c.martin@northwind.example"
human = ("This is the mail system at host relay.example.org.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n                   The mail system\n\n"
 f"<{a}>: host northwind-example.mail.protection.outlook.com[52.101.68.1]\n    said: 550 5.7.606 Access denied, banned sending IP [192.0.2.44]. To request\n    removal from this list please visit https://sender.office.com/ and follow\n    the directions. For more information please go to\n    http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430)\n    [DB1PEPF000509EC.eurprd03.prod.outlook.com 2025-03-04T09:15:01.555Z\n    08DD5A0A1B2C3D4E] (in reply to RCPT TO command)\n")
dsn("postfix-o365-banned-ip", "MAILER-DAEMON@relay.example.org (Mail Delivery System)", "Undelivered Mail Returned to Sender", human,
    [{"Final-Recipient": f"rfc822; {a}", "Original-Recipient": f"rfc822;{a}", "Action": "failed", "Status": "5.7.606",
      "Remote-MTA": "dns; northwind-example.mail.protection.outlook.com",
      "Diagnostic-Code": "smtp; 550 5.7.606 Access denied, banned sending IP [192.0.2.44].\n    To request removal from this list please visit https://sender.office.com/\n    and follow the directions. For more information please go to\n    http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430)\n    [DB1PEPF000509EC.eurprd03.prod.outlook.com 2025-03-04T09:15:01.555Z\n    08DD5A0A1B2C3D4E]"}],
    "relay.example.org", a, {"kind": "bounce", "recipients": [fail(a, "blocked")]})

# 10 Outlook.com mailbox full
a = "gardenfan77@outlook.com"
diag = "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot open mailbox /o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=0003BFFD8A1B2C3D. QuotaExceededException.MapiExceptionShutoffQuotaExceeded: Failed to open mailbox.[EndDiagnosticData]"
dsn("outlookcom-mailbox-full", "Mail Delivery System <MAILER-DAEMON@PAXP193MB1234.EURP193.PROD.OUTLOOK.COM>", "Undeliverable: Spring newsletter",
    ms_human(a, f"Your message to {a} couldn't be delivered.", "gardenfan77's mailbox is full.\n\nAction Required Recipient\n\nMailbox full", diag, server="PAXP193MB1234.EURP193.PROD.OUTLOOK.COM"),
    [{"Final-Recipient": f"rfc822;{a}", "Action": "failed", "Status": "5.2.2", "Diagnostic-Code": "smtp;" + diag}],
    "PAXP193MB1234.EURP193.PROD.OUTLOOK.COM", a, {"kind": "bounce", "recipients": [fail(a, "mailboxfull")]}, orig_full=False)

# 11 Outlook.com block list S3150 via our relay
a = "rob_k@hotmail.com"
human = ("This is the mail system at host relay.example.org.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n                   The mail system\n\n"
 f"<{a}>: host hotmail-com.olc.protection.outlook.com[52.101.42.10] said:\n    550 5.7.1 Unfortunately, messages from [192.0.2.44] weren't sent. Please\n    contact your Internet service provider since part of their network is on\n    our block list (S3150). You can also refer your provider to\n    http://mail.live.com/mail/troubleshooting.aspx#errors.\n    [DM6NAM12FT056.eop-nam12.prod.protection.outlook.com 2025-03-04T09:15:01.919Z\n    08DD5A0EE1F2A3B4] (in reply to MAIL FROM command)\n")
dsn("postfix-outlookcom-blocklist", "MAILER-DAEMON@relay.example.org (Mail Delivery System)", "Undelivered Mail Returned to Sender", human,
    [{"Final-Recipient": f"rfc822; {a}", "Action": "failed", "Status": "5.7.1", "Remote-MTA": "dns; hotmail-com.olc.protection.outlook.com",
      "Diagnostic-Code": "smtp; 550 5.7.1 Unfortunately, messages from [192.0.2.44] weren't\n    sent. Please contact your Internet service provider since part of their\n    network is on our block list (S3150). You can also refer your provider to\n    http://mail.live.com/mail/troubleshooting.aspx#errors.\n    [DM6NAM12FT056.eop-nam12.prod.protection.outlook.com 2025-03-04T09:15:01.919Z\n    08DD5A0EE1F2A3B4]"}],
    "relay.example.org", a, {"kind": "bounce", "recipients": [fail(a, "blocked")]})

YAHOO_FROM = "MAILER-DAEMON@yahoo.com"
# 12 Yahoo 554 5.7.9 policy (via our relay)
a = "dj_mike@yahoo.com"
human = ("This is the mail system at host relay.example.org.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n                   The mail system\n\n"
 f"<{a}>: host mta6.am0.yahoodns.net[67.195.204.72] said: 554 5.7.9\n    Message not accepted for policy reasons.  See\n    https://senders.yahooinc.com/error-codes (in reply to end of DATA command)\n")
dsn("postfix-yahoo-policy-579", "MAILER-DAEMON@relay.example.org (Mail Delivery System)", "Undelivered Mail Returned to Sender", human,
    [{"Final-Recipient": f"rfc822; {a}", "Action": "failed", "Status": "5.7.9", "Remote-MTA": "dns; mta6.am0.yahoodns.net",
      "Diagnostic-Code": "smtp; 554 5.7.9 Message not accepted for policy reasons.  See\n    https://senders.yahooinc.com/error-codes"}],
    "relay.example.org", a, {"kind": "bounce", "recipients": [fail(a, ["policyviolation", "blocked", "badreputation", "securityerror", "spamdetected"])]})

# 13 AOL 550 5.1.1 mailbox unavailable
a = "grandpa.joe@aol.com"
human = ("This is the mail system at host relay.example.org.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n                   The mail system\n\n"
 f"<{a}>: host mx-aol.mail.gm0.yahoodns.net[67.195.204.77] said: 550 5.1.1\n    <{a}>: Recipient address rejected: mailbox unavailable (in reply to RCPT TO command)\n")
dsn("postfix-aol-mailbox-unavailable", "MAILER-DAEMON@relay.example.org (Mail Delivery System)", "Undelivered Mail Returned to Sender", human,
    [{"Final-Recipient": f"rfc822; {a}", "Action": "failed", "Status": "5.1.1", "Remote-MTA": "dns; mx-aol.mail.gm0.yahoodns.net",
      "Diagnostic-Code": f"smtp; 550 5.1.1 <{a}>: Recipient address rejected: mailbox\n    unavailable"}],
    "relay.example.org", a, {"kind": "bounce", "recipients": [fail(a, "userunknown")]})

# 14 Yahoo TSS04 delayed warning
a = "sk8rgirl@yahoo.com"
human = ("This is the mail system at host relay.example.org.\n\n####################################################################\n# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n####################################################################\n\n"
 "Your message could not be delivered for more than 4 hour(s).\nIt will be retried until it is 5 day(s) old.\n\n                   The mail system\n\n"
 f"<{a}>: host mta5.am0.yahoodns.net[98.136.96.74] said: 421 4.7.0\n    [TSS04] Messages from 192.0.2.44 temporarily deferred due to unexpected\n    volume or user complaints - 4.16.55.1; see\n    https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command)\n")
dsn("postfix-yahoo-tss04-delayed", "MAILER-DAEMON@relay.example.org (Mail Delivery System)", "Delayed Mail (still being retried)", human,
    [{"Final-Recipient": f"rfc822; {a}", "Action": "delayed", "Status": "4.7.0", "Remote-MTA": "dns; mta5.am0.yahoodns.net",
      "Diagnostic-Code": "smtp; 421 4.7.0 [TSS04] Messages from 192.0.2.44 temporarily\n    deferred due to unexpected volume or user complaints - 4.16.55.1; see\n    https://postmaster.yahooinc.com/error-codes", "Will-Retry-Until": "Sun, 9 Mar 2025 09:15:00 +0000 (UTC)"}],
    "relay.example.org", a, {"kind": "delayed", "recipients": [{"address": a, "action": "delayed"}]}, orig_full=False)

# 15 Yahoo "dd This user doesn't have a yahoo.com account" - Yahoo's own plain notice
a = "no.body.home@yahoo.com"
plain("yahoo-dd-no-account",
      "Return-Path: <>\nFrom: MAILER-DAEMON@yahoo.com\nTo: b.42.15.a1b2c3d4e5f60718@bounce.example.org\nSubject: Failure Notice\nDate: Tue, 4 Mar 2025 09:15:02 +0000\nMessage-ID: <fn-15@mta1011.mail.gq1.yahoo.com>\n",
      "Sorry, we were unable to deliver your message to the following address.\n\n"
      f"<{a}>:\n554: delivery error: dd This user doesn't have a yahoo.com account ({a}) [0] - mta1011.mail.gq1.yahoo.com\n\n"
      "--- Below this line is a copy of the message.\n\n" + orig(a) + "\nHello, this is our spring newsletter.\n",
      {"kind": "bounce", "recipients": [fail(a, "userunknown")]})

PF_FROM = "MAILER-DAEMON@mail.example.net (Mail Delivery System)"
def pf_human(host, body):
    return (f"This is the mail system at host {host}.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n"
            "For further assistance, please send mail to postmaster.\n\nIf you do so, please include this problem report. You can\ndelete your own text from the attached returned message.\n\n                   The mail system\n\n" + body)
# 16 Postfix local unknown user
a = "bob@example.net"
dsn("postfix-local-unknown-user", PF_FROM, "Undelivered Mail Returned to Sender",
    pf_human("mail.example.net", f"<{a}>: unknown user: \"bob\"\n"),
    [{"Final-Recipient": f"rfc822; {a}", "Original-Recipient": f"rfc822;{a}", "Action": "failed", "Status": "5.1.1",
      "Diagnostic-Code": "X-Postfix; unknown user: \"bob\""}],
    "mail.example.net", a, {"kind": "bounce", "recipients": [fail(a, "userunknown")]})

# 17 Postfix remote virtual mailbox table
a = "old.staff@example.net"
dsn("postfix-virtual-mailbox-table", "MAILER-DAEMON@relay.example.org (Mail Delivery System)", "Undelivered Mail Returned to Sender",
    pf_human("relay.example.org", f"<{a}>: host mx1.example.net[203.0.113.5] said: 550 5.1.1\n    <{a}>: Recipient address rejected: User unknown in virtual mailbox\n    table (in reply to RCPT TO command)\n"),
    [{"Final-Recipient": f"rfc822; {a}", "Original-Recipient": f"rfc822;{a}", "Action": "failed", "Status": "5.1.1", "Remote-MTA": "dns; mx1.example.net",
      "Diagnostic-Code": f"smtp; 550 5.1.1 <{a}>: Recipient address rejected: User\n    unknown in virtual mailbox table"}],
    "relay.example.org", a, {"kind": "bounce", "recipients": [fail(a, "userunknown")]})

# 18 Postfix mailbox full from remote
a = "hoarder@example.net"
dsn("postfix-remote-mailbox-full", "MAILER-DAEMON@relay.example.org (Mail Delivery System)", "Undelivered Mail Returned to Sender",
    pf_human("relay.example.org", f"<{a}>: host mx1.example.net[203.0.113.5] said: 552 5.2.2 Mailbox\n    full (in reply to end of DATA command)\n"),
    [{"Final-Recipient": f"rfc822; {a}", "Action": "failed", "Status": "5.2.2", "Remote-MTA": "dns; mx1.example.net",
      "Diagnostic-Code": "smtp; 552 5.2.2 Mailbox full"}],
    "relay.example.org", a, {"kind": "bounce", "recipients": [fail(a, "mailboxfull")]})

# 19 Postfix host or domain name not found
a = "someone@nosuch-domain-zz.example"
dsn("postfix-host-not-found", "MAILER-DAEMON@relay.example.org (Mail Delivery System)", "Undelivered Mail Returned to Sender",
    pf_human("relay.example.org", f"<{a}>: Host or domain name not found. Name service error\n    for name=nosuch-domain-zz.example type=MX: Host not found\n"),
    [{"Final-Recipient": f"rfc822; {a}", "Original-Recipient": f"rfc822;{a}", "Action": "failed", "Status": "5.4.4",
      "Diagnostic-Code": "X-Postfix; Host or domain name not found. Name service error for\n    name=nosuch-domain-zz.example type=MX: Host not found"}],
    "relay.example.org", a, {"kind": "bounce", "recipients": [fail(a, "hostunknown")]})

# 20 Postfix connection timed out, expired after 5 days
a = "ops@slowhost.example"
dsn("postfix-timeout-expired", "MAILER-DAEMON@relay.example.org (Mail Delivery System)", "Undelivered Mail Returned to Sender",
    pf_human("relay.example.org", f"<{a}>: connect to mx.slowhost.example[198.51.100.20]:25: Connection timed\n    out\n"),
    [{"Final-Recipient": f"rfc822; {a}", "Action": "failed", "Status": "4.4.1",
      "Diagnostic-Code": "X-Postfix; connect to mx.slowhost.example[198.51.100.20]:25:\n    Connection timed out"}],
    "relay.example.org", a, {"kind": "bounce", "recipients": [fail(a, ["expired", "networkerror"])]})

EXIM_HEAD = ("Return-Path: <>\nFrom: Mail Delivery System <Mailer-Daemon@{host}>\nTo: b.42.9.a1b2c3d4e5f60718@bounce.example.org\n"
             "Subject: Mail delivery failed: returning message to sender\nDate: Tue, 4 Mar 2025 09:15:02 +0000\nMessage-Id: <E1tpQx1-000Abc-{n}@{host}>\n"
             "Auto-Submitted: auto-replied\nX-Failed-Recipients: {a}\n")
def exim(name, host, a, detail, expect, permanent=True):
    body = ("This message was created automatically by mail delivery software.\n\n"
            "A message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n"
            f"  {a}\n{detail}\n\n------ This is a copy of the message, including all the headers. ------\n\n" + orig(a) + "\nHello, this is our spring newsletter.\n")
    plain(name, EXIM_HEAD.format(host=host, a=a, n=name[:6]), body, expect)

# 21-24 Exim
a = "user@typo-domain.example"
exim("exim-unrouteable", "srv1.hosting.example", a, "    Unrouteable address", {"kind": "bounce", "recipients": [fail(a, "hostunknown")]})
a = "admin@deadhost.example"
exim("exim-all-hosts-failing", "srv1.hosting.example", a,
     "    all hosts for 'deadhost.example' have been failing for a long time (and retry time not reached)",
     {"kind": "bounce", "recipients": [fail(a, "expired")]})
a = "tom@flaky.example"
exim("exim-retry-timeout", "srv1.hosting.example", a, "    retry timeout exceeded", {"kind": "bounce", "recipients": [fail(a, "expired")]})
a = "anna@bigbox.example"
exim("exim-remote-quota", "srv1.hosting.example", a,
     "    host mx.bigbox.example [203.0.113.30]\n    SMTP error from remote mail server after RCPT TO:<anna@bigbox.example>:\n    552 5.2.2 Mailbox quota exceeded",
     {"kind": "bounce", "recipients": [fail(a, "mailboxfull")]})
a = "frank@srv2.hosting.example"
exim("exim-local-quota", "srv2.hosting.example", a,
     "    mailbox is full (MTA-imposed quota exceeded while writing to tmp/1741079702.H123456P7890.srv2.hosting.example)",
     {"kind": "bounce", "recipients": [fail(a, "mailboxfull")]})
a = "nobody.here@cpanel-host.example"
exim("exim-remote-no-such-user", "srv1.hosting.example", a,
     f"    host mail.cpanel-host.example [198.51.100.7]\n    SMTP error from remote mail server after RCPT TO:<{a}>:\n    550 No Such User Here\"",
     {"kind": "bounce", "recipients": [fail(a, "userunknown")]})

# Sendmail
SM_FROM = "Mail Delivery Subsystem <MAILER-DAEMON@mx.uni.example>"
a = "prof.smith@uni.example"
dsn("sendmail-user-unknown", SM_FROM, "Returned mail: see transcript for details",
    "The original message was received at Tue, 4 Mar 2025 09:14:58 GMT\nfrom relay.example.org [192.0.2.44]\n\n"
    f"   ----- The following addresses had permanent fatal errors -----\n<{a}>\n    (reason: 550 5.1.1 <{a}>... User unknown)\n\n"
    f"   ----- Transcript of session follows -----\n... while talking to mailhost.uni.example.:\n>>> RCPT To:<{a}>\n<<< 550 5.1.1 <{a}>... User unknown\n550 5.1.1 <{a}>... User unknown\n",
    [{"Original-Recipient": f"rfc822;{a}", "Final-Recipient": f"RFC822; {a}", "Action": "failed", "Status": "5.1.1",
      "Remote-MTA": "DNS; mailhost.uni.example", "Diagnostic-Code": f"SMTP; 550 5.1.1 <{a}>... User unknown", "Last-Attempt-Date": "Tue, 4 Mar 2025 09:15:02 GMT"}],
    "mx.uni.example", a, {"kind": "bounce", "recipients": [fail(a, "userunknown")]})

a = "lab@research.example"
dsn("sendmail-deferred-warning", SM_FROM, "Warning: could not send message for past 4 hours",
    "    **********************************************\n    **      THIS IS A WARNING MESSAGE ONLY      **\n    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **\n    **********************************************\n\n"
    "The original message was received at Tue, 4 Mar 2025 05:14:58 GMT\nfrom relay.example.org [192.0.2.44]\n\n"
    f"   ----- Transcript of session follows -----\n<{a}>... Deferred: Connection timed out with mx.research.example.\nWarning: message still undelivered after 4 hours\nWill keep trying until message is 5 days old\n",
    [{"Original-Recipient": f"rfc822;{a}", "Final-Recipient": f"RFC822; {a}", "Action": "delayed", "Status": "4.4.1",
      "Remote-MTA": "DNS; mx.research.example", "Last-Attempt-Date": "Tue, 4 Mar 2025 09:15:02 GMT", "Will-Retry-Until": "Sun, 9 Mar 2025 05:14:58 GMT"}],
    "mx.uni.example", a, {"kind": "delayed", "recipients": [{"address": a, "action": "delayed"}]}, orig_full=False)

a = "x@no-such-host.example"
dsn("sendmail-host-unknown", SM_FROM, "Returned mail: see transcript for details",
    "The original message was received at Tue, 4 Mar 2025 09:14:58 GMT\nfrom relay.example.org [192.0.2.44]\n\n"
    f"   ----- The following addresses had permanent fatal errors -----\n<{a}>\n    (reason: 550 Host unknown)\n\n"
    f"   ----- Transcript of session follows -----\n550 5.1.2 <{a}>... Host unknown (Name server: no-such-host.example: host not found)\n",
    [{"Original-Recipient": f"rfc822;{a}", "Final-Recipient": f"RFC822; {a}", "Action": "failed", "Status": "5.1.2",
      "Remote-MTA": "DNS; no-such-host.example", "Diagnostic-Code": "SMTP; 550 Host unknown", "Last-Attempt-Date": "Tue, 4 Mar 2025 09:15:02 GMT"}],
    "mx.uni.example", a, {"kind": "bounce", "recipients": [fail(a, "hostunknown")]})

# qmail
a = "webmaster@smallshop.example"
plain("qmail-no-mailbox",
      "Return-Path: <>\nFrom: MAILER-DAEMON@mail.smallshop.example\nTo: b.42.30.a1b2c3d4e5f60718@bounce.example.org\nSubject: failure notice\nDate: 4 Mar 2025 09:15:02 -0000\nMessage-ID: <20250304091502.12345.qmail@mail.smallshop.example>\n",
      "Hi. This is the qmail-send program at mail.smallshop.example.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n"
      f"<{a}>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n--- Below this line is a copy of the message.\n\n" + orig(a) + "\nHello, this is our spring newsletter.\n",
      {"kind": "bounce", "recipients": [fail(a, "userunknown")]})

# Exchange on-prem 2016
a = "h.mueller@firma.example"
diag = "smtp;550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"
dsn("exchange2016-recip-not-found", "Microsoft Exchange <postmaster@firma.example>", "Undeliverable: Spring newsletter",
    "Delivery has failed to these recipients or groups:\n\n"
    f"{a}\nThe email address you entered couldn't be found. Please check the recipient's email address and try to resend the message. If the problem continues, please contact your helpdesk.\n\n\n\n\n\n"
    f"Diagnostic information for administrators:\n\nGenerating server: EXCH01.firma.example\n\n{a}\nRemote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'\n\nOriginal message headers:\n\nReceived: from relay.example.org (192.0.2.44) by EXCH01.firma.example\n",
    [{"Final-Recipient": f"rfc822;{a}", "Action": "failed", "Status": "5.1.1", "Diagnostic-Code": diag}],
    "EXCH01.firma.example", a, {"kind": "bounce", "recipients": [fail(a, "userunknown")]}, orig_full=False,
    extra_headers="X-MS-Exchange-Message-Is-Ndr: \nContent-Language: en-US\nThread-Topic: Spring newsletter\n")

# Amazon SES (SNS e-mail): mailbox full transient? Use Permanent/Suppressed and a General one
a1 = "gone.away@example.com"; a2 = "busy@example.com"
body = json.dumps({"notificationType": "Bounce", "bounce": {"feedbackId": "0102019561ab-heldout-000000", "bounceType": "Permanent", "bounceSubType": "Suppressed",
  "bouncedRecipients": [{"emailAddress": a1, "action": "failed", "status": "5.1.1", "diagnosticCode": "Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address. For more information about how to remove an address from the suppression list, see the Amazon SES Developer Guide"}],
  "timestamp": "2025-03-04T09:15:01.000Z", "reportingMTA": "dns; amazonses.com"},
  "mail": {"timestamp": "2025-03-04T09:15:00.000Z", "source": "news@example.org", "sourceArn": "arn:aws:ses:us-east-1:111122223333:identity/example.org",
  "sendingAccountId": "111122223333", "messageId": "0102019561ab-heldout-msg", "destination": [a1], "headersTruncated": False,
  "commonHeaders": {"from": ["Example News <news@example.org>"], "to": [a1], "messageId": "<mailing.33.42@example.org>", "subject": "Spring newsletter"}}}, separators=(",", ":"))
plain("ses-sns-suppressed",
      "Return-Path: <0100019561ab-sns@amazonses.com>\nFrom: AWS Notifications <no-reply@sns.amazonaws.com>\nTo: bounces@example.org\nSubject: AWS Notification Message\nDate: Tue, 4 Mar 2025 09:15:03 +0000\nMessage-ID: <0100019561ab-heldout-sns@email.amazonses.com>\n",
      body + "\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\nhttps://sns.us-east-1.amazonaws.com/unsubscribe.html?SubscriptionArn=arn:aws:sns:us-east-1:111122223333:ses-bounces:heldout\n",
      {"kind": "bounce", "recipients": [fail(a1, "userunknown")]})

# SES direct DSN (MAILER-DAEMON@amazonses.com) with remote mailbox full
a = "busy.person@example.com"
dsn("ses-dsn-mailbox-full", "MAILER-DAEMON@amazonses.com", "Delivery Status Notification (Failure)",
    f"An error occurred while trying to deliver the mail to the following recipients:\n{a}\n",
    [{"Final-Recipient": f"rfc822; {a}", "Action": "failed", "Status": "5.2.2", "Remote-MTA": "dns; mx.example.com. 203.0.113.50",
      "Diagnostic-Code": "smtp; 552 5.2.2 <busy.person@example.com>: user's mailbox is full"}],
    "a48-112.smtp-out.amazonses.com", a, {"kind": "bounce", "recipients": [fail(a, "mailboxfull")]}, orig_full=False)

# SendGrid-style relayed bounce quoting a Gmail reply
a = "typo.name@gmail.com"
dsn("esp-relayed-gmail-nosuchuser", "Mail Delivery System <MAILER-DAEMON@o1.ptr1234.esp-mail.example>", "Undelivered Mail Returned to Sender",
    f"Your message could not be delivered to one or more recipients.\n\n<{a}>: 550 5.1.1 The email account that you tried to reach does not exist.\n",
    [{"Final-Recipient": f"rfc822; {a}", "Action": "failed", "Status": "5.1.1", "Remote-MTA": "dns; gmail-smtp-in.l.google.com",
      "Diagnostic-Code": "smtp; 550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. - gsmtp"}],
    "o1.ptr1234.esp-mail.example", a, {"kind": "bounce", "recipients": [fail(a, "userunknown")]}, arrival=False)

# Mailgun-style relayed bounce: remote blocked by Spamhaus
a = "it@corp-partner.example"
dsn("esp-relayed-spamhaus", "Mail Delivery Subsystem <postmaster@mg.esp-relay.example>", "Delivery Status Notification (Failure)",
    f"Delivery to the following recipient failed permanently:\n\n    {a}\n\nTechnical details of permanent failure:\nThe recipient server rejected the message.\n",
    [{"Final-Recipient": f"rfc822; {a}", "Action": "failed", "Status": "5.7.1", "Remote-MTA": "dns; mx.corp-partner.example",
      "Diagnostic-Code": "smtp; 554 5.7.1 Service unavailable; Client host [198.51.100.99] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.99"}],
    "mg.esp-relay.example", a, {"kind": "bounce", "recipients": [fail(a, "blocked")]})

# Auto-replies
plain("autoreply-outlook-automatic-reply",
      "From: Maria Gonzalez <m.gonzalez@partner-org.example>\nTo: Example News <news@example.org>\nSubject: Automatic reply: Spring newsletter\nDate: Tue, 4 Mar 2025 09:15:10 +0000\nMessage-ID: <AM0PR01MB5555.eurprd01.prod.outlook.com@partner-org.example>\n"
      "Auto-Submitted: auto-generated\nX-Auto-Response-Suppress: All\nX-MS-Exchange-Inbox-Rules-Loop: m.gonzalez@partner-org.example\nThread-Topic: Spring newsletter\n",
      "Thank you for your email. I am out of the office until 17 March with limited access to email.\nFor urgent matters please contact office@partner-org.example.\n\nBest regards,\nMaria\n",
      {"kind": "autoreply", "recipients": [{"address": "m.gonzalez@partner-org.example", "reason": "vacation"}]})
plain("autoreply-plain-vacation-no-headers",
      "From: Dave Lee <dave@lee-family.example>\nTo: news@example.org\nSubject: Re: Spring newsletter [vacation]\nDate: Tue, 4 Mar 2025 09:20:10 +0000\nMessage-ID: <vac-2@lee-family.example>\nX-Autoreply: yes\nPrecedence: bulk\n",
      "Hi, I'm on vacation until March 20th and won't be checking email. I'll reply when I'm back.\n",
      {"kind": "autoreply", "recipients": [{"address": "dave@lee-family.example", "reason": "vacation"}]})

# Delayed DSN (Postfix)
a = "slowpoke@example.com"
dsn("postfix-delayed-warning", "MAILER-DAEMON@relay.example.org (Mail Delivery System)", "Delayed Mail (still being retried)",
    "This is the mail system at host relay.example.org.\n\n####################################################################\n# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n####################################################################\n\n"
    "Your message could not be delivered for more than 4 hour(s).\nIt will be retried until it is 5 day(s) old.\n\n                   The mail system\n\n"
    f"<{a}>: host mx.example.com[203.0.113.80] said: 451 4.3.0 Temporary\n    lookup failure (in reply to RCPT TO command)\n",
    [{"Final-Recipient": f"rfc822; {a}", "Action": "delayed", "Status": "4.3.0", "Remote-MTA": "dns; mx.example.com",
      "Diagnostic-Code": "smtp; 451 4.3.0 Temporary lookup failure", "Will-Retry-Until": "Sun, 9 Mar 2025 05:14:58 +0000 (UTC)"}],
    "relay.example.org", a, {"kind": "delayed", "recipients": [{"address": a, "action": "delayed"}]}, orig_full=False)

# Delivered DSN
a = "reader@example.com"
dsn("postfix-delivered-notice", "MAILER-DAEMON@relay.example.org (Mail Delivery System)", "Successful Mail Delivery Report",
    "This is the mail system at host relay.example.org.\n\nYour message was successfully delivered to the destination(s)\nlisted below. If the message was delivered to mailbox you will\nreceive no further notifications. Otherwise you may still receive\nnotifications of mail delivery errors from other systems.\n\n                   The mail system\n\n"
    f"<{a}>: delivery via mx.example.com[203.0.113.80]:25: 250 2.0.0 Ok: queued as\n    4Z6Q1x2y3zz\n",
    [{"Final-Recipient": f"rfc822; {a}", "Original-Recipient": f"rfc822;{a}", "Action": "relayed", "Status": "2.0.0", "Remote-MTA": "dns; mx.example.com",
      "Diagnostic-Code": "smtp; 250 2.0.0 Ok: queued as 4Z6Q1x2y3zz"}],
    "relay.example.org", a, {"kind": "delivered", "recipients": [{"address": a, "action": "relayed", "reason": "delivered"}]}, orig_full=False)

# Forged / spam "bounce" with no original
plain("forged-bounce-phishing",
      "Return-Path: <>\nFrom: \"Mail Delivery System\" <mailer-daemon@mail-notify.example>\nTo: b.42.99.a1b2c3d4e5f60718@bounce.example.org\nSubject: Undelivered Mail Returned to Sender\nDate: Tue, 4 Mar 2025 11:00:00 +0000\nMessage-ID: <phish-1@mail-notify.example>\n",
      "Message delivery failed!\n\nYou have 6 pending incoming messages held on our server because your mailbox quota is exceeded.\n\n"
      "To release your messages and upgrade your storage, verify your account here:\nhttps://mail-notify.example/verify?id=8812\n\nFor help write to support-desk@mail-notify.example.\n\nMail Administrator\n",
      {"kind": ["unrecognised", "other"], "recipients": []})

# Challenge-response
plain("challenge-response",
      "From: \"Sam Rivera (verification)\" <confirm-sam@cr-filter.example>\nTo: news@example.org\nSubject: Please verify your email to Sam Rivera (Re: Spring newsletter)\nDate: Tue, 4 Mar 2025 09:16:00 +0000\nMessage-ID: <cr-1@cr-filter.example>\nAuto-Submitted: auto-replied\n",
      "Hello,\n\nYou recently sent a message to sam@rivera.example. To protect against unwanted email, Sam uses a\nsender verification system. Your message is being held until you confirm that you are a real person.\n\n"
      "Please click the link below to confirm, and your message will be delivered:\nhttps://cr-filter.example/confirm?c=ab12cd34\n\nThis is a one-time request. You won't need to do it again for this recipient.\n",
      {"kind": ["autoreply", "other"]})


# ---- second batch: phrases that could misfire (wrongful-hold probes) ----
RELAY = "MAILER-DAEMON@relay.example.org (Mail Delivery System)"
def relayed(name, a, host, said_text, status, diag, expect, subj="Undelivered Mail Returned to Sender", action="failed", cmd="RCPT TO"):
    dsn(name, RELAY, subj, pf_human("relay.example.org", f"<{a}>: host {host}[203.0.113.77] said: {said_text} (in reply to {cmd} command)\n"),
        [{"Final-Recipient": f"rfc822; {a}", "Original-Recipient": f"rfc822;{a}", "Action": action, "Status": status,
          "Remote-MTA": f"dns; {host}", "Diagnostic-Code": "smtp; " + diag}],
        "relay.example.org", a, expect)

NOT_HOLD_AT_1 = ["expired", "onhold", "systemerror", "undefined", "networkerror", "blocked", "speeding", "rejected", "toomanyconn", "badreputation"]
a = "member@greylist-site.example"
relayed("postfix-greylisted-gave-up", a, "mx.greylist-site.example",
        f"450 4.2.0 <{a}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/greylist-site.example.html",
        "4.2.0", f"450 4.2.0 <{a}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/greylist-site.example.html",
        {"kind": "bounce", "recipients": [fail(a, NOT_HOLD_AT_1)]})

a = "buyer@strict-dmarc.example"
relayed("postfix-no-dmarc-record", a, "mx.strict-dmarc.example",
        "550 5.7.1 Message rejected: sender domain example.org doesn't have a DMARC record",
        "5.7.1", "550 5.7.1 Message rejected: sender domain example.org doesn't have a DMARC record",
        {"kind": "bounce", "recipients": [fail(a, ["authfailure", "securityerror", "rejected", "policyviolation"])]}, cmd="end of DATA")

a = "partner@callout.example"
relayed("postfix-exim-sender-verify-failed", a, "mail.callout.example",
        "550-Verification failed for <b.42.7.a1b2c3d4e5f60718@bounce.example.org>\n    550-Called:   192.0.2.44\n    550-Sent:     RCPT TO:<b.42.7.a1b2c3d4e5f60718@bounce.example.org>\n    550-Response: 550 5.1.1 <b.42.7.a1b2c3d4e5f60718@bounce.example.org>: User unknown\n    550 Sender verify failed",
        "5.0.0", "550-Verification failed for <b.42.7.a1b2c3d4e5f60718@bounce.example.org>\n    550-Called: 192.0.2.44 550-Sent: RCPT TO:<b.42.7.a1b2c3d4e5f60718@bounce.example.org>\n    550-Response: 550 5.1.1 <b.42.7.a1b2c3d4e5f60718@bounce.example.org>: User unknown\n    550 Sender verify failed",
        {"kind": "bounce", "recipients": [fail(a, ["rejected", "blocked"])]})

a = "popular.person@gmail.com"
relayed("postfix-gmail-receiving-rate", a, "gmail-smtp-in.l.google.com",
        "450-4.2.1 The user you are trying to contact is receiving mail at a rate that\n    450-4.2.1 prevents additional messages from being delivered. Please resend your\n    450-4.2.1 message at a later point. If the user is able to receive mail at that\n    450-4.2.1 time, your message will be delivered. For more information, go to\n    450 4.2.1  https://support.google.com/mail/?p=ReceivingRate - gsmtp",
        "4.2.1", "450-4.2.1 The user you are trying to contact is receiving mail at a rate that 450-4.2.1 prevents additional messages from being delivered. Please resend your 450-4.2.1 message at a later point. If the user is able to receive mail at that 450-4.2.1 time, your message will be delivered. For more information, go to 450 4.2.1  https://support.google.com/mail/?p=ReceivingRate - gsmtp",
        {"kind": "bounce", "recipients": [fail(a, ["speeding", "expired", "toomanyconn"])]})

a = "closed.account@gmail.com"
relayed("postfix-gmail-disabled", a, "gmail-smtp-in.l.google.com",
        "550-5.2.1 The email account that you tried to reach is disabled. Learn more at\n    550 5.2.1  https://support.google.com/mail/?p=DisabledUser - gsmtp",
        "5.2.1", "550-5.2.1 The email account that you tried to reach is disabled. Learn more at 550 5.2.1  https://support.google.com/mail/?p=DisabledUser - gsmtp",
        {"kind": "bounce", "recipients": [fail(a, "suspend")]})

a = "finance@workspace-corp.example"
relayed("postfix-gmail-policy-prohibited", a, "aspmx.l.google.com",
        "550-5.7.1 The user or domain that you are sending to (or from) has a policy that\n    550-5.7.1 prohibited the mail that you sent. Please contact your domain\n    550-5.7.1 administrator for further details. For more information, go to\n    550 5.7.1  https://support.google.com/a/answer/172179 - gsmtp",
        "5.7.1", "550-5.7.1 The user or domain that you are sending to (or from) has a policy that 550-5.7.1 prohibited the mail that you sent. Please contact your domain 550-5.7.1 administrator for further details. For more information, go to 550 5.7.1  https://support.google.com/a/answer/172179 - gsmtp",
        {"kind": "bounce", "recipients": [fail(a, ["policyviolation", "filtered", "securityerror"])], "note": "Gmail words this for a policy of the recipient OR the sender domain; a sender-side securityerror (never held) is an acceptable, safer answer"}, cmd="end of DATA")

a = "all-staff@contoso-shop.example"
diag = "550 5.7.1 RESOLVER.RST.AuthRequired; authentication required [Stage: CreateMessage]"
dsn("o365-group-auth-required", MS_FROM, "Undeliverable: Spring newsletter",
    ms_human(a, f"Your message to {a} couldn't be delivered.",
             "all-staff only accepts messages from people in its organization or on its allowed senders list, and you're not allowed to send to this recipient.\n\nAction Required Sender\n\nNot authorized to send", diag),
    [{"Final-Recipient": f"rfc822;{a}", "Action": "failed", "Status": "5.7.1", "Diagnostic-Code": "smtp;" + diag}],
    "AM6PR02MB1234.eurprd02.prod.outlook.com", a, {"kind": "bounce", "recipients": [fail(a, ["securityerror", "filtered", "rejected"])]}, orig_full=False)

plain("autoreply-german-abwesenheit",
      "From: Jonas Becker <j.becker@handwerk.example>\nTo: Example News <news@example.org>\nSubject: Automatische Antwort: Spring newsletter\nDate: Tue, 4 Mar 2025 09:17:00 +0100\nMessage-ID: <abw-1@handwerk.example>\n"
      "Auto-Submitted: auto-generated\nX-Auto-Response-Suppress: All\n",
      "Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 14.03. nicht im Büro und habe keinen Zugriff auf meine E-Mails.\nIn dringenden Fällen wenden Sie sich bitte an info@handwerk.example.\n",
      {"kind": "autoreply", "recipients": [{"address": "j.becker@handwerk.example", "reason": "vacation"}]})

plain("mailman-moderation-held",
      "From: friends-list-owner@lists.club.example\nTo: b.42.50.a1b2c3d4e5f60718@bounce.example.org\nSubject: Your message to Friends-list awaits moderator approval\nDate: Tue, 4 Mar 2025 09:18:00 +0000\nMessage-ID: <mm-held-1@lists.club.example>\n"
      "Precedence: bulk\nList-Id: <friends-list.lists.club.example>\nX-Mailman-Version: 2.1.39\n",
      "Your mail to 'Friends-list' with the subject\n\n    Spring newsletter\n\nIs being held until the list moderator can review it for approval.\n\n"
      "The reason it is being held:\n\n    Post by non-member to a members-only list\n\nEither the message will get posted to the list, or you will receive\nnotification of the moderator's decision.  If you would like to cancel\nthis posting, please visit the following URL:\n\n    https://lists.club.example/mailman/confirm/friends-list/0a1b2c3d4e5f\n",
      {"kind": ["other", "autoreply", "unrecognised"], "no_failed": True})

# ---- third batch ----
a = "accounts@tailspin.example"
relayed("postfix-o365-traffic-not-accepted", a, "tailspin-example.mail.protection.outlook.com",
        "550 5.7.708 Service unavailable. Access denied, traffic not accepted from\n    this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653\n    AS(7468) [SN1PEPF0002636B.namprd02.prod.outlook.com 2025-03-04T09:15:00.111Z 08DD5A0C0C0C0C0C]",
        "5.7.708", "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 AS(7468) [SN1PEPF0002636B.namprd02.prod.outlook.com 2025-03-04T09:15:00.111Z 08DD5A0C0C0C0C0C]",
        {"kind": "bounce", "recipients": [fail(a, ["blocked", "securityerror", "badreputation"])]}, cmd="MAIL FROM")
a = "hr@woodgrove.example"
relayed("postfix-o365-dmarc-reject", a, "woodgrove-example.mail.protection.outlook.com",
        "550 5.7.509 Access denied, sending domain example.org does not pass DMARC\n    verification and has a DMARC policy of reject.\n    [BN1PEPF00004681.namprd05.prod.outlook.com 2025-03-04T09:15:00.222Z 08DD5A0D0D0D0D0D]",
        "5.7.509", "550 5.7.509 Access denied, sending domain example.org does not pass DMARC verification and has a DMARC policy of reject. [BN1PEPF00004681.namprd05.prod.outlook.com 2025-03-04T09:15:00.222Z 08DD5A0D0D0D0D0D]",
        {"kind": "bounce", "recipients": [fail(a, "authfailure")]}, cmd="end of DATA")
a = "reader2@outlook.com"
relayed("postfix-outlookcom-server-busy-delayed", a, "outlook-com.olc.protection.outlook.com",
        "451 4.7.500 Server busy. Please try again later from\n    [192.0.2.44]. (S77719) [DB5PEPF00014B8F.eurprd02.prod.outlook.com 2025-03-04T09:15:00.333Z 08DD5A0E0E0E0E0E]",
        "4.7.500", "451 4.7.500 Server busy. Please try again later from [192.0.2.44]. (S77719) [DB5PEPF00014B8F.eurprd02.prod.outlook.com 2025-03-04T09:15:00.333Z 08DD5A0E0E0E0E0E]",
        {"kind": "delayed", "recipients": [{"address": a, "action": "delayed"}]}, subj="Delayed Mail (still being retried)", action="delayed")
a = "loop@example.net"
dsn("postfix-forwarding-loop", PF_FROM, "Undelivered Mail Returned to Sender",
    pf_human("mail.example.net", f"<{a}>: mail forwarding loop for {a}\n"),
    [{"Final-Recipient": f"rfc822; {a}", "Action": "failed", "Status": "5.4.6", "Diagnostic-Code": f"X-Postfix; mail forwarding loop for {a}"}],
    "mail.example.net", a, {"kind": "bounce", "recipients": [fail(a, ["networkerror", "systemerror"])]})
a = "ivan.petrov@mail.example.ru"
relayed("postfix-mailru-invalid-mailbox", a, "mxs.mail.example.ru",
        f"550 Message was not accepted -- invalid mailbox.  Local mailbox\n    {a} is unavailable: user not found",
        "5.0.0", f"550 Message was not accepted -- invalid mailbox.  Local mailbox {a} is unavailable: user not found",
        {"kind": "bounce", "recipients": [fail(a, "userunknown")], "known_miss": "The engine says filtered: an unknown-user refusal after DATA without an x.1.1 status is taken for a filter's (the corpus labels it so). Mail.ru does check mailboxes after DATA. Both reasons hold at the first bounce, so no hold changes."}, cmd="end of DATA")
a = "max.muster@gmx.example"
relayed("postfix-gmx-mailbox-unavailable", a, "mx00.gmx.example",
        "550 Requested action not taken: mailbox unavailable",
        "5.0.0", "550 Requested action not taken: mailbox unavailable",
        {"kind": "bounce", "recipients": [fail(a, "userunknown")]})
a = "ghost@example.com"
plain("opensmtpd-user-unknown",
      "Return-Path: <>\nFrom: Mailer Daemon <MAILER-DAEMON@smtpd.example.com>\nTo: b.42.77.a1b2c3d4e5f60718@bounce.example.org\nSubject: Delivery status notification: error\nDate: Tue, 4 Mar 2025 09:15:02 +0000\nMessage-ID: <osmtpd-77@smtpd.example.com>\n",
      "Hi!\n\nThis is the MAILER-DAEMON, please DO NOT REPLY to this email.\n\nAn error has occurred while attempting to deliver a message for\nthe following list of recipients:\n\n"
      f"{a}: 550 5.1.1 <{a}>: Recipient address rejected: User unknown in local recipient table\n\nBelow is a copy of the original message:\n\n" + orig(a) + "\nHello, this is our spring newsletter.\n",
      {"kind": "bounce", "recipients": [fail(a, "userunknown")]})
a = "clerk@smalltown.example"
relayed("postfix-server-not-accepting-from-ip", a, "mail.smalltown.example",
        "554 5.7.1 This server is not accepting mail from your IP address\n    192.0.2.44",
        "5.7.1", "554 5.7.1 This server is not accepting mail from your IP address 192.0.2.44",
        {"kind": "bounce", "recipients": [fail(a, ["blocked", "rejected", "securityerror"])]}, cmd="MAIL FROM")

# ---- fourth batch ----
a = "fwd.user@litware.example"
diag = "550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555) [PR3PR02MB6012.eurprd02.prod.outlook.com 2025-03-04T09:15:00.444Z 08DD5A0F0F0F0F0F]"
dsn("o365-external-forwarding-denied", MS_FROM, "Undeliverable: Spring newsletter",
    ms_human(a, f"Your message to {a} couldn't be delivered.", "Your organization does not allow external forwarding.\n\nAction Required Recipient\n\nExternal forwarding not allowed", diag),
    [{"Final-Recipient": f"rfc822;{a}", "Action": "failed", "Status": "5.7.520", "Diagnostic-Code": "smtp;" + diag}],
    "PR3PR02MB6012.eurprd02.prod.outlook.com", a,
    {"kind": "bounce", "recipients": [fail(a, ["securityerror", "policyviolation", "blocked", "systemerror", "norelaying"])],
     "note": "the recipient's mailbox exists and forwards; its organisation forbids forwarding out: never an unknown user"}, orig_full=False)
a = "board@contoso-shop.example"
diag = "550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required; Delivery restriction check failed as sender not authenticated [AM6PR02MB1234.eurprd02.prod.outlook.com]"
dsn("o365-group-sender-not-authenticated", MS_FROM, "Undeliverable: Spring newsletter",
    ms_human(a, f"Your message to {a} couldn't be delivered.", "The group board only accepts messages from people in its organization or on its allowed senders list, and your email address isn't on the list.\n\nAction Required Sender\n\nNot authorized to send", diag),
    [{"Final-Recipient": f"rfc822;{a}", "Action": "failed", "Status": "5.7.133", "Diagnostic-Code": "smtp;" + diag}],
    "AM6PR02MB1234.eurprd02.prod.outlook.com", a, {"kind": "bounce", "recipients": [fail(a, ["securityerror", "filtered", "rejected"])]}, orig_full=False)
a = "oldfriend@yahoo.com"
plain("yahoo-mailbox-disabled",
      "Return-Path: <>\nFrom: MAILER-DAEMON@yahoo.com\nTo: b.42.61.a1b2c3d4e5f60718@bounce.example.org\nSubject: Failure Notice\nDate: Tue, 4 Mar 2025 09:15:02 +0000\nMessage-ID: <fn-61@mta2022.mail.bf1.yahoo.com>\n",
      "Sorry, we were unable to deliver your message to the following address.\n\n"
      f"<{a}>:\n554: 30 Sorry, your message to {a} cannot be delivered. This mailbox is disabled (554.30).\n\n"
      "--- Below this line is a copy of the message.\n\n" + orig(a) + "\nHello, this is our spring newsletter.\n",
      {"kind": "bounce", "recipients": [fail(a, "suspend")]})
a = "appleseed.j@icloud.com"
relayed("postfix-icloud-user-does-not-exist", a, "mx01.mail.icloud.com",
        f"550 5.1.1 <{a}>: user does not exist",
        "5.1.1", f"550 5.1.1 <{a}>: user does not exist",
        {"kind": "bounce", "recipients": [fail(a, "userunknown")]})
a = "vanished@callout-host.example"
exim("exim-recipient-callout", "srv1.hosting.example", a,
     f"    host gw.callout-host.example [198.51.100.12]\n    SMTP error from remote mail server after RCPT TO:<{a}>:\n    550-Callout verification failed:\n    550 550 5.1.1 <{a}>: Recipient address rejected: User unknown",
     {"kind": "bounce", "recipients": [fail(a, "userunknown")]})
a = "someone@not-our-customer.example"
relayed("postfix-relay-access-denied", a, "mx.not-our-customer.example",
        f"554 5.7.1 <{a}>: Relay access denied",
        "5.7.1", f"554 5.7.1 <{a}>: Relay access denied",
        {"kind": "bounce", "recipients": [fail(a, "norelaying")]})
a = "newhire@verify-site.example"
relayed("postfix-verification-in-progress-gave-up", a, "mx.verify-site.example",
        f"450 4.1.1 <{a}>: Recipient address rejected: unverified address:\n    Address verification in progress",
        "4.1.1", f"450 4.1.1 <{a}>: Recipient address rejected: unverified address: Address verification in progress",
        {"kind": "bounce", "recipients": [fail(a, NOT_HOLD_AT_1)], "note": "the queue expired while the remote was still probing the address: nothing is known about the mailbox"})
a = "prof.jones@oldcampus.example"
plain("sendmail-plain-warning-no-dsn",
      "Return-Path: <>\nFrom: Mail Delivery Subsystem <MAILER-DAEMON@mx.oldcampus.example>\nTo: b.42.66.a1b2c3d4e5f60718@bounce.example.org\nSubject: Warning: could not send message for past 4 hours\nDate: Tue, 4 Mar 2025 13:15:02 GMT\nMessage-Id: <202503041315.524DF2a9012345@mx.oldcampus.example>\nAuto-Submitted: auto-generated (warning-timeout)\n",
      "    **********************************************\n    **      THIS IS A WARNING MESSAGE ONLY      **\n    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **\n    **********************************************\n\n"
      "The original message was received at Tue, 4 Mar 2025 09:14:58 GMT\nfrom relay.example.org [192.0.2.44]\n\n"
      f"   ----- Transcript of session follows -----\n... while talking to mail.oldcampus.example.:\n>>> RCPT To:<{a}>\n<<< 451 4.3.0 Temporary system failure. Please try again later.\n"
      f"451 4.3.0 <{a}>... Temporary system failure. Please try again later.\n"
      f"<{a}>... Deferred: 451 4.3.0 Temporary system failure. Please try again later.\nWarning: message still undelivered after 4 hours\nWill keep trying until message is 5 days old\n\n"
      "   ----- Original message follows -----\n\n" + orig(a) + "\nHello, this is our spring newsletter.\n",
      {"kind": "delayed", "no_failed": True, "note": "a warning (Subject, banner, 'Will keep trying'): the transcript's 4xx verdict is a deferral"})
a1 = "gone.prof@oldcampus.example"; a2 = "emeritus@oldcampus.example"
plain("sendmail-plain-fatal-no-dsn",
      "Return-Path: <>\nFrom: Mail Delivery Subsystem <MAILER-DAEMON@mx.oldcampus.example>\nTo: b.42.67.a1b2c3d4e5f60718@bounce.example.org\nSubject: Returned mail: see transcript for details\nDate: Tue, 4 Mar 2025 09:15:02 GMT\nMessage-Id: <202503040915.524DF2b9012346@mx.oldcampus.example>\nAuto-Submitted: auto-generated (failure)\n",
      "The original message was received at Tue, 4 Mar 2025 09:14:58 GMT\nfrom relay.example.org [192.0.2.44]\n\n"
      f"   ----- The following addresses had permanent fatal errors -----\n<{a1}>\n    (reason: 550 5.1.1 <{a1}>... User unknown)\n<{a2}>\n    (reason: 552 5.2.2 <{a2}>... Mailbox full)\n\n"
      f"   ----- Transcript of session follows -----\n... while talking to mail.oldcampus.example.:\n>>> RCPT To:<{a1}>\n<<< 550 5.1.1 <{a1}>... User unknown\n550 5.1.1 <{a1}>... User unknown\n"
      f">>> RCPT To:<{a2}>\n<<< 552 5.2.2 <{a2}>... Mailbox full\n552 5.2.2 <{a2}>... Mailbox full\n\n"
      "   ----- Original message follows -----\n\n" + orig(a1) + "\nHello, this is our spring newsletter.\n",
      {"kind": "bounce", "recipients": [fail(a1, "userunknown"), fail(a2, "mailboxfull")]})
a = "waiting@slow-mx.example"
plain("postfix-plain-delay-no-dsn",
      "Return-Path: <>\nFrom: MAILER-DAEMON@relay.example.org (Mail Delivery System)\nTo: b.42.68.a1b2c3d4e5f60718@bounce.example.org\nSubject: Delayed Mail (still being retried)\nDate: Tue, 4 Mar 2025 13:15:02 +0000\nMessage-Id: <20250304131502.4Z6Q1AbCdE@relay.example.org>\nAuto-Submitted: auto-replied\n",
      "This is the mail system at host relay.example.org.\n\n####################################################################\n# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n####################################################################\n\n"
      "Your message could not be delivered for more than 4 hour(s).\nIt will be retried until it is 5 day(s) old.\n\n                   The mail system\n\n"
      f"<{a}>: host mx.slow-mx.example[198.51.100.30] said: 452 4.3.1 Insufficient\n    system storage (in reply to MAIL FROM command)\n\n"
      "--- Headers of the original message follow ---\n\n" + orig(a),
      {"kind": "delayed", "no_failed": True})
# A policy refusal at RCPT (no content sent yet): about the sender or its host, not the content
a = "carol@partner.example"
dsn("postfix-rcpt-policy-rejection", "MAILER-DAEMON@relay.example.org (Mail Delivery System)", "Undelivered Mail Returned to Sender",
    pf_human("relay.example.org", f"<{a}>: host mx.partner.example[203.0.113.61] said: 554 5.7.1\n    <{a}>: Recipient address rejected: Policy violation detected\n    (in reply to RCPT TO command)\n"),
    [{"Final-Recipient": f"rfc822; {a}", "Original-Recipient": f"rfc822;{a}", "Action": "failed", "Status": "5.7.1", "Remote-MTA": "dns; mx.partner.example",
      "Diagnostic-Code": f"smtp; 554 5.7.1 <{a}>: Recipient address rejected: Policy\n    violation detected"}],
    "relay.example.org", a, {"kind": "bounce", "recipients": [fail(a, ["securityerror", "blocked"])],
    "note": "refused at RCPT, before any content was sent: the site's policy refused the sender, not the message; never a hold at the first bounce"})
# ... and the same refusal after DATA is about the message
a = "dave@partner.example"
dsn("postfix-data-policy-rejection", "MAILER-DAEMON@relay.example.org (Mail Delivery System)", "Undelivered Mail Returned to Sender",
    pf_human("relay.example.org", f"<{a}>: host mx.partner.example[203.0.113.61] said: 550 5.7.1\n    Message rejected: policy violation detected (in reply to end of DATA\n    command)\n"),
    [{"Final-Recipient": f"rfc822; {a}", "Original-Recipient": f"rfc822;{a}", "Action": "failed", "Status": "5.7.1", "Remote-MTA": "dns; mx.partner.example",
      "Diagnostic-Code": "smtp; 550 5.7.1 Message rejected: policy violation detected"}],
    "relay.example.org", a, {"kind": "bounce", "recipients": [fail(a, "policyviolation")],
    "note": "refused after the content was sent: a content policy"})

# qmail gave up after a vague temporary error: the message expired
a = "info@busy-host.example"
plain("qmail-queue-too-long-temporary",
      "Return-Path: <>\nFrom: MAILER-DAEMON@mail.relay.example\nTo: b.42.69.a1b2c3d4e5f60718@bounce.example.org\nSubject: failure notice\nDate: 11 Mar 2025 09:15:02 -0000\nMessage-ID: <20250311091502.23456.qmail@mail.relay.example>\n",
      "Hi. This is the qmail-send program at mail.relay.example.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n"
      f"<{a}>:\n198.51.100.71 does not like recipient.\nRemote host said: 451 Temporary local problem - please try later\nI'm not going to try again; this message has been in the queue too long.\n\n--- Below this line is a copy of the message.\n\n" + orig(a) + "\nHello, this is our spring newsletter.\n",
      {"kind": "bounce", "recipients": [fail(a, "expired")],
       "note": "the remote only asked to try later; the queue's lifetime ended the delivery"})
print("written", len([f for f in os.listdir(OUT) if f.endswith('.eml')]))
