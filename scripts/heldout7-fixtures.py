#!/usr/bin/env python3
"""Writes testdata/heldout7 (see its README.md): a seventh held-out set, an adversarial hunt for
wrongful holds. Each message arrives at a bounce address and is worded so that a careless reader
would blame the mailbox ("user", "recipient", "mailbox", "spam", "access denied") although the
address is fine: our own sending problems (SPF/DKIM/DMARC refusals, our IP or domain on a block
list or of poor reputation, rate limits, sender verification callouts, relay and TLS refusals,
size and recipient-count limits), the recipient server's temporary trouble worded permanently
(greylisting, "mailbox unavailable, try again later", "spam suspected, try later", 4xx/5xx
mismatches), notices that are not failures of that address (relayed, expanded and success DSNs,
delay warnings, auto-replies, challenge-response, list moderation, a forwarded NDR, reports where
another recipient failed) and the providers' own codes about the sender (Microsoft 5.7.708,
5.7.750, 5.7.511, S3150, DMARC 5.7.509; Google 5.7.26 and 5.7.1; Yahoo TSS04 and 5.7.9; iCloud;
Proton; Comcast; AT&T; Orange; GMX; Mail.ru). A few real dead addresses in the same providers'
wordings are kept beside them, so that a fix cannot stop holding them (missed holds).

Every message and expectation is typed here by hand from how these systems word their replies and
from RFC 3464 / 3463 / 5321 / 3834; expectations were written before the engine was run on them.
Addresses, hosts and IDs are invented (example domains, documentation IP ranges; well-known
provider MX names are kept where the wording depends on them). Nothing is copied from another
project.

Rerun after editing (python3 scripts/heldout7-fixtures.py); the test is
tests/parse.rs heldout7_wrongful_hold_hunt."""

import os
import zlib

import heldout_kit as kit
from heldout_kit import *  # noqa: F401,F403 (the builders and constants)

# Where the engine answers otherwise and is not (yet) fixed: name -> why (the test tolerates it).
KNOWN_MISS = {
    "yahoo-554-5-7-9-policy-reasons":
        "policyviolation (Spam, held at once): the Sisimai corpus labels this exact Yahoo reply "
        "policyviolation in 7 files (rhost-yahooinc-01, lhost-postfix-66/67/68, lhost-dragonfly-03 and "
        "copies); following the brief here would lower the corpus score. Left for the lead to decide.",
    "arf-auth-failure-dmarc-forensic":
        "parse still reports it as a complaint (feedback, AOL): the Sisimai corpus labels auth-failure reports "
        "so (arf-18/19/20). Processing records no event for it (handlers/bounce.rs not_counted; tests/bounce.rs "
        "only_an_abuse_report_is_a_complaint_that_holds), so it holds no one.",
    "arf-not-spam":
        "parse reports it as a complaint (feedback, AOL), with its feedbacktype; processing records no event "
        "for a not-spam report (as above).",
    "mailman2-held-for-moderation":
        "unrecognised (no recipient, so no event): harmless, kind only.",
}

kit.begin("heldout7", KNOWN_MISS)

IP = "203.0.113.31"
SENDER_ADDR = "hello@example.org"
# Reasons about the sender or the transport: any of them is right when the reply is about us.
OURS = ["blocked", "rejected", "badreputation", "authfailure", "requireptr", "notcompliantrfc",
        "securityerror", "failedstarttls", "speeding", "toomanyconn", "expired", "systemerror",
        "onhold", "undefined", "norelaying", "mesgtoobig", "exceedlimit", "syntaxerror"]


def ours(addr, reasons, note, action="failed"):
    """A failure about our side: the address is fine, nothing holds it at once."""
    return bounce(want(addr, reasons, action), not_reasons=HOLD_AT_ONCE, note=note)


def later(addr, note):
    """A temporary trouble the reporting MTA gave up on, or a deferral: never a hold at once."""
    return bounce({"address": addr, "action": "failed"}, not_reasons=HOLD_AT_ONCE, note=note)


def exo(name, addr, diag, status, expect, *, human_reason, remote="EX1P123MB4567.eurprd01.prod.exchangelabs.com"):
    """An Exchange Online NDR (multipart/report), the way Office 365 sends them back."""
    dom = addr.split("@")[1]
    human = ("Your message to " + addr + " couldn't be delivered.\n\n" + human_reason + "\n\n"
             "Office 365\n\n"
             "Diagnostic information for administrators:\n\n"
             f"Generating server: {remote}\n\n{addr}\n"
             f"Remote Server returned '{diag}'\n\n"
             "Original message headers:\n\n"
             f"Received: from mta2.lists.example.org ({IP}) by {remote} with Microsoft SMTP Server\n")
    r = rcpt(addr, "failed", status, diag, None, orig=False)
    r["Diagnostic-Code"] = f"smtp;{diag}"
    report(name, f"Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@{dom}>",
           f"Undeliverable: {SUBJECT}", human, [r], remote, addr, expect,
           extra="X-MS-Exchange-Message-Is-Ndr: \nAuto-Submitted: auto-replied\n", orig="headers")


def gmail_text(name, addr, title, text, response, expect, subject="Delivery Status Notification (Failure)"):
    """Gmail's own notice (text only, no status part): '** Address not found **' and its kin."""
    body = (f"** {title} **\n\n{text}\n\n"
            f"The response from the remote server was:\n{response}\n")
    out = (f"Return-Path: <>\nFrom: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
           f"To: {BOUNCE_TO}\nSubject: {subject}\nDate: {DATE}\n"
           f"Message-ID: <{zlib.crc32(name.encode()):08x}.gmail@mx.google.com>\n"
           "Auto-Submitted: auto-replied\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\n" + body +
           "\n----- Original message -----\n\n" + sent(addr) + "\n" + ORIG_BODY)
    save(name, out, expect)


def reply_msg(frm, subject, body, extra=""):
    return (f"From: {frm}\nTo: {SENDER}\nSubject: {subject}\nDate: {DATE}\n"
            f"Message-ID: <{zlib.crc32((frm + subject).encode()):08x}@reply.example>\n"
            "In-Reply-To: <n9.1.204@lists.example.org>\n" + extra +
            f"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{body}")


# ================================================================ Microsoft about us
a = "d.okafor@hospitality-group.example"
exo("ms365-5-7-708-traffic-not-accepted", a,
    f"550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 AS(7230) [AM6PR01MB1234.eurprd01.prod.exchangelabs.com]",
    "5.7.708", ours(a, ["blocked", "badreputation"],
                    "Exchange Online refuses traffic from our IP (5.7.708): 'Access denied' is about the IP."),
    human_reason="Your message wasn't delivered because the recipient's email provider rejected it.")

a = "s.lindqvist@consult-nordic.example"
exo("ms365-5-7-750-unregistered-domain", a,
    "550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653",
    "5.7.750", ours(a, ["blocked", "rejected", "securityerror", "badreputation"],
                    "5.7.750: Exchange Online blocks a client sending from unregistered domains: our domain."),
    human_reason="Your message couldn't be delivered because the sending domain isn't registered.")

