"""Every measure on the hand-built week in desk_week.py, whose answers are worked out by hand."""

from __future__ import annotations

from datetime import timedelta

from tests.domain.support import config, utc
from tests.metrics.desk_week import END, START, desk_deflections, desk_tickets
from tickets import metrics
from tickets.metrics import Ratio, build_report

CONFIG = config()
M, H = timedelta(minutes=1), timedelta(hours=1)


def report(queue=None):
    return build_report(desk_tickets(), desk_deflections(), CONFIG, START, END, queue)


def test_volume_counts_every_ticket_opened_in_the_period_cancelled_ones_too():
    r = report()
    assert r.opened == 10  # ticket 6 is from the week before
    assert r.volume_by_category == {"Hardware": 4, "Network/Connectivity": 2, "Account and Access": 1,
                                    "Email and Microsoft 365": 1, "Security": 1, "Software": 1}
    assert r.volume_by_type == {"Incident": 9, "Service request": 1}


def test_first_response_is_business_time_to_the_first_claim():
    # 5m, 10m, 10m, 10m, 20m, 30m, and 1h30 for the one opened at 17:00 and claimed next morning
    r = report()
    assert sorted(metrics.first_response_times(metrics.snapshots(desk_tickets(), END), CONFIG, START, END)) == [
        5 * M, 10 * M, 10 * M, 10 * M, 20 * M, 30 * M, 90 * M]
    assert (r.first_response.count, r.first_response.median, r.first_response.p90) == (7, 10 * M, 90 * M)
    assert r.first_response.mean == 25 * M


def test_resolution_time_leaves_out_pending_and_adds_up_reopened_runs():
    # 3h (4h pending left out), 5h (overnight left out), 5h (three runs around a reopen), 4h, 3h (24x7)
    r = report()
    assert r.resolution.count == 5
    assert (r.resolution.mean, r.resolution.median) == (4 * H, 4 * H)


def test_sla_compliance_judges_stopped_clocks_and_breaches_in_the_period():
    r = report()
    assert r.response_sla == Ratio(6, 7)  # the overnight ticket missed its 1h response
    # five resolved in time; two still open that breached in the period (tickets 7 and 11);
    # ticket 6 breached the week before and is not judged again
    assert r.resolution_sla == Ratio(5, 7)
    assert r.resolution_sla.rate == 5 / 7


def test_first_contact_resolution_excludes_reassigned_escalated_and_reopened_tickets():
    assert report().first_contact_resolution == Ratio(2, 5)  # tickets 1 and 8


def test_reopen_rate_counts_resolutions_reopened_afterwards():
    assert report().reopen == Ratio(1, 5)  # ticket 3; ticket 11's resolution is after the period


def test_backlog_is_the_open_tickets_at_the_end_by_age():
    r = report()
    assert r.backlog == {"<1d": 1, "1-3d": 2, "3-7d": 1, ">7d": 1}
    assert r.backlog_total == 5


def test_deflection_rate_is_solved_over_solved_plus_tickets():
    d = report().deflection
    assert (d.solved, d.still_need_help, d.tickets_opened) == (2, 1, 10)
    assert d.rate == 2 / 12


def test_workload_per_technician():
    rows = [(w.name, w.open_assigned, w.resolved) for w in report().workload]
    assert rows == [("Tess Tech", 3, 1), ("Bo Tech", 0, 4)]


def test_a_queue_report_counts_only_that_queue_but_deflection_stays_desk_wide():
    r = report("access")
    assert (r.opened, r.volume_by_category, r.resolution.count) == (1, {"Account and Access": 1}, 1)
    assert r.first_contact_resolution == Ratio(0, 1)
    assert r.deflection.tickets_opened == 10


def test_a_past_period_reads_tickets_as_they_stood_then():
    # The week after: ticket 11 is resolved Mon 23 10:00 (late); tickets 9 (High, Sunday evening)
    # and 5 (Low, 50 business hours from Fri 17:00) breach both targets during that week, unanswered.
    later = build_report(desk_tickets(), [], CONFIG, END, utc(2026, 11, 30))
    assert later.opened == 0 and later.resolution.count == 1
    assert later.resolution.median == 41 * H  # Tue 9h, Wed-Fri 3 x 10h, Mon 08:00-10:00 2h
    assert later.resolution_sla == Ratio(0, 3)
    assert later.response_sla == Ratio(0, 2)
    assert later.first_contact_resolution == Ratio(1, 1)


def test_an_empty_period_has_no_rates_rather_than_zero():
    r = build_report([], [], CONFIG, START, END)
    assert r.response_sla.rate is None and r.deflection.rate is None
    assert r.first_response.median is None and r.backlog_total == 0


def test_percentile_is_nearest_rank():
    values = [timedelta(minutes=n) for n in range(1, 11)]
    assert metrics.percentile(values, 0.9) == 9 * M
    assert metrics.percentile(values[:1], 0.9) == 1 * M
    assert metrics.duration_stats(values[:4]).median == timedelta(minutes=2.5)
