"""Who talks to the bots in the bench: employees with tickets, and the technicians' team."""

from __future__ import annotations

from tests.e2e.teams import TEAM_ID, User

__all__ = ["TEAM_ID", "User", "employee", "technician", "requester_of", "team_members", "reference"]

EMPLOYEES = 40  # seeded ticket n belongs to employee (n - 1) % EMPLOYEES
TECHNICIANS = 32


def employee(i: int) -> User:
    return User(f"29:emp-{i:03d}", f"aad-emp-{i:03d}", f"Employee {i:03d}")


def technician(i: int) -> User:
    return User(f"29:tech-{i:03d}", f"aad-tech-{i:03d}", f"Technician {i:03d}")


def requester_of(number: int) -> User:
    return employee((number - 1) % EMPLOYEES)


def team_members() -> list[dict]:
    return [technician(i).member for i in range(TECHNICIANS)]


def reference(number: int) -> str:
    """Seeded ticket n is a service request when n % 5 == 3, else an incident."""
    return f"{'REQ' if number % 5 == 3 else 'INC'}-{number:06d}"