a = "m.rossi@hotmail.example"
relay("ms365-s3150-block-list", a,
      f"550 5.7.1 Unfortunately, messages from [{IP}] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [VI1EUR04FT012.eop-eur04.prod.protection.outlook.com 2025-10-14T09:30:05.000Z 08DCEB3A1B2C3D4E]",
      "5.7.1", ours(a, ["blocked", "badreputation"], "Outlook.com's S3150: our network is on its block list."),
      remote="hotmail-com.olc.protection.outlook.com", ip="52.101.68.16", command="MAIL FROM")

a = "p.nakamura@engineering-firm.example"
relay("ms365-5-7-511-banned-sender", a,
      f"550 5.7.511 Access denied, banned sender[{IP}]. To request removal from this list please forward this message to delist@messaging.microsoft.com. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653. AS(1410) [DB5EUR03FT021.eop-EUR03.prod.protection.outlook.com]",
      "5.7.511", ours(a, ["blocked", "badreputation", "rejected"],
                      "5.7.511 'Access denied, banned sender[IP]': our IP is banned, not the mailbox."),
      remote="engineeringfirm-example.mail.protection.outlook.com", ip="52.101.73.4")

a = "h.schmidt@stadtwerke.example"
exo("ms365-5-7-509-dmarc-reject", a,
    "550 5.7.509 Access denied, sending domain [EXAMPLE.ORG] does not pass DMARC verification and has a DMARC policy of reject. [AM4PEPF00025F99.EURPRD83.prod.outlook.com 2025-10-14T09:30:06.112Z 08DCEB3A1B2C3D4F]",
    "5.7.509", ours(a, ["authfailure"], "Our domain failed DMARC (5.7.509 'Access denied')."),
    human_reason="Your message wasn't delivered because the recipient's email provider rejected it.")

a = "it-team@logistics.example"
exo("exchange-rst-authrequired-group", a,
    "550 5.7.1 RESOLVER.RST.AuthRequired; authentication required [Stage: CreateMessage]",
    "5.7.1", ours(a, ["securityerror", "blocked", "rejected"],
                  "DOUBTFUL. The group accepts mail only from authenticated (internal) senders: it exists and "
                  "works, it only refuses outsiders. A restriction about who we are; not held at once."),
    human_reason="Your message couldn't be delivered because delivery to this group is restricted to "
                 "authenticated senders.")

# ================================================================ Google about us
a = "j.mbeki@gmail.com"
relay("gmail-5-7-26-unauthenticated-2024", a,
      "550-5.7.26 Your email has been blocked because the sender is unauthenticated. Gmail requires all senders "
      "to authenticate with either SPF or DKIM.  Authentication results:  DKIM = did not pass  SPF [example.org] "
      f"with ip: [{IP}] = did not pass  For instructions on setting up authentication, go to "
      "https://support.google.com/mail/answer/81126#authentication d2e1a72fcca58-71e5a1b2c3dsi1234567b3a.123 - gsmtp",
      "5.7.26", ours(a, ["authfailure"], "Gmail's 2024 wording of 5.7.26: our SPF and DKIM failed."),
      remote="gmail-smtp-in.l.google.com", ip="142.250.102.27", command="end of DATA")

a = "r.ferreira@gmail.com"
relay("gmail-5-7-1-likely-unsolicited", a,
      f"550-5.7.1 [{IP}      12] Our system has detected that this message is likely unsolicited mail. To reduce "
      "the amount of spam sent to Gmail, this message has been blocked. For more information, go to "
      "https://support.google.com/mail/?p=UnsolicitedMessageError 5b1f17b1804b1-43161234567si1234567f9.123 - gsmtp",
      "5.7.1", ours(a, ["blocked", "badreputation", "speeding"],
                    "DOUBTFUL. Gmail's 'likely unsolicited mail' names our IP and links its sender guidelines: "
                    "a verdict on our sending (reputation), not on the mailbox; taken as badreputation."),
      remote="gmail-smtp-in.l.google.com", ip="142.250.102.27", command="end of DATA")

a = "t.oduya@workspace-client.example"
relay("gmail-5-7-1-ip-not-authorized-direct", a,
      f"550-5.7.1 [{IP}] The IP you're using to send mail is not authorized to send email directly to our "
      "servers. Please use the SMTP relay at your service provider instead. For more information, go to "
      "https://support.google.com/mail/?p=NotAuthorizedError a640c23a62f3a-a99e1234567si123456766b.123 - gsmtp",
      "5.7.1", ours(a, ["blocked"], "Gmail refuses our IP as a dynamic/unauthorised source."),
      remote="aspmx.l.google.com", ip="142.250.102.26", command="MAIL FROM")

# ================================================================ Yahoo, Apple, Proton, Comcast, AT&T, Orange, GMX, Mail.ru
a = "k.sato@yahoo.com"
relay("yahoo-tss04-gave-up", a,
      f"421 4.7.0 [TSS04] Messages from {IP} temporarily deferred due to unexpected volume or user complaints - "
      "4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
      "4.7.0", later(a, "Yahoo's TSS04 deferral (volume or complaints from our IP) until our queue gave up: "
                        "about us, and temporary."),
      remote="mta7.am0.yahoodns.net", ip="67.195.204.72", command=None, verb="refused to talk to me")

a = "l.garcia@yahoo.com"
relay("yahoo-554-5-7-9-policy-reasons", a,
      "554 5.7.9 Message not accepted for policy reasons.  See https://senders.yahooinc.com/error-codes",
      "5.7.9", ours(a, ["blocked", "badreputation", "authfailure", "rejected", "securityerror"],
                    "DOUBTFUL. Yahoo's 5.7.9 'not accepted for policy reasons' is its refusal of our message for "
                    "sender policy (authentication, reputation); it never means the mailbox is gone."),
      remote="mta6.am0.yahoodns.net", ip="67.195.204.73", command="end of DATA")

a = "b.nwosu@yahoo.com"
relay("yahoo-5-7-9-unauthenticated", a,
      "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to "
      "authenticate with either SPF or DKIM.",
      "5.7.9", ours(a, ["authfailure"], "Yahoo's own unauthenticated-sender refusal."),
      remote="mta5.am0.yahoodns.net", ip="67.195.204.74", command="end of DATA")

a = "c.dubois@icloud.com"
relay("icloud-hm08-local-policy", a,
      "554 5.7.1 [HM08] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137",
      "5.7.1", ours(a, ["blocked", "badreputation", "securityerror", "rejected"],
                    "DOUBTFUL. iCloud's HM08 is its refusal of our message by local policy (the sender's "
                    "reputation); never the mailbox."),
      remote="mx01.mail.icloud.com", ip="17.57.155.23", command="end of DATA")

