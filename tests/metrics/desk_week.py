"""A hand-built week at a desk (Mon 16 - Sun 22 Nov 2026, London hours 08:00-18:00 = UTC in
November) whose numbers are worked out by hand in the comments, built with the real lifecycle.

High: response 1h, resolution 8h business. Medium: 4h / 3d (30h). Low: 24h / 5d.
Critical: 15m / 4h round the clock.
"""

from __future__ import annotations

from dataclasses import replace

from tests.domain.support import TECH, opened, utc
from tickets import lifecycle as lc
from tickets.kb.deflection import DeflectionEvent, Outcome, need_help_events
from tickets.model import PendingOn, Person, Priority, TicketType

START, END = utc(2026, 11, 16), utc(2026, 11, 23)  # the period: [Mon 16 00:00, Mon 23 00:00)
ANA = TECH  # tech-1
BO = Person("tech-2", "Bo Tech", department="IT")
REQUESTER = Person("user-1", "Ada Employee", department="Sales")


SUBCATEGORIES = {"Hardware": "Laptop or desktop", "Network/Connectivity": "VPN", "Account and Access": "MFA",
                 "Security": "Phishing", "Email and Microsoft 365": "Outlook", "Software": "Installation"}


def _ticket(number: int, at, priority: Priority, category: str, **fields):
    return replace(opened(at, priority, **fields), number=number, category=category,
                   subcategory=SUBCATEGORIES[category])


def _t1():
    # Claimed after 30m; pending 10:00-14:00 does not count; resolution 1h + 2h = 3h. First contact.
    t = _ticket(1, utc(2026, 11, 16, 9), Priority.HIGH, "Hardware")
    t = lc.claim(t, ANA, utc(2026, 11, 16, 9, 30))
    t = lc.pend(t, PendingOn.REQUESTER, "Which laptop?", ANA, utc(2026, 11, 16, 10))
    t = lc.resume(t, REQUESTER, utc(2026, 11, 16, 14), "The requester answered")
    return lc.resolve(t, "Reseated the battery.", ANA, utc(2026, 11, 16, 16))


def _t2():
    # Opened Mon 17:00, claimed Tue 08:30: 1h + 30m = 1h30 business, response breached.
    # Reassigned to Bo, resolved Tue 12:00: resolution 1h + 4h = 5h. Not first contact.
    t = _ticket(2, utc(2026, 11, 16, 17), Priority.HIGH, "Network/Connectivity")
    t = lc.claim(t, ANA, utc(2026, 11, 17, 8, 30))
    t = lc.assign(t, BO, ANA, utc(2026, 11, 17, 9))
    return lc.resolve(t, "Replaced the switch port.", BO, utc(2026, 11, 17, 12))


def _t3():
    # A service request: 10m response; resolved 11:00, reopened 15:00, resolved Thu 09:00:
    # resolution 1h + 3h + 1h = 5h of 30h. Reopened, so not first contact.
    t = _ticket(3, utc(2026, 11, 18, 10), Priority.MEDIUM, "Network/Connectivity", type=TicketType.SERVICE_REQUEST)
    t = lc.claim(t, BO, utc(2026, 11, 18, 10, 10))
    t = lc.resolve(t, "Added the VPN profile.", BO, utc(2026, 11, 18, 11))
    t = lc.reopen(t, "Still no VPN", REQUESTER, utc(2026, 11, 18, 15))
    return lc.resolve(t, "Reinstalled the client.", BO, utc(2026, 11, 19, 9))


def _t4():
    # 5m response; escalated to tier 2, claimed by Bo, resolved at 13:00: 4h. Not first contact.
    t = _ticket(4, utc(2026, 11, 19, 9), Priority.HIGH, "Account and Access", queue="access")
    t = lc.claim(t, ANA, utc(2026, 11, 19, 9, 5))
    t = lc.escalate(t, "Needs the identity team", ANA, utc(2026, 11, 19, 9, 30))
    t = lc.claim(t, BO, utc(2026, 11, 19, 10))
    return lc.resolve(t, "Reset the MFA registration.", BO, utc(2026, 11, 19, 13))


def _t5():
    # Low, opened Fri 17:00, untouched: 1h of 24h used by the end; 2d 7h old -> backlog 1-3d.
    return _ticket(5, utc(2026, 11, 20, 17), Priority.LOW, "Hardware")


def _t6():
    # From the week before: resolution breached Fri 13 17:00 (outside the period); 9d 15h old -> >7d.
    t = _ticket(6, utc(2026, 11, 13, 9), Priority.HIGH, "Hardware")
    t = lc.claim(t, ANA, utc(2026, 11, 13, 9, 10))
    return lc.start_work(t, ANA, utc(2026, 11, 13, 9, 20))


def _t7():
    # 20m response (met); open, resolution breached Fri 20 17:00 (in the period); 2d 15h old -> 1-3d.
    t = _ticket(7, utc(2026, 11, 20, 9), Priority.HIGH, "Hardware")
    return lc.claim(t, ANA, utc(2026, 11, 20, 9, 20))


def _t8():
    # Critical on a Saturday, 24x7: 10m response, resolved after 3h of 4h. First contact.
    t = _ticket(8, utc(2026, 11, 21, 10), Priority.CRITICAL, "Security")
    t = lc.claim(t, BO, utc(2026, 11, 21, 10, 10))
    return lc.resolve(t, "Blocked the sender.", BO, utc(2026, 11, 21, 13))


def _t9():
    # Sunday evening, not answered: no business time used yet; 4h old -> backlog <1d.
    return _ticket(9, utc(2026, 11, 22, 20), Priority.HIGH, "Email and Microsoft 365")


def _t10():
    # Cancelled after 30 minutes: counts as demand (volume), not in SLA or resolution measures.
    t = _ticket(10, utc(2026, 11, 16, 11), Priority.MEDIUM, "Software")
    return lc.cancel(t, REQUESTER, utc(2026, 11, 16, 11, 30))


def _t11():
    # 10m response; resolved only after the period (Mon 23 10:00), so at the end it is open,
    # resolution breached Tue 17 17:00 (9h by then); 5d 15h old -> 3-7d.
    t = _ticket(11, utc(2026, 11, 17, 9), Priority.HIGH, "Hardware")
    t = lc.claim(t, ANA, utc(2026, 11, 17, 9, 10))
    return lc.resolve(t, "Replaced the screen.", ANA, utc(2026, 11, 23, 10))


def desk_tickets():
    return [f() for f in (_t1, _t2, _t3, _t4, _t5, _t6, _t7, _t8, _t9, _t10, _t11)]


def desk_deflections():
    solved = Outcome.SOLVED
    return [
        DeflectionEvent(utc(2026, 11, 12, 10), "user-7", "vpn-keeps-dropping", "vpn", solved),  # before
        DeflectionEvent(utc(2026, 11, 17, 10), "user-8", "password-reset", "forgot password", solved),
        DeflectionEvent(utc(2026, 11, 18, 10), "user-9", "vpn-keeps-dropping", "vpn drops", solved),
        # one "I still need help" on a card that showed two articles
        *need_help_events(utc(2026, 11, 19, 10), "user-3", ["vpn-keeps-dropping", "wifi-connection-problems"],
                          "vpn slow"),
    ]