a = "a.kowalski@me.com"
relay("icloud-proofpoint-dnsbl", a,
      f"550 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip={IP}",
      "5.7.0", ours(a, ["blocked"], "iCloud's inbound (Proofpoint) lists our IP."),
      remote="mx02.mail.icloud.com", ip="17.57.155.24", command="MAIL FROM")

a = "n.haddad@proton.me"
relay("proton-dmarc-reject", a,
      "550 5.7.1 Message rejected: the DMARC policy of example.org is reject and this message failed DMARC "
      "evaluation (SPF and DKIM did not align)",
      "5.7.1", ours(a, ["authfailure"], "Proton refuses on our domain's DMARC policy."),
      remote="mail.protonmail.ch", ip="185.70.42.128", command="end of DATA")

a = "f.mensah@comcast.net"
relay("comcast-block-for-spam-ip", a,
      f"554 5.7.1 resimta-po-26v.sys.comcast.net resimta comcast {IP} Comcast block for spam.  Please see "
      "http://postmaster.comcast.net/smtp-error-codes.php#BL000010",
      "5.7.1", ours(a, ["blocked", "badreputation"], "Comcast blocks our IP 'for spam' (BL000010)."),
      remote="mx1.comcast.net", ip="96.114.157.80", command=None, verb="refused to talk to me")

a = "g.hill@att.net"
relay("att-no-valid-sender-domain", a,
      f"550 5.7.1 Connections not accepted from servers without a valid sender domain.flph829 Fix reverse DNS for {IP}",
      "5.7.1", ours(a, ["requireptr", "blocked", "rejected"], "AT&T wants reverse DNS for our IP."),
      remote="al-ip4-mx-vip1.prodigy.net", ip="144.160.159.21", command=None, verb="refused to talk to me")

a = "e.blanc@orange.fr"
relay("orange-ip-poor-reputation", a,
      f"550 5.7.1 Service refuse. Veuillez essayer plus tard. Votre adresse IP {IP} a une mauvaise reputation. "
      "Service refused, please try later. OFR004_106 [106]",
      "5.7.1", ours(a, ["blocked", "badreputation"], "Orange refuses our IP for its reputation (OFR004)."),
      remote="smtp-in.orange.fr", ip="193.252.22.84", command=None, verb="refused to talk to me")

a = "u.becker@gmx.net"
relay("gmx-mailbox-unavailable-sender-mx", a,
      "550-Requested action not taken: mailbox unavailable 550 invalid DNS MX or A/AAAA resource record",
      "5.0.0", ours(a, ["rejected", "blocked"],
                    "GMX's 'mailbox unavailable' here is about our envelope sender's domain (its MX or A record), "
                    "refused at MAIL FROM: the recipient's mailbox is fine."),
      remote="mx00.emig.gmx.net", ip="212.227.15.9", command="MAIL FROM")

a = "w.fischer@gmx.de"
relay("gmx-bad-ptr", a,
      "554-gmx.net (mxgmx015) Nemesis ESMTP Service not available 554-No SMTP service 554-Bad DNS PTR resource "
      f"record. 554 For explanation visit https://postmaster.gmx.net/en/case?c=r0601&i=ip&v={IP}&r=1MaGNs-1t9XU02ZwG-00W4mR",
      "5.0.0", ours(a, ["requireptr", "blocked"], "GMX: our IP's PTR record is bad."),
      remote="mx01.emig.gmx.net", ip="212.227.17.5", command=None, verb="refused to talk to me")

a = "o.ivanova@mail.ru"
relay("mailru-spam-message-rejected", a,
      "550 spam message rejected. Please visit https://help.mail.ru/notspam-support/id?c=Kx9uT3ZmYmVZa0lBQUFBQQ "
      "or report details to abuse@corp.mail.ru. Error code: 7F3A1C0DE9B2A4F1. ID: 0000000A1B2C3D4E.",
      "5.0.0", ours(a, ["blocked", "badreputation"],
                    "DOUBTFUL. Mail.ru's 'spam message rejected' with its notspam-support link is how it refuses a "
                    "sending IP or domain of poor reputation (the link's id encodes the IP); not the mailbox."),
      remote="mxs.mail.ru", ip="217.69.139.150", command="end of DATA")

# ================================================================ our envelope sender and our relay
a = "j.peters@wholesale.example"
relay("sender-callout-user-unknown", a,
      f"550 5.1.0 <{BOUNCE_TO}>: Sender address rejected: undeliverable address: host mx.lists.example.org"
      f"[198.51.100.7] said: 550 5.1.1 <{BOUNCE_TO}>: Recipient address rejected: User unknown in virtual "
      "mailbox table (in reply to RCPT TO command)",
      "5.1.0", ours(a, ["rejected"], "The remote server's sender-address verification called our bounce domain "
                                     "and was told 'User unknown': our return path, not the recipient."),
      remote="mx.wholesale.example", ip="198.51.100.40")

a = "k.owusu@chambers.example"
relay("exim-sender-verify-failed", a,
      f"550-Verification failed for <{BOUNCE_TO}> 550-Called:   198.51.100.7 550-Sent:     RCPT TO:<{BOUNCE_TO}> "
      f"550-Response: 550 5.1.1 <{BOUNCE_TO}>: Recipient address rejected: User unknown 550 Sender verify failed",
      "5.0.0", ours(a, ["rejected"], "Exim's sender verification callout failed on our bounce address."),
      remote="mail.chambers.example", ip="198.51.100.41")

a = "t.brennan@architects.example"
relay("policyd-spf-recipient-address-rejected", a,
      f"550 5.7.23 <{a}>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. "
      f"Please see http://www.openspf.net/Why?s=mfrom;id={SENDER_ADDR};ip={IP};r=<UNKNOWN>",
      "5.7.23", ours(a, ["authfailure"], "postfix-policyd-spf rejects at RCPT with 'Recipient address rejected': "
                                        "the reason is our SPF."),
      remote="mail.architects.example", ip="198.51.100.42")

a = "y.tanaka@trading.example"
relay("postfix-recipient-rejected-spamhaus", a,
      f"554 5.7.1 <{a}>: Recipient address rejected: Your IP {IP} is listed, see https://check.spamhaus.org/listed/?searchterm={IP}",
      "5.7.1", ours(a, ["blocked"], "A Postfix restriction at RCPT names our listed IP."),
      remote="mx.trading.example", ip="198.51.100.43")

a = "v.costa@partner.example"
relay("postfix-relay-access-denied", a,
      f"554 5.7.1 <{a}>: Relay access denied",
      "5.7.1", ours(a, ["norelaying", "blocked"], "The host we reached does not relay for that domain (stale MX)."),
      remote="old-mx.partner.example", ip="198.51.100.44")

a = "s.ali@regional-bank.example"
relay("postfix-tls-required-not-offered", a, None, "4.7.4",
      later(a, "Our own relay requires TLS for this domain and the remote did not offer it: our policy."),
      line=f"<{a}>: TLS is required, but was not offered by host mx.regional-bank.example[198.51.100.45]\n",
      diag="X-Postfix; TLS is required, but was not offered by host mx.regional-bank.example[198.51.100.45]")

a = "x.morales@gov-agency.example"
relay("must-issue-starttls-first", a, "530 5.7.0 Must issue a STARTTLS command first", "5.7.0",
      ours(a, ["failedstarttls", "securityerror"], "The remote demands STARTTLS before MAIL FROM."),
      remote="mx.gov-agency.example", ip="198.51.100.46", command="MAIL FROM")

a = "r.patel@smallco.example"
relay("message-size-exceeds-limit", a,
      "552 5.3.4 Message size exceeds fixed limit", "5.3.4",
      ours(a, ["mesgtoobig", "exceedlimit"], "A size limit of the server: Quota type at most, never at once."),
      remote="mx.smallco.example", ip="198.51.100.47", command="end of DATA")

a = "staff-all@school.example"
relay("too-many-recipients", a, "550 5.5.3 Too many recipients", "5.5.3",
      later(a, "The server refuses our recipient count for the session: about our sending."),
      remote="mx.school.example", ip="198.51.100.48")

a = "p.lambert@design-studio.example"
relay("mimecast-envelope-blocked-user-entry", a,
      "550 Envelope blocked - User Entry - https://community.mimecast.com/docs/DOC-1369#550 [Xq2vW7aPM0qk0aBcD1eFgA.uk123]",
      "5.0.0", ours(a, ["blocked", "rejected"],
                    "DOUBTFUL. Mimecast's 'Envelope blocked - User Entry': the recipient's personal blocked-senders "
                    "entry matched our envelope sender. The mailbox exists; the block is about us."),
      remote="eu-smtp-inbound-1.mimecast.com", ip="195.130.217.1")

a = "q.nguyen@gmail.com"
relay("gmail-receiving-rate-gave-up", a,
      "450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages "
      "from being delivered. Please resend your message at a later point. If the user is able to receive mail at "
      "that time, your message will be delivered. For more information, go to "
      "https://support.google.com/mail/?p=ReceivingRate 98e67ed59e1d1-2e2a1234567si123456a91.123 - gsmtp",
      "4.2.1", later(a, "A per-user rate limit, until our queue gave up: temporary."),
      remote="gmail-smtp-in.l.google.com", ip="142.250.102.27")

# ================================================================ temporary trouble worded permanently
a = "d.keller@buero.example"
relay("mailbox-unavailable-try-later-gave-up", a,
      f"450 4.2.0 <{a}>: Mailbox unavailable, try again later", "4.2.0",
      later(a, "'Mailbox unavailable' in a 450 deferral until our queue gave up: the mailbox was never said "
               "to be missing."),
      remote="mx.buero.example", ip="198.51.100.50")

a = "i.romano@studio-legale.example"
relay("spam-suspected-try-later-gave-up", a,
      "451 4.7.1 Spam suspected, please try again later", "4.7.1",
      later(a, "DOUBTFUL. A temporary spam suspicion (451 4.7.1) until our queue gave up: the filter never "
               "refused the message for good; not held at once."),
      remote="mx.studio-legale.example", ip="198.51.100.51", command="end of DATA")

a = "i.romano@studio-legale.example"
relay("spam-suspected-try-later-delayed", a,
      "451 4.7.1 Spam suspected, please try again later", "4.7.1",
      delayed(a, "The same deferral in Postfix's delay warning: no failure at all."),
      remote="mx.studio-legale.example", ip="198.51.100.51", command="end of DATA", action="delayed")

a = "b.horvat@koop.example"
relay("greylisted-postgrey-gave-up", a,
      f"450 4.2.0 <{a}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/koop.example.html",
      "4.2.0", later(a, "Postgrey greylisting ('Recipient address rejected: Greylisted') never cleared before our "
                        "queue gave up."),
      remote="mx.koop.example", ip="198.51.100.52")

a = "m.santos@clinic.example"
relay("address-verification-in-progress-gave-up", a,
      f"450 4.1.1 <{a}>: Recipient address rejected: unverified address: Address verification in progress",
      "4.1.1", later(a, "The remote's own recipient verification was still in progress (450): it never said the "
                        "address was unknown."),
      remote="mx.clinic.example", ip="198.51.100.53")

a = "e.wagner@kanzlei.example"
relay("mailbox-busy-locked-gave-up", a,
      f"452 4.2.0 <{a}>: Mailbox busy or temporarily locked, user mailbox is being moved, try again later",
      "4.2.0", later(a, "A mailbox migration lock (452), until our queue gave up."),
      remote="mx.kanzlei.example", ip="198.51.100.54")

a = "h.lee@university.example"
relay("mailbox-unavailable-5xx-status-4xx-reply", a,
      f"550 <{a}>: Mailbox temporarily unavailable (account maintenance), please try again later", "4.2.0",
      later(a, "A 550 reply calling itself temporary, with a 4.2.0 status: a deferral worded permanently."),
      remote="mx.university.example", ip="198.51.100.55")

gmail_text("gmail-delivery-incomplete-user-rate", "y.chen@gmail.com", "Delivery incomplete",
           "There was a temporary problem delivering your message to y.chen@gmail.com. Gmail will retry for 46 more "
           "hours. You'll be notified if the delivery fails permanently.",
           "450 4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message "
           "at a later time. If the user is able to receive mail at that time, your message will be delivered.",
           delayed("y.chen@gmail.com", "Gmail's 'Delivery incomplete' notice: a delay, never a failure."),
           subject="Delivery Status Notification (Delay)")

a = "f.ahmed@contoso-partner.example"
r = rcpt(a, "delayed", "4.4.7", "451 4.4.0 Primary target IP address responded with: \"421 4.2.1 mailbox unavailable\" Attempted failover to alternate host, but that did not succeed.", None, orig=False)
r["Will-Retry-Until"] = "Thu, 16 Oct 2025 09:30:04 +0000"
report("exo-delayed-mailbox-unavailable", "Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@lists.example.org>",
       f"Delivery delayed:{SUBJECT}",
       "Delivery is delayed to these recipients or groups:\n\n" + a + "\n\nSubject: " + SUBJECT +
       "\n\nThis message hasn't been delivered yet. Delivery will continue to be attempted.\n\n"
       "The server will keep trying to deliver this message for the next 1 days, 19 hours and 52 minutes. "
       "You'll be notified if the message can't be delivered by that time.\n",
       [r], "AM6PR01MB1234.eurprd01.prod.exchangelabs.com", a,
       delayed(a, "Exchange Online's delay notice quoting a remote '421 4.2.1 mailbox unavailable'."),
       extra="Auto-Submitted: auto-replied\n", orig="headers")

# ================================================================ notices that are not failures of that address
a = "w.yilmaz@oldhost.example"
report("dsn-relayed-to-non-dsn-mailer", "Mail Delivery System <MAILER-DAEMON@mx.oldhost.example>",
       "Delivery Status Notification (Relay)",
       "This is the mail system at host mx.oldhost.example.\n\nYour message was successfully delivered to the "
       "destination(s) listed below. If the message was delivered to mailbox you will receive no further "
       "notifications. Otherwise you may still receive notifications of mail delivery errors from other systems.\n\n"
       f"<{a}>: delivery via mailbox.oldhost.example[198.51.100.60]:25: 250 2.0.0 Ok: queued as 4XbQ2n1c7Rz9\n"
       "    (relayed to non-DSN-aware mailer; user mailbox status unknown)\n",
       [rcpt(a, "relayed", "2.0.0", "250 2.0.0 Ok: queued as 4XbQ2n1c7Rz9", "mailbox.oldhost.example")],
       "mx.oldhost.example", a,
       {"kind": ["delivered", "other"], "no_failed": True,
        "note": "A relayed DSN ('user mailbox status unknown'): not a failure."}, orig="headers")

a = "board@association.example"
report("dsn-expanded-alias", "Mail Delivery System <MAILER-DAEMON@mail.association.example>",
       "Delivery Status Notification (Expanded)",
       "This is the mail system at host mail.association.example.\n\nYour message was successfully delivered to "
       "the destination(s) listed below. If the message was delivered to mailbox you will receive no further "
       "notifications. Otherwise you may still receive notifications of mail delivery errors from other systems.\n\n"
       f"<{a}>: alias expanded\n",
       [rcpt(a, "expanded", "2.0.0", "250 2.0.0 alias expanded")], "mail.association.example", a,
       {"kind": ["delivered", "other"], "no_failed": True,
        "note": "The alias expanded (Action: expanded): a success notice."}, orig="headers")

a = "c.moreau@agence.example"
report("postfix-success-delivery-report", "Mail Delivery System <MAILER-DAEMON@mx.agence.example>",
       "Successful Mail Delivery Report",
       "This is the mail system at host mx.agence.example.\n\nYour message was successfully delivered to the "
       "destination(s) listed below. If the message was delivered to mailbox you will receive no further "
       "notifications. Otherwise you may still receive notifications of mail delivery errors from other systems.\n\n"
       f"<{a}>: delivered to mailbox\n",
       [rcpt(a, "delivered", "2.0.0", "250 2.0.0 delivered to mailbox (user inbox)")], "mx.agence.example", a,
       {"kind": ["delivered", "other"], "no_failed": True, "note": "Postfix's success report."}, orig="headers")

a = "team@consultancy.example"
r1 = rcpt("bob.smith@consultancy.example", "failed", "5.1.1", "550 5.1.1 <bob.smith@consultancy.example>: Recipient address rejected: User unknown in local recipient table", "mailstore.consultancy.example", orig=False)
r1["Original-Recipient"] = f"rfc822;{a}"
r2 = rcpt("ann.jones@consultancy.example", "delivered", "2.0.0", "250 2.0.0 Ok: queued as 7Hc", "mailstore.consultancy.example", orig=False)
r2["Original-Recipient"] = f"rfc822;{a}"
report("alias-one-member-failed", "Mail Delivery System <MAILER-DAEMON@mx.consultancy.example>",
       "Undelivered Mail Returned to Sender",
       POSTFIX_INTRO.format(host="mx.consultancy.example") +
       f"<bob.smith@consultancy.example> (expanded from <{a}>): host mailstore.consultancy.example[198.51.100.61] "
       "said: 550 5.1.1 <bob.smith@consultancy.example>: Recipient address rejected: User unknown in local "
       "recipient table (in reply to RCPT TO command)\n",
       [r1, r2], "mx.consultancy.example", a,
       bounce(want("bob.smith@consultancy.example", "userunknown"),
              want("ann.jones@consultancy.example", ["delivered", "userunknown", "onhold", "undefined"], "delivered"),
              note="An alias we wrote to expanded to two members: one is dead, one got it. The report is right to "
                   "name the dead member; the alias itself (Original-Recipient) still works: the handler must not "
                   "hold it (see README)."))

a = "old.name@firm.example"
r = rcpt("n.ward@elsewhere.example", "failed", "5.1.1", "550 5.1.1 <n.ward@elsewhere.example>: Recipient address rejected: User unknown", "mx.elsewhere.example", orig=False)
report("forward-target-dead", "Mail Delivery System <MAILER-DAEMON@mx.firm.example>",
       "Undelivered Mail Returned to Sender",
       POSTFIX_INTRO.format(host="mx.firm.example") +
       "<n.ward@elsewhere.example>: host mx.elsewhere.example[198.51.100.62] said: 550 5.1.1 "
       "<n.ward@elsewhere.example>: Recipient address rejected: User unknown (in reply to RCPT TO command)\n",
       [r], "mx.firm.example", a,
       bounce(want("n.ward@elsewhere.example", "userunknown"),
              note="Our address forwards to a dead mailbox elsewhere; the report names only the forward target. "
                   "Right as a report; whether the token's contact holds is the handler's matter (README)."))

save("forwarded-ndr-as-attachment",
     f"From: Grace Obi <g.obi@charity-partner.example>\nTo: {SENDER}\nSubject: Fwd: Undeliverable: Trustees meeting\n"
     f"Date: {DATE}\nMessage-ID: <fwd-5512@charity-partner.example>\nMIME-Version: 1.0\n"
     "Content-Type: multipart/mixed; boundary=\"fwd-b1\"\n\n"
     "--fwd-b1\nContent-Type: text/plain; charset=utf-8\n\n"
     "Hi, I keep getting this bounce when I write to your old trustees address. Do you have a new one?\n\nGrace\n\n"
     "--fwd-b1\nContent-Type: message/rfc822\n\n"
     "From: Microsoft Outlook <postmaster@charity-partner.example>\nTo: g.obi@charity-partner.example\n"
     "Subject: Undeliverable: Trustees meeting\nDate: Mon, 13 Oct 2025 16:02:11 +0000\n"
     "Message-ID: <ndr-0091@charity-partner.example>\nMIME-Version: 1.0\n"
     "Content-Type: multipart/report; report-type=delivery-status; boundary=\"ndr-b2\"\n\n"
     "--ndr-b2\nContent-Type: text/plain; charset=utf-8\n\n"
     "Delivery has failed to these recipients or groups:\n\ntrustees@example.org\n"
     "The email address you entered couldn't be found.\n\n"
     "--ndr-b2\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.charity-partner.example\n\n"
     "Final-Recipient: rfc822; trustees@example.org\nAction: failed\nStatus: 5.1.1\n"
     "Diagnostic-Code: smtp; 550 5.1.1 <trustees@example.org>: Recipient address rejected: User unknown\n\n"
     "--ndr-b2--\n\n--fwd-b1--\n",
     {"kind": ["other", "autoreply"], "not_reasons": HOLD_AT_ONCE, "no_failed": True,
      "note": "A person forwards us, as an attachment, an NDR she got for one of OUR addresses: she is fine, and "
              "the dead address is ours, not a contact's."})

a = "info@guesthouse.example"
save("autoreply-inbox-not-monitored",
     reply_msg(f"Guesthouse Seeblick <{a}>", f"Automatic reply: {SUBJECT}",
               "Thank you for your message. This inbox is not monitored at weekends; we will reply on Monday.\n"
               "For bookings please use our website or call +49 30 1234567.\n",
               "Auto-Submitted: auto-replied\n"),
     autoreply(a, "An auto-reply of a working mailbox ('not monitored at weekends'): Away, never Inactive."))

a = "j.baker@newsroom.example"
save("autoreply-new-address-this-one-still-works",
     reply_msg(f"Jo Baker <{a}>", f"Auto: change of address",
               "Hello,\n\nPlease note my new email address: jo.baker@newsroom-media.example\n"
               "This address will keep working until the end of the year, but please update your records.\n\nJo\n",
               "Auto-Submitted: auto-replied\n"),
     {"kind": "autoreply", "recipients": [{"address": a, "reason": ["vacation"]}], "not_reasons": HOLD_AT_ONCE,
      "note": "DOUBTFUL. A change-of-address notice whose old address still works: mail still arrives, so not "
              "held at once (Away)."})

a = "m.ortiz@old-employer.example"
save("autoreply-address-no-longer-valid-write-to",
     reply_msg(f"Marta Ortiz <{a}>", f"Automatic reply: {SUBJECT}",
               "This email address is no longer valid. Please write to marta.ortiz@new-employer.example in future.\n"
               "Messages sent to this address are not read or forwarded.\n",
               "Auto-Submitted: auto-replied\n"),
     autoreply(a, "The address is dead and a new one is given: a moved address, held at once (hasmoved or "
                  "suspend are both right).", reason=["hasmoved", "suspend"]))

save("mailman2-held-for-moderation",
     "From: members-bounces@lists.association.example\nTo: " + BOUNCE_TO + "\n"
     "Subject: Your message to Members awaits moderator approval\nDate: " + DATE + "\n"
     "Message-ID: <mailman.12.1760434227.2211.members@lists.association.example>\n"
     "List-Id: <members.lists.association.example>\nPrecedence: bulk\nX-BeenThere: members@lists.association.example\n"
     "MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n"
     f"Your mail to 'Members' with the subject\n\n    {SUBJECT}\n\nIs being held until the list moderator can "
     "review it for approval.\n\nThe reason it is being held:\n\n    Post by non-member to a members-only list\n\n"
     "Either the message will get posted to the list, or you will receive\nnotification of the moderator's "
     "decision.  If you would like to cancel\nthis posting, please visit the following URL:\n\n"
     "    https://lists.association.example/mailman/confirm/members/3f1a9c\n",
     {"kind": ["other", "autoreply"], "no_failed": True, "not_reasons": HOLD_AT_ONCE,
      "note": "Mailman 2's moderation notice: the list works, our post waits."})

save("challenge-response-unverified-sender",
     "From: \"Spam Shield\" <noreply@shield.isp.example>\nTo: " + BOUNCE_TO + "\n"
     "Subject: Undelivered: please verify you are not a robot\nDate: " + DATE + "\n"
     "Message-ID: <ch-88124@shield.isp.example>\nAuto-Submitted: auto-replied\n"
     "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
     "Your message to the user k.ward@isp.example was not delivered because the recipient only accepts mail "
     "from approved senders.\n\nTo have your message delivered, confirm that you are a human by opening the link "
     "below. You only need to do this once.\n\n    https://shield.isp.example/approve?m=88124\n\n"
     "Unconfirmed messages are deleted after 5 days.\n",
     {"kind": ["autoreply", "other", "unrecognised"], "not_reasons": HOLD_AT_ONCE,
      "note": "A challenge-response system's request, subject 'Undelivered': the mailbox works."})

# ================================================================ real dead addresses (must still hold)
a = "z.abdullah@gmail.com"
relay("control-gmail-5-1-1-does-not-exist", a,
      "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the "
      "recipient's email address for typos or unnecessary spaces. For more information, go to "
      "https://support.google.com/mail/?p=NoSuchUser 4fb4d7f45d1cf-5c8a1234567si1234567a12.123 - gsmtp",
      "5.1.1", bounce(want(a, "userunknown"), note="Control: a dead Gmail address."),
      remote="gmail-smtp-in.l.google.com", ip="142.250.102.27")

a = "l.novak@industrie.example"
exo("control-ms365-recipient-not-found", a,
    "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
    "5.1.10", bounce(want(a, "userunknown"), note="Control: Exchange Online's recipient not found."),
    human_reason="The email address you entered couldn't be found.")

a = "a.quinn@yahoo.com"
relay("control-yahoo-dd-no-account", a,
      f"554 delivery error: dd This user doesn't have a yahoo.com account ({a}) [0] - mta4123.mail.gq1.yahoo.com",
      "5.0.0", bounce(want(a, "userunknown"), note="Control: Yahoo's 'doesn't have a yahoo.com account'."),
      remote="mta6.am0.yahoodns.net", ip="67.195.204.73", command="end of DATA")

a = "v.ionescu@gmail.com"
relay("control-gmail-5-2-1-disabled", a,
      "550-5.2.1 The email account that you tried to reach is disabled. For more information, go to "
      "https://support.google.com/mail/?p=DisabledUser 5b1f17b1804b1-43161234567si1234567f9.321 - gsmtp",
      "5.2.1", bounce(want(a, "suspend"), note="Control: a disabled Gmail account."),
      remote="gmail-smtp-in.l.google.com", ip="142.250.102.27")

a = "k.dimitrov@hotmail.example"
relay("control-outlook-5-5-0-mailbox-unavailable", a,
      "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). "
      "[AM4PEPF00027A5C.eurprd04.prod.outlook.com 2025-10-14T09:30:05.000Z 08DCEB3A1B2C3D50]",
      "5.5.0", bounce(want(a, ["userunknown", "suspend"]),
                      note="Control: Outlook.com's answer for a consumer address that does not exist (550 5.5.0 "
                           "mailbox unavailable, at RCPT)."),
      remote="hotmail-com.olc.protection.outlook.com", ip="52.101.68.16")

a = "s.brandt@tenant.example"
relay("control-ms365-dbeb-access-denied", a,
      "550 5.4.1 Recipient address rejected: Access denied. [DB1PEPF00039232.eurprd03.prod.outlook.com "
      "2025-10-14T09:30:05.000Z 08DCEB3A1B2C3D51]",
      "5.4.1", bounce(want(a, ["userunknown"]),
                      note="Control: Exchange Online's Directory-Based Edge Blocking, 5.4.1 'Recipient address "
                           "rejected: Access denied': the address is not in the tenant's directory."),
      remote="tenant-example.mail.protection.outlook.com", ip="52.101.73.5")

a = "p.walsh@icloud.com"
relay("control-icloud-user-does-not-exist", a,
      f"550 5.1.1 <{a}>: user does not exist", "5.1.1",
      bounce(want(a, "userunknown"), note="Control: iCloud's unknown user."),
      remote="mx01.mail.icloud.com", ip="17.57.155.23")

# ================================================================ second batch (written after the first fixes, before running the engine on it)


def esp(name, addr, diag, status, expect):
    """An ESP's bare report: the status part only, no transcript and no SMTP stage."""
    r = rcpt(addr, "failed", status, diag, "mx.remote.example", orig=False)
    report(name, "Mail Delivery Subsystem <bounces-noreply@esp-relay.example>", "Delivery Status Notification (Failure)",
           f"Delivery to {addr} failed permanently.\n\nTechnical details:\n{diag}\n", [r],
           "smtp-out7.esp-relay.example", addr, expect, extra="Auto-Submitted: auto-replied\n", orig="headers")


a = "l.schulz@web.de"
esp("esp-webde-mailbox-unavailable-sender-null-mx", a,
    "550-Requested action not taken: mailbox unavailable 550 Sender address has null MX", "5.0.0",
    ours(a, ["rejected", "blocked"], "web.de's 'mailbox unavailable' about our sender address's null MX, in an "
                                     "ESP report that shows no SMTP stage: the sender, not the mailbox."))

a = "c.meyer@gmx.de"
esp("esp-gmx-mailbox-unavailable-invalid-mx", a,
    "550-Requested action not taken: mailbox unavailable 550 invalid DNS MX or A/AAAA resource record", "5.0.0",
    ours(a, ["rejected", "blocked"], "GMX's sender-domain DNS refusal again, without the MAIL FROM stage."))

a = "t.green@isp.example"
esp("esp-sender-domain-does-not-exist", a,
    f"553 5.1.8 <{BOUNCE_TO}>... Domain of sender address {BOUNCE_TO} does not exist", "5.1.8",
    ours(a, ["rejected"], "Sendmail's 5.1.8: our envelope sender's domain did not resolve (a DNS glitch on our "
                          "side); the recipient is fine."))

a = "d.white@verizon-legacy.example"
esp("esp-dmarc-policy-aol-verizon", a,
    "521 5.2.1 :  AOL will not accept delivery of this message. Email rejected per DMARC policy for example.org",
    "5.2.1", ours(a, ["authfailure"], "AOL/Verizon's DMARC refusal carries a 5.2.1 status (a mailbox status code) "
                                      "but names our domain's DMARC policy."))

a = "r.clarke@consultancy-uk.example"
esp("esp-recipient-spam-filter-sender-reputation", a,
    "554 5.7.1 Sorry, your message was rejected by this recipient's spam filter based on the reputation of the "
    "sending server", "5.7.1",
    ours(a, ["badreputation", "blocked"], "DOUBTFUL wording: 'recipient's spam filter', but the cause it gives is "
                                          "the sending server's reputation."))

a = "m.hughes@outlook-tenant.example"
exo("exo-5-7-520-external-forwarding", a,
    "550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your "
    "administrator for further assistance. AS(7555)",
    "5.7.520", ours(a, ["blocked", "securityerror", "rejected", "norelaying", "systemerror", "undefined", "onhold"],
                    "The mailbox received our message; its rule forwarding it outside the organisation was refused "
                    "by the tenant's policy. The mailbox is fine."),
    human_reason="Your message couldn't be delivered because the recipient's organization doesn't allow "
                 "external forwarding.")

a = "f.lopez@corp-exchange.example"
relay("exchange-send-as-permission", a,
      "550 5.7.1 Client does not have permissions to send as this sender", "5.7.1",
      ours(a, ["securityerror", "rejected", "blocked"], "Exchange refusing our envelope/From identity: the sender."),
      remote="mail.corp-exchange.example", ip="198.51.100.70", command="MAIL FROM")

a = "n.price@bank-partner.example"
relay("recipient-rejected-sender-domain-blacklisted", a,
      f"554 5.7.1 <{a}>: Recipient address rejected: sender domain example.org is blacklisted", "5.7.1",
      ours(a, ["blocked", "rejected", "badreputation"], "'Recipient address rejected' but the cause is our domain "
                                                        "on their block list."),
      remote="mx.bank-partner.example", ip="198.51.100.71")

a = "k.young@telco.example"
relay("ip-not-allowed-for-this-recipient", a,
      f"550 5.7.1 Message rejected: your IP address {IP} is not allowed to send to this recipient", "5.7.1",
      ours(a, ["blocked"], "A per-recipient IP restriction: about our IP."),
      remote="mx.telco.example", ip="198.51.100.72")

a = "s.kim@yahoo.com"
relay("yahoo-bl21-spamhaus", a,
      f"553 5.7.1 [BL21] Connections will not be accepted from {IP}, because the ip is in Spamhaus's list; see "
      "https://postmaster.yahooinc.com/error-codes", "5.7.1",
      ours(a, ["blocked"], "Yahoo's BL21: our IP on Spamhaus."),
      remote="mta5.am0.yahoodns.net", ip="67.195.204.74", command=None, verb="refused to talk to me")

a = "e.ward@gmail.com"
relay("gmail-not-rfc5322-compliant", a,
      "550-5.7.1 [203.0.113.31] Gmail has detected that this message is not RFC 5322 compliant: 'From' header is "
      "missing. To reduce the amount of spam sent to Gmail, this message has been blocked. For more information, go "
      "to https://support.google.com/mail/?p=RfcMessageNonCompliant 5b1f17b1804b1-43161234567si1234567f9.77 - gsmtp",
      "5.7.1", ours(a, ["notcompliantrfc", "blocked"], "Our message broke RFC 5322 (a missing From): our fault, "
                                                       "worded with 'spam'."),
      remote="gmail-smtp-in.l.google.com", ip="142.250.102.27", command="end of DATA")

a = "p.martin@smallisp.example"
relay("postfix-soft-bounce-user-unknown-delayed", a,
      f"450 4.1.1 <{a}>: Recipient address rejected: User unknown in virtual mailbox table", "4.1.1",
      delayed(a, "A soft_bounce server's 450 'User unknown' in Postfix's delay warning: still retried, no failure."),
      remote="mx.smallisp.example", ip="198.51.100.73", action="delayed")

a = "o.hart@ldap-org.example"
plain("exim-delay-warning-user-unknown-ldap", "Mail Delivery System <Mailer-Daemon@mta2.lists.example.org>",
      "Warning: message 1tQx2a-0004Zb-3K delayed 24 hours",
      "This message was created automatically by mail delivery software.\n"
      "A message that you sent has not yet been delivered to one or more of its\n"
      "recipients after more than 24 hours on the queue on mta2.lists.example.org.\n\n"
      "The message identifier is:     1tQx2a-0004Zb-3K\n"
      f"The subject of the message is: {SUBJECT}\n"
      "The date of the message is:    Tue, 14 Oct 2025 09:30:00 +0000\n\n"
      "The address to which the message has not yet been delivered is:\n\n"
      f"  {a}\n    host mx.ldap-org.example [198.51.100.74]\n"
      f"    Delay reason: SMTP error from remote mail server after RCPT TO:<{a}>:\n"
      "    451 4.3.0 Temporary error: user unknown in LDAP lookup, directory server unreachable\n\n"
      "No action is required on your part. Delivery attempts will continue for\n"
      "some time, and this warning may be repeated at intervals if the message\n"
      "remains undelivered. Eventually the mail delivery software will give up,\n"
      "and when that happens, the message will be returned to you.\n",
      delayed(a, "Exim's delay warning; its delay reason says 'user unknown' in a temporary LDAP failure."),
      extra="Auto-Submitted: auto-replied\nX-Failed-Recipients: \n")

a = "b.young@old-sendmail.example"
plain("sendmail-warning-could-not-send-mailbox-unavailable", "Mail Delivery Subsystem <MAILER-DAEMON@mta2.lists.example.org>",
      "Warning: could not send message for past 4 hours",
      "    **********************************************\n"
      "    **      THIS IS A WARNING MESSAGE ONLY      **\n"
      "    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **\n"
      "    **********************************************\n\n"
      "The original message was received at Tue, 14 Oct 2025 09:30:04 GMT\n"
      "from localhost [127.0.0.1]\n\n"
      "   ----- Transcript of session follows -----\n"
      f"... while talking to mx.old-sendmail.example.:\n>>> RCPT To:<{a}>\n"
      f"<<< 450 4.2.1 <{a}>... Mailbox unavailable\n"
      f"<{a}>... Deferred: 450 4.2.1 <{a}>... Mailbox unavailable\n"
      "Warning: message still undelivered after 4 hours\n"
      "Will keep trying until message is 5 days old\n",
      delayed(a, "Sendmail's 4-hour warning quoting '450 4.2.1 Mailbox unavailable'."),
      extra="Auto-Submitted: auto-generated (warning-timeout)\n")

# ================================================================ third batch: auto-replies that say "no longer" about something else
a = "h.fraser@surveyors.example"
save("autoreply-old-mobile-number-no-longer-in-use",
     reply_msg(f"Hamish Fraser <{a}>", f"Out of Office: {SUBJECT}",
               "Thank you for your email. I am out of the office until Monday 20 October with limited access to "
               "email.\n\nPlease note that my old mobile number is no longer in use; you can reach me on "
               "+44 7700 900123.\n\nKind regards,\nHamish\n",
               "Auto-Submitted: auto-replied\nX-Auto-Response-Suppress: All\n"),
     {"kind": "autoreply", "recipients": [{"address": a, "reason": "vacation"}], "not_reasons": HOLD_AT_ONCE,
      "note": "An out-of-office whose 'no longer in use' is about a phone number: the mailbox works."})

a = "bookings@lakeside-cottages.example"
save("autoreply-old-booking-page-no-longer-active",
     reply_msg(f"Lakeside Cottages <{a}>", f"Automatic reply: {SUBJECT}",
               "Thank you for contacting Lakeside Cottages. We answer every message within two working days.\n\n"
               "Please note: our old booking page is no longer active. To check availability, please use "
               "https://lakeside-cottages.example/book\n",
               "Auto-Submitted: auto-replied\n"),
     {"kind": "autoreply", "recipients": [{"address": a, "reason": "vacation"}], "not_reasons": HOLD_AT_ONCE,
      "note": "A business autoresponder: the thing 'no longer active' is a web page; the mailbox answers."})

a = "j.ellis@accountants.example"
save("autoreply-colleague-no-longer-works-here",
     reply_msg(f"Jo Ellis <{a}>", f"Automatic reply: {SUBJECT}",
               "I am away until 27 October.\n\nPlease note that my colleague Peter Brandt no longer works at "
               "Ellis & Partner; his clients are now looked after by me.\n\nJo Ellis\n",
               "Auto-Submitted: auto-replied\n"),
     {"kind": "autoreply", "recipients": [{"address": a, "reason": "vacation"}], "not_reasons": HOLD_AT_ONCE,
      "note": "Jo's out-of-office says a colleague left: Jo's mailbox works."})

# ================================================================ fourth batch: feedback reports that are not complaints


def arf(name, ftype, human, expect, extra_fields=""):
    b = f"arf_{zlib.crc32(name.encode()):08x}"
    a = "m.rivera@mailbox-provider.example"
    out = (f"Return-Path: <>\nFrom: Feedback Loop <fbl@mailbox-provider.example>\nTo: {BOUNCE_TO}\n"
           f"Subject: Email Feedback Report for IP {IP}\nDate: {DATE}\n"
           f"Message-ID: <{zlib.crc32(name.encode()):08x}.arf@mailbox-provider.example>\nMIME-Version: 1.0\n"
           f"Content-Type: multipart/report; report-type=feedback-report; boundary=\"{b}\"\n\n"
           f"--{b}\nContent-Type: text/plain; charset=utf-8\n\n{human}\n\n"
           f"--{b}\nContent-Type: message/feedback-report\n\n"
           f"Feedback-Type: {ftype}\nUser-Agent: ExampleFBL/1.0\nVersion: 1\n"
           f"Original-Mail-From: <{BOUNCE_TO}>\nOriginal-Rcpt-To: <{a}>\nArrival-Date: {DATE}\n"
           f"Source-IP: {IP}\nReported-Domain: example.org\n{extra_fields}\n"
           f"--{b}\nContent-Type: text/rfc822-headers\n\n{sent(a)}\n--{b}--\n")
    save(name, out, expect)


arf("arf-auth-failure-dmarc-forensic", "auth-failure",
    "This is an authentication failure report for an email message received from IP 203.0.113.31.",
    {"kind": ["other", "complaint", "unrecognised"], "not_reasons": HOLD_AT_ONCE,
     "note": "An RFC 6591 authentication failure (DMARC forensic) report: about our DKIM/SPF, never a complaint "
             "of the recipient."},
    extra_fields="Auth-Failure: dmarc\nDelivery-Result: reject\n")

arf("arf-not-spam", "not-spam",
    "A user of our service has marked this message as not spam.",
    {"kind": ["other", "complaint", "unrecognised"], "not_reasons": HOLD_AT_ONCE,
     "note": "Feedback-Type not-spam: the recipient rescued our message from the spam folder; the opposite of a "
             "complaint."})

arf("control-arf-abuse-complaint", "abuse",
    "This is an email abuse report for an email message received from IP 203.0.113.31.",
    {"kind": "complaint", "recipients": [{"address": "m.rivera@mailbox-provider.example", "reason": "feedback"}],
     "note": "Control: a real complaint (Feedback-Type abuse) holds at once (AOL type)."})
